"""Plain-text checks on visitor messages (stdlib only: used in both environments)."""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: six consonants in a row: keyboard mashing ("asdfghjkl"), not English or a typo
_MASHED = re.compile(r"[bcdfghjklmnpqrstvwxz]{6,}", re.IGNORECASE)
#: invisible characters: format (zero-width, BOM), controls, and combining marks left after NFC; and characters
#: this Python's Unicode tables do not know yet (new emoji such as "🥹"), which the language-model tokenizer drops
_INVISIBLE = {"Cf", "Cc", "Co", "Cs", "Mn", "Me", "Cn"}


def clean_text(text: str) -> str:
    """``text`` without invisible characters (NFC first, so accented letters stay).

    BERT-style tokenizers drop such characters; a word made only of them (the
    variation selector after "❤", a zero-width space) would vanish and misalign
    the language-model features with the tokens. Whitespace stays.
    """
    composed = unicodedata.normalize("NFC", text or "")
    return "".join(c for c in composed if c in "\n\t" or unicodedata.category(c) not in _INVISIBLE)


def unreadable(text: str) -> bool:
    """True when ``text`` has no letters or digits, is one run-on 'word' of 40+ characters, or only mashed keys."""
    words = _WORD.findall(text or "")
    if not words:
        return True
    if len(words) == 1 and len(words[0]) >= 40:
        return True
    return all(_MASHED.search(word) for word in words)


#: a message of emoji only means what its emoji mean, when they all agree ("👋" is a hello, "👍" a yes)
_EMOJI_MEANINGS = {"greet": "👋🙋🤚✋🖐", "affirm": "👍👌✅☑✔🆗", "deny": "👎❌✖🙅", "thanks": "🙏❤💕💖💗💓😍🥰😘🤗♥🩷"}
_EMOJI_MODIFIERS = re.compile("[\U0001F3FB-\U0001F3FF\uFE0F\u200D\u2640\u2642\\s!.]+")


def emoji_intent(text: str) -> str | None:
    """The intent of a message made only of emoji that agree (skin tones and the like ignored), if any."""
    bare = _EMOJI_MODIFIERS.sub("", text or "")
    if not bare:
        return None
    for intent, emoji in _EMOJI_MEANINGS.items():
        if all(c in emoji for c in bare):
            return intent
    return None


_ADDRESSEE = r"(?:\s+(?:there|all|everyone|team|guys|again|marta|dear|friend|lovely))?"
_GREETING = re.compile(
    r"^(?:\W*(?:(?:hi+|hello+|hel+o+|hey+|heya|hiya|hallo|hola|howdy|greetings|yo|dear team|dear all)" + _ADDRESSEE
    + r"|good\s+(?:morning|afternoon|evening|day)" + _ADDRESSEE + r"|(?:morning|evening|afternoon)(?=\s*[,!.]))"
    r"\b[\s,!.:;\-–—~)(]*(?:[^\w\s]+\s*)*)+", re.IGNORECASE)
#: a greeting is only dropped when this many words follow it ("hi! is it painful"), never from "hi there"
_MIN_WORDS_AFTER_GREETING = 3


#: thanks before a new question ("that's reassuring, thank you. would it fix the texture too?")
_THANKS = re.compile(r"^.{0,40}?\b(?:thanks|thank you|thank u|thx|ty|cheers)\b(?:\s+(?:so much|a lot|very much))?"
                     r"[\s,.!:;\-–—)(]*(?:[^\w\s]+\s*)*", re.IGNORECASE)


def without_preamble(text: str) -> str:
    """``text`` without a leading greeting, or thanks before a new question, when a real message follows.

    "hello, I've got a scar from a knee operation…" is about the scar: the
    greeting would otherwise outweigh everything after it for the classifier.
    """
    match = _GREETING.match(text or "")
    if match:
        rest = text[match.end():]
        if len(_WORD.findall(rest)) >= _MIN_WORDS_AFTER_GREETING:
            text = rest
    thanks = _THANKS.match(text or "")
    if thanks:
        rest = text[thanks.end():]
        if len(_WORD.findall(rest)) >= _MIN_WORDS_AFTER_GREETING and asks(rest):
            return rest
    return text


#: requests that must never be missed, whatever the classifier thinks: erasure is a right, and so is a person
EXPLICIT_REQUESTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("delete_my_data", re.compile(
        r"\b(delete|erase|remove|wipe|destroy|get rid of|forget)\b[^.?!]{0,40}\b(my|all)\b[^.?!]{0,20}"
        r"\b(data|details|information|info|answers|records|everything)\b|\bforget (about )?me\b|"
        r"\b(delete|erase|remove|wipe)\s+(everything|all)\s+(you have|you've got|you hold|about me|on me)|"
        r"\bright to (be forgotten|erasure)\b|"
        r"\b(delete|erase|remove|wipe)\b[^.?!]{0,20}\bmy\b[^.?!]{0,15}\b(number|phone|telephone|email|e-mail|photos?|"
        r"pictures?|messages|msgs|texts|chat|conversation|stuff|info|details)\b|\bwhatever (?:you|u) (?:saved|stored|have|"
        r"hold|kept)\b[^.?!]{0,15}\babout me\b|\berasure of\b|\brequest (?:the )?erasure\b|"
        r"\b(don'?t|do not|dont) want (to )?be in your (system|records|database|"
        r"files)|\b(delete|erase|wipe)\s+(all of (this|it|that)|everything( (i|i'?ve|ive) (said|told|wrote|gave|shared|"
        r"sent))?|it all|all (this|that|of it))\b|\b(don'?t|do not|dont) want (it|any of (it|this|that)|this|that|"
        r"anything) (saved|stored|kept)\b", re.IGNORECASE)),
    ("human_handoff", re.compile(
        r"\b(talk|speak|chat)\s+(to|with)\s+(a|an|the|some)?\s*(real\s+|actual\s+)?(person|human|someone|somebody|"
        r"practitioner|member of staff|staff|nurse|owner|lady|woman|gentleman|man|girl|guy)\b|"
        r"\b(?:get|have|ask)\s+(?:someone|somebody|a person|marta|her|him|them|the studio|someone from the studio)\s+to\s+"
        r"(?:ring|call|phone|contact)\s+me\b|"
        r"\b(want|need|get me|give me|put me through to)\s+(a|an|to a)?\s*(real\s+|actual\s+)?(person|human)\b|"
        r"\b(could|can|would|please)\s+(someone|somebody|you|she|he|the studio|the practitioner|the nurse|\w+)\s+"
        r"(please\s+|just\s+)?(ring|call|phone|telephone)\s+me\b(?!\s+(?:crazy|old|silly|paranoid|mad|vain|stupid|a|an)\b)|"
        r"\b(ring|call|phone)\s+(me|my\s+(?:mum|mom|mother|dad|father|husband|wife|partner|son|daughter|nan|gran\w*)|her|him)"
        r"\s+back\b|\bcall[\s-]?back\b|"
        r"(?:^|[.!?]\s*|\bplease\s+)(ring|call|phone)\s+me\b(?!\s+(?:crazy|old|silly|paranoid|mad|vain|stupid|a|an)\b)|"
        r"\b(talk|speak)\s+(to|with)\s+(?-i:[A-Z][a-z]+)\s+(herself|himself|directly|personally|in person)\b|"
        r"\b(?:just |please )?(talk|speak|chat)\s+(to|with)\s+(marta|(?-i:(?!You\b|Them\b|Her\b|Him\b)[A-Z][a-z]{2,}))\b(?!['’]s)|"
        r"\b(prefer|rather|like|want|need)\s+to\s+(speak|talk)\s+(to|with)\s+(her|him|them)\b|"
        r"\b(would like|want|need|prefer|like)\s+(marta|her|him|someone|somebody|you|them)\s+to\s+(phone|call|ring)\s+me\b|"
        r"\bnot\s+(a|to a)\s+(bot|robot|receptionist|machine)\b", re.IGNORECASE)),
    ("check_suitability", re.compile(
        r"^\W*(?:(?:ok(?:ay)?|yes|yeah|yep|sure|alright|fine|please|right|sorry|go on|i guess|amazing|great|good|none of "
        r"those|very well|then|so|thank you|thanks|lovely)\W+)*(?:please\s+)?(?:(?:proceed|go ahead|carry on) with |do |"
        r"start |let'?s do |can (?:we|you) do )?(?:the |a )?check(?:\s+(?:if|whether) (?:i'?m|i am|now is a good time)"
        r"(?: ready)?|\s+for me|\s+me|\s+it|\s+then|\s+now|\s+please|\s+pls)*\W*$|"
        r"\b(?:proceed|go ahead|carry on|get on) with the check\b|\b(?:do|start) the (?:readiness |suitability )?check\b|"
        r"^\W*(?:\w+\W+){0,4}(?:(?:do|answer|start|go through) )?the (?:health )?(?:q'?s|questions)(?: thing)?(?: now)?"
        r"(?: for [\w\s]{0,30})?\W*$|"
        r"\bcheck (?:first )?(?:if|whether) (?:my|the|his|her) (?:scar|skin|marks?|stretch ?marks?|patch(?:es)?|area|hair|"
        r"scalp)s?(?:'s| is| are)? (?:ready|ok|okay|suitable|too (?:new|young|soon|early))\b|"
        r"\b(?:can|could|cn|cud)(?: i| we)? do the (?:health )?(?:q'?s|questions)(?: now)?\b|\bcheck (?:if|whether) i'?m (?:ready|suitable|a (?:good )?candidate|eligible)\b(?!\s+(?:for|to)\s+(?:a |the )?(?:tattoo|laser|filler|botox))|"
        # coming back to questions paused earlier: "can we finish the questions?", "where we left off", "let's carry on"
        r"\b(?:finish|complete|continue|resume|carry on with|go on with|get back to|pick up|do the rest of)\s+(?:off\s+)?"
        r"(?:the\s+|my\s+|those\s+|these\s+)?(?:rest\s+of\s+(?:the\s+)?)?(?:health\s+|medical\s+)?(?:q'?s|questions|check)\b|"
        r"\b(?:pick up|carry on|continue|start again|go on)\s+(?:from\s+)?where (?:we|i) (?:left|stopped)(?: off)?\b|"
        r"^\W*(?:(?:ok(?:ay)?|right|so|back again|i'?m back|hi|hello)\W+)*let'?s (?:carry on|continue)\W*$",
        re.IGNORECASE)),
    # "can I change my phone number?", "my email is wrong": one of their own answers, never the studio's number
    ("correct_answer", re.compile(
        r"\b(?:change|update|fix|correct|edit|amend)\s+(?:my|the)\s+(?:(?:mobile|phone|telephone|contact)\s+)?"
        r"(?:number|phone|mobile|email|e-mail|email address|name|answers?|details)\b(?!\s+(?:for|of)\s+(?:the|your)\b)|"
        r"\bmy\s+(?:(?:mobile|phone|telephone)\s+)?(?:number|phone|mobile|email|e-mail|email address|name)\s+(?:is|was)\s+"
        r"(?:wrong|incorrect|not right|misspelt|misspelled)\b|"
        r"\b(?:i|i'?ve)\s+(?:gave|given|put|typed|entered)\s+(?:you\s+)?the\s+wrong\s+(?:number|phone|mobile|email|name)\b",
        re.IGNORECASE)),
    # "can we leave the rest, I'll go through it with Marta on the day", "I'd rather stop the questions here"
    ("stop", re.compile(
        r"\b(?:leave|skip|stop|end|drop|pause)\s+(?:the\s+)?(?:rest(?:\s+of\s+(?:the|these|them))?|(?:health\s+|medical\s+)?"
        r"questions|these)\b(?:\s+(?:here|there|now|for now|for today))?(?!\s+(?:of\s+)?(?:for|about|on)\b)|"
        r"\bgo through (?:it|the rest|them|those|that) with (?:marta|her|the practitioner|the nurse|someone)\b[^.?!]{0,30}"
        r"\b(?:on the day|in person|at the (?:consultation|appointment)|when i (?:see|meet) her)\b|"
        r"\b(?:rather|want to|like to) stop (?:the questions|here|now|this)\b", re.IGNORECASE)),
    ("start_over", re.compile(r"\b(start|begin)\s+(over|again|afresh|from scratch|from the (start|beginning))\b|"
                              r"^\s*restart\b", re.IGNORECASE)),
)


#: asking whether a booking was cancelled is no request to cancel one ("is the wed one cancelled now?"): the cancel
#: action answers it from the bookings
ASKS_IF_CANCELLED = re.compile(r"\b(?:is|was|has|been|it'?s|that'?s)\b[^.?!]{0,30}\bcancel+ed\b(?:[^.?!]{0,15})(?:\?|\byeah\b|"
                               r"\bright\b|\bnow\b)", re.IGNORECASE)
#: "stop sending me these messages", "don't contact me again": no more follow-ups (erasure is asked for apart)
STOP_SENDING = re.compile(r"\b(?:stop|quit) (?:sending|messaging|texting|emailing|contacting|bothering) (?:me|us)\b|"
                          r"\b(?:don'?t|do not) (?:contact|message|text|email|e-mail) (?:me|us) (?:again|any ?more)\b|"
                          r"\bunsubscribe\b|\bno more (?:messages|reminders|texts|emails)\b|\bopt(?:ing)? me out\b|"
                          r"\bopt(?:ing)? out\b", re.IGNORECASE)
#: "withdraw the call-back request", "I don't want to be called, cancel that request": no person after all
WITHDRAW_CALL = re.compile(r"\b(?:cancel|withdraw|remove|delete|scrap|drop|take back)\b[^.?!]{0,25}\b(?:call[\s-]?back|"
                           r"(?:the|that|this|my) (?:call )?request|(?:the|that|a) call)\b|\b(?:don'?t|do not|no longer) "
                           r"(?:want|need) (?:to be (?:called|contacted|rung)|a (?:call|person|call[\s-]?back)|the call)\b",
                           re.IGNORECASE)


#: erasing only a part ("delete just the health bit but keep my booking"): erasure here is all or nothing, so a
#: person does it; never the "erase everything?" prompt
PARTIAL_ERASURE = re.compile(
    r"^(?!.*\b(?:everything|all of it|all my|it all|the lot|whole (?:chat|conversation|thing))\b)(?:"
    r".*\b(?:delete|erase|remove|wipe)\b[^.?!]{0,30}\b(?:just|only)\b[^.?!]{0,30}\b(?:health|medical|answers?|bit|part|"
    r"details|info\w*|data|diabetes|meds|medicines?)\b|.*\bonly (?:delete|erase|remove|wipe)\b|"
    r".*\b(?:delete|erase|remove|wipe)\b[^.?!]{0,60}\b(?:but (?:still )?keep|(?:i )?still want)\b|.*\bkeep (?:my|the) "
    r"(?:booking|appointment|consultation)\b[^.?!]{0,30}\b(?:but|and) (?:delete|erase|remove|wipe)\b)",
    re.IGNORECASE | re.DOTALL)


def explicit_request(text: str) -> str | None:
    """The intent of a request the visitor spells out ("please delete my data"), if any; erasing only a part
    ("delete just the health bit but keep my booking") is a question for a person, not the erasure."""
    for intent, pattern in EXPLICIT_REQUESTS:
        if intent == "delete_my_data" and PARTIAL_ERASURE.search(text or ""):
            continue
        match = pattern.search(text or "")
        said_before = text[max(0, match.start() - 25):match.start()] if match else ""
        # the sentence that asks: "hang on who sees all this. can u just delete everything" requests it
        sentence = re.split(r"(?<=[.?!])\s+", text[:match.start()])[-1] + text[match.start():] if match else ""
        if intent == "check_suitability" and match and _QUESTIONS_REFUSED.search(text or ""):
            continue                            # "no. not doing the questions.": the opposite of a request
        if match and not (intent == "delete_my_data" and _ASKS_ABOUT.match(sentence)) \
                and not _NEGATED.search(said_before + (match.group(0)[:12] if not _NEGATED.match(match.group(0)) else "")):
            return intent
    return None


#: "not doing the questions", "I won't answer the health questions"
_QUESTIONS_REFUSED = re.compile(r"\b(?:not|no|never|won'?t|don'?t|dont|rather not)\b[^.?!]{0,12}\b(?:do|doing|answer\w*|"
                                r"go(?:ing)? through|fill\w*)\b[^.?!]{0,20}\b(?:questions|q'?s|check)\b", re.IGNORECASE)
#: "I don't need a person", "no need to delete anything": a request turned down is not a request
_NEGATED = re.compile(r"\b(don'?t|do not|dont|no need to|not|never|won'?t|doesn'?t)\b\W+(?:\w+\W+){0,2}"
                      r"(?:need|want|talk|speak|delete|erase|remove|wipe|start)", re.IGNORECASE)


#: "do you delete my data after a year?" asks about erasure, it does not request it
_ASKS_ABOUT = re.compile(r"^\W*(?:(?:i mean|so|and|but|ok|okay|wait|sorry|hang on)\W+)?(do|does|will|would|how|when|what|why|is|"
                         r"are|who|has|have)\b(?!.*\bplease\b)", re.IGNORECASE)


_QUESTION_START = re.compile(r"^\W*(?:(?:so|and|but|ok|okay|oh|hmm|hi|hey|hello|also|sorry|wait|actually|btw|"
                             r"quick question)\W+)*(what|how|why|when|where|who|"
                             r"which|can|could|do|does|did|is|are|will|would|should|may|have|has)\b", re.IGNORECASE)


#: a question after a comma or a full stop, typed without its question mark ("just tell me yes or no, can it be
#: fixed", "I ASKED can it be fixed. yes or no")
_QUESTION_INSIDE = re.compile(r"\byes or no\b|(?:[,.;!]\s*|\b(?:asked|tell me|wondering)\s+)(?:can|could|will|would|is|"
                              r"does|do) (?:it|this|that|she|he|you|u|marta|they|i) \w+|"
                              # "i finished roaccutane in july does that matter", "can i still come in for the chat thing"
                              r"\b(?:does|do|would|will|is) (?:that|it|this) (?:matter|count|affect|change|make a difference|"
                              r"(?:be )?a problem)\b|\bcan i still\b", re.IGNORECASE)


def asks(text: str) -> bool:
    """Whether the message asks something: a question mark, a question word first, or a question typed without
    its mark after a comma."""
    return "?" in (text or "") or bool(_QUESTION_START.match(text or "")) or bool(_QUESTION_INSIDE.search(text or ""))


_WORRY = re.compile(r"\b(mole|lump|rash|wart|cyst|wound|spot|growth|bump)s?\b.{0,80}\b(dangerous|cancer\w*|worried|"
                    r"worry|infected|infection|oozing|bleeding|serious|malignant|check(ed)? it)\b|"
                    r"\b(dangerous|cancer\w*|infected|malignant)\b.{0,40}\b(mole|lump|rash|wart|cyst|wound)s?\b",
                    re.IGNORECASE)
#: the studio's own work, which a worry about "the treated area" is about
_TREATMENT_WORDS = re.compile(r"\b(pigment\w*|micropigmentation|tattoo\w*|session|treatment|treated|smp|camouflage|"
                              r"touch.?up|procedure|after ?care)\b", re.IGNORECASE)


def health_worry(text: str) -> bool:
    """A worry about a mole, a rash or a wound ("is that dangerous?"), not about the studio's treatment."""
    return bool(_WORRY.search(text or "")) and not _TREATMENT_WORDS.search(text or "")


#: words without which no message asks for its data to be erased, whatever a classifier guessed
_ERASURE_WORDS = re.compile(r"\b(?:delet\w*|eras\w*|remov\w*|wip\w*|forget|get rid|gdpr|data|details|info\w*|"
                            r"records?|messages?|chat|conversation|privacy|borr\w*|elimin\w*|olvid\w*|datos)\b",
                            re.IGNORECASE)


def may_ask_erasure(text: str) -> bool:
    """Whether ``text`` could be asking for its data to be erased ("I've just found out I'm pregnant… should I
    postpone?" cannot: no word of erasing or of data)."""
    return bool(_ERASURE_WORDS.search(text or ""))
