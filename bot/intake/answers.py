"""Interpreting short answers: yes/no/not sure, choices, phototype, contact details."""
from __future__ import annotations

import re
import unicodedata
from typing import Optional, Sequence

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from rapidfuzz import fuzz, process

from bot.understanding import facts as fact_words
from bot.understanding.age import child_age, says_minor

YES, NO, UNSURE = "yes", "no", "unsure"

_YES = {"yes", "y", "yeah", "yep", "yup", "ya", "yea", "sure", "of course", "correct", "right", "ok", "okay",
        "i do", "i agree", "agree", "i am", "it is", "they are", "i have", "definitely", "absolutely", "affirmative",
        "si", "sí", "true", "that's right", "thats right", "go ahead", "yes please", "fine", "👍", "i think so",
        "think so", "i believe so", "yes i think", "i think yes"}
_NO = {"no", "n", "nope", "nah", "never", "not", "none", "i don't", "i dont", "i do not", "don't agree",
       "no thanks", "no thank you", "i'm not", "im not", "i am not", "it isn't", "it is not", "they aren't",
       "haven't", "have not", "i haven't", "false", "negative", "not really", "not rly", "not that i know of",
       "not that i know", "not as far as i know", "don't think so", "dont think so", "i don't think so",
       "i dont think so", "nothing", "none that i know of", "no never", "nah never", "👎"}
_UNSURE = {"not sure", "unsure", "don't know", "dont know", "do not know", "no idea", "i'm not sure", "im not sure",
           "maybe", "perhaps", "idk", "dunno", "can't remember", "cant remember", "not certain", "possibly", "?"}

_YES_PHRASES = (" don't mind ", " dont mind ", " do not mind ", " why not ")
#: agreement, but only to a request ("may I ask…?"); to "do you have diabetes?" it would mean no
_AGREEING = (" no problem ", " not a problem ", " no worries ", " go on ", " go on then ", " fire away ", " ask away ",
             " go for it ", " let's do it ", " lets do it ", " let's go ", " lets go ", " happy to ", " that's fine ",
             " thats fine ", " carry on ", " crack on ")
_NO_STARTS = ("i'm not ", "im not ", "i am not ", "i don't ", "i dont ", "i do not ", "i haven't ", "i have not ",
              "i've never ", "ive never ", "i have never ", "not at all", "not ", "nothing ", "none ", "no ")


def yes_no_unsure(text: str, intent: Optional[str] = None, request: bool = False) -> Optional[str]:
    """Map an answer to yes / no / unsure, or None when it is neither (``request``: the question asks leave)."""
    lowered = re.sub(r"[^\w\s'?👍👎]", " ", text.lower()).strip()
    lowered = re.sub(r"\s+", " ", lowered)
    if not lowered or re.search(r"\byes or no\b|\by or n\b", lowered):
        return None                             # "dents. yes or no" asks; it answers nothing
    if lowered in _NO:                          # "not that i know of" is a no, though it says "know"
        return NO
    filler = re.match(r"^(?:ok|okay|alright|well|um+|hmm+|erm+|uh+|oh|so|lol|lmao|haha\w*|ha|hah|hehe|omg|ah|tbh|"
                      r"honestly|oops|god|lord|ugh+|urgh+|meh|whatever|fine)\s+(.+)$", lowered)
    if filler:                                  # "ok... yeah i guess", "lol no": what comes after the filler
        found = yes_no_unsure(filler.group(1), None, request)
        if found:
            return found
    if any(phrase in f" {lowered} " for phrase in (f" {p} " for p in _UNSURE)) or lowered in _UNSURE:
        return UNSURE
    if lowered in _YES or lowered.split(" ")[0] in {"yes", "yeah", "yep", "yup", "sure", "correct"}:
        return YES
    if re.match(r"^(?:i )?(?:had |have |did |do |take )?both\b", lowered):
        return YES                              # "had both" to "chemotherapy or radiotherapy?"
    agreeing = _AGREEING if request and not re.search(r"\b(?:don'?t|dont|do not|not|won'?t|wont|can'?t|cannot|"
                                                      r"never|rather not)\b", lowered) else ()
    if any(phrase in f" {lowered} " for phrase in (*_YES_PHRASES, *agreeing)):     # "go on then" to "may I ask?"
        return YES
    if lowered in _NO or lowered.split(" ")[0] in {"no", "nope", "nah", "never", "none"}:
        return NO
    if lowered.startswith(_NO_STARTS):          # "I'm not pregnant", "I don't take any"
        return NO
    if intent in ("affirm",):
        return YES
    if intent in ("deny",):
        return NO
    if intent in ("unsure",):
        return UNSURE
    return None


#: medicines that are not blood thinners: naming only these answers the blood-thinner question with "no"
_OTHER_MEDICINES = re.compile(r"\b(statins?|atorvastatin|simvastatin|metformin|the pill|contracepti\w*|inhalers?|"
                              r"vitamins?|levothyroxine|thyroxine|antidepressants?|sertraline|citalopram|fluoxetine|"
                              r"painkillers?|paracetamol|ibuprofen|hrt|insulin|blood pressure|ramipril|amlodipine|"
                              r"omeprazole|lansoprazole|antihistamines?|hay ?fever|tamoxifen|letrozole|anastrozole|exemestane|"
                              r"hormone (?:therapy|tablets|blockers?)|bisoprolol|propranolol|losartan|lisinopril|"
                              r"gabapentin|pregabalin|mirtazapine)\b", re.IGNORECASE)
def other_medicine(text: str) -> Optional[str]:
    """The medicine named that is no blood thinner ("the pill", "a statin"), as said; None when none is named."""
    match = _OTHER_MEDICINES.search(text or "")
    return match.group(1).lower() if match else None


_ONLY_THAT = re.compile(r"\b(just|only|nothing else|that'?s (it|all))\b", re.IGNORECASE)
_ONGOING = re.compile(r"\b(still|currently|at the moment|right now|ongoing|having|on it|halfway|mid)\b", re.IGNORECASE)
#: treatment finished within this many months counts as "recently finished"
RECENT_TREATMENT_MONTHS = 12


def health_answer(slot: str, text: str) -> Optional[str]:
    """A described answer to a health question that plain yes/no reading misses.

    "just a statin, nothing else" to the blood-thinner question is a no; "radiotherapy,
    finished 6 months ago" to "are you having, or have you recently finished…" is a yes
    (3 years ago is a no).
    """
    from bot.understanding.facts import age_in_months

    lowered = text.lower()
    terms = HEALTH_TERMS.get(slot, ())
    named = any(term in lowered for term in terms)
    if named and health_mentions(text, [slot]).get(slot) == NO:
        return NO                               # "ok whatever. no diabetes": the "ok" is no yes
    if slot == "anticoagulants" and not named and _OTHER_MEDICINES.search(text):
        return NO
    if slot == "pregnant_or_breastfeeding" and re.search(
            r"\b(?:but|still|currently|i'?m|i am|am)\s+(?:still\s+)?(?:breast[\s-]?feeding|nursing|feeding (?:him|her|the|my)|"
            r"pregnant|expecting)\b", lowered):
        return YES                              # "not pregnant!! but still breastfeeding the little one"
    if slot == "keloid_history" and re.search(r"\b(?:never|didn'?t|did not|don'?t|do not)\b[^.?!]{0,12}\b(?:spread|grew|grow|"
                                              r"got bigger|raised|thick)\b", lowered) and not named:
        return NO                               # "dont think so. they never spread or grew"
    if slot == "pregnant_or_breastfeeding" and re.search(r"\b(?:i'?m|im|i am)\s+(?:a\s+)?(?:bloke|guy|man|male|lad|fella|"
                                                         r"dude|gent)\b", lowered):
        return NO                               # "im a bloke"
    if slot == "diabetes" and re.search(r"\btype\s*(?:1|2|one|two|i|ii)\b|\bdiet[\s-]?controlled\b|\bpre[\s-]?diabet",
                                        lowered) and not re.search(r"^\W*(?:no|never|not)\b(?! (?:insulin|tablets|meds))",
                                                                   lowered) and "gestational" not in lowered:
        return YES                              # "Type 2, but diet-controlled, no insulin or tablets"
    if slot == "diabetes" and "gestational" in lowered and not re.search(r"\b(?:still|now|currently|at the moment)\b",
                                                                       lowered):
        return NO                               # "I had gestational diabetes with my second but it went after"
    if slot == "allergies" and _REACTION.search(text) and not re.search(r"^\W*(?:no|none|never|not)\b(?! sure)", lowered):
        return YES                              # "Dad says plasters bring him out in a rash": the practitioner looks
    if slot == "allergies" and re.search(r"\bnever (?:had|have had|had any|been allergic)\b|\bnone that i know\b|"
                                         r"\bnot that i know\b", lowered):
        return NO                               # "idk never had one": none known, which is what the question asks
    if slot == "chemo_radio" and named and not re.search(r"^\W*(no|never|not)\b", lowered):
        if _ONGOING.search(text):
            return YES
        months = age_in_months(text)
        if months is not None:
            return YES if months <= RECENT_TREATMENT_MONTHS else NO
    return None


#: a reaction to something that touches the skin (plasters, gloves, jewellery, creams)
_REACTION = re.compile(r"\b(?:rash\w*|hives|itch\w*|react\w*|bring\w* (?:me|him|her|them) out|brings? out|swell\w*|"
                       r"blister\w*)\b[^.?!]{0,60}|\b(?:plasters?|adhesive|latex|gloves|nickel|metal|jewel\w*|earrings?|"
                       r"lidocaine|numbing)\b[^.?!]{0,40}\b(?:rash\w*|itch\w*|react\w*|out in|swell\w*|allerg\w*)\b",
                       re.IGNORECASE)
_NEGATION = re.compile(r"\b(not|no|never|neither|nor|isn't|aren't|don't|doesn't|haven't|hasn't|wasn't|weren't)\b|n't\b")


def described(text: str, descriptions: Sequence[tuple[str, Sequence[str]]]) -> Optional[str]:
    """yes / no / unsure from a description ("it's still a bit pink" → no), as ordered ``(value, phrases)``.

    A phrase without a negation counts only in a message without one, so "I'm not pregnant" never
    matches "pregnant"; phrases that carry their own negation ("no longer pink") always count.
    """
    lowered = re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()
    negated = bool(_NEGATION.search(lowered))
    for value, phrases in descriptions:
        for phrase in phrases:
            if re.search(rf"\b{re.escape(phrase)}\b", lowered) and (not negated or _NEGATION.search(phrase)):
                return value
    return None


def mentioned(text: str, options: Sequence[tuple[str, Sequence[str]]]) -> Optional[str]:
    """The one option whose words appear in ``text`` (exact words, no guessing), else None.

    A burn outranks how it happened: "a burn from a motorbike exhaust" is a burn, not an injury."""
    lowered = text.lower()
    found = {value for value, phrases in options if any(re.search(rf"\b{re.escape(p)}\b", lowered) for p in phrases)}
    if "burn" in found and "injury" in found:
        found.discard("injury")
    return found.pop() if len(found) == 1 else None


#: a misspelt option is looked for only in an answer this short ("surgey", "whatsap pls"), never in a sentence
FUZZY_WORDS = 4


def choose(text: str, options: Sequence[tuple[str, Sequence[str]]], threshold: int = 80) -> Optional[str]:
    """The option whose words appear in ``text`` (fuzzy), as ``(value, phrases)`` pairs.

    A bare number ("2") picks the option at that position, as on channels
    that show numbered options instead of buttons.
    """
    lowered = text.strip().lower()
    number = re.fullmatch(r"\s*(\d{1,2})\s*[.)]?\s*", lowered)
    if number:
        index = int(number.group(1)) - 1
        return options[index][0] if 0 <= index < len(options) else None
    for value, phrases in options:           # "silvery, not red at all": an option said not to be so is not chosen
        if lowered == value or any(not _NOT_NOW.search(lowered[max(0, m.start() - 24):m.start()])
                                   for p in phrases for m in re.finditer(rf"\b{re.escape(p)}\b", lowered)):
            return value
    if "?" in lowered:
        return None                             # "is it the same place as the consultation?" chooses nothing
    if len(lowered.split()) > FUZZY_WORDS:      # in a sentence, a word close to an option ("silvery"), not the whole
        tokens = re.findall(r"[a-z]+", lowered)
        for value, phrases in options:
            for phrase in (p for p in phrases if " " not in p and len(p) >= 4):
                if any(len(word) >= 4 and fuzz.ratio(word, phrase) >= 85
                       and not _NOT_NOW.search(" ".join(tokens[max(0, i - 3):i])) for i, word in enumerate(tokens)):
                    return value
        return None
    choices = {p: value for value, phrases in options for p in (*phrases, value)}
    best = process.extractOne(lowered, list(choices), scorer=fuzz.WRatio)
    if best and best[1] >= threshold and len(lowered) >= 3:
        return choices[best[0]]
    return None


#: just before an option, these say it is not (or no longer) so: "not red any more", "they used to be purple"
_NOT_NOW = re.compile(r"\b(not|no longer|never|used to be|used to|were|was|originally|at first|no|rather not|avoid|hate|"
                      r"(?:can'?t|cannot|don'?t|dont|do not|won'?t) (?:always |really |usually )?(?:answer|take|do|pick up|"
                      r"like|want|get))(\s+[\w-]+){0,2}\s*$")


def choose_all(text: str, options: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
    """Every option whose words appear in ``text`` ("crown and temples"), in the order they are named."""
    lowered = text.strip().lower()
    found: list[tuple[int, str]] = []
    for value, phrases in options:
        positions = [m.start() for p in (value, *phrases) for m in re.finditer(rf"\b{re.escape(p)}\b", lowered)
                     if not _NOT_NOW.search(lowered[max(0, m.start() - 24):m.start()])]
        if positions:
            found.append((min(positions), value))
    return [value for _, value in sorted(found)]


#: how skin reacts to the sun ("I burn a bit then tan"): never a burn scar
SUN_REACTION = re.compile(r"\b(tan|tans|tanning|sun|sunburn|(always|never|sometimes|rarely|usually|easily) burns?|"
                          r"burns? (easily|a bit|a little|quickly))\b", re.I)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
ROMAN = {v: k.upper() for k, v in _ROMAN.items()}


def phototype(text: str, loose: bool = True) -> Optional[str]:
    """A Fitzpatrick type I–VI from "type 3", "III", "I always burn", or a sun-reaction button; ``loose`` also
    reads half a description ("I just go brown"), which answers the question but, said in passing ("i go quite
    brown in the summer lol"), is too little to note without asking."""
    lowered = text.strip().lower()
    match = re.search(r"\b(?:type|fitzpatrick|phototype)?\s*\b(vi|iv|v|iii|ii|i|[1-6])\b", lowered)
    if match and (re.search(r"type|fitzpatrick|phototype", lowered) or re.fullmatch(r"\s*(vi|iv|v|iii|ii|i|[1-6])\s*", lowered)):
        token = match.group(1)
        return ROMAN[int(token)] if token.isdigit() else token.upper()
    lowered = re.sub(r"\b(?:really|so|quite|pretty|super|extremely|fairly)\s+", "", lowered)   # "burn really easily"
    reactions = [
        ("I", ("always burn", "always burns", "never tan", "never tans", "very fair", "freckles", "don't tan",
               "dont tan", "never really tan", "like a lobster", "never brown", "never go brown", "never goes brown",
               "never get brown", "always red", "always go red", "always goes red", "don't go brown", "dont go brown")),
        ("II", ("usually burn", "usually burns", "burn easily", "tan minimally", "tan a little", "fair skin",
                "hardly ever tan", "barely tan", "go red then", "burn easy", "burn quickly", "burns easy")),
        ("III", ("sometimes burn", "sometimes burns", "tan gradually", "tans gradually", "medium skin", "light brown",
                 "burn a bit", "burn at first", "burn first", "then tan", "i'm medium", "im medium", "burn sometimes",
                 "burns sometimes", "sometimes i burn")),
        ("IV", ("rarely burn", "rarely burns", "tan easily", "tans easily", "olive", "tan well", "tan easy", "hardly burn",
                "tan quickly", "burn rarely", "almost never burn", "hardly ever burn", "go brown easy", "go brown easily",
                "brown easy", "brown easily")),
        ("V", ("very rarely burn", "very rarely burns", "tan very easily", "brown skin", "dark brown")),
        ("VI", ("never burn", "never burns", "deeply pigmented", "very dark", "black skin")),
    ]
    for phrase, value in sorted(((p, v) for v, phrases in reactions for p in phrases), key=lambda pv: -len(pv[0])):
        if phrase in lowered:                   # the longest description first: "very rarely burn" before "rarely burn"
            return value
    # said in their own words: "I burn, then I go a bit brown", "go red", "I just go brown"
    burns = re.search(r"\bburn|\b(?:go|goes|turn|turns|get|gets) (?:red|pink)\b", lowered)
    tans = re.search(r"\b(?:tan|tans|tanned|brown|bronze|golden)\b|\b(?:go|goes|get|gets) dark", lowered)
    if burns and tans:
        return "III"
    if burns and loose:
        return "II"
    if tans and loose:
        return "IV"
    return None


_DICTATED_EMAIL = re.compile(r"\b[a-z0-9_-]+(?:\s+dot\s+[a-z0-9_-]+)*\s+at\s+[a-z0-9-]+(?:\s+dot\s+[a-z]{2,})+\b",
                             re.IGNORECASE)


#: the end of an address said aloud: "… dot com", "… dot co dot uk"
_SAID_DOMAIN_END = re.compile(r"\s+dot\s+(?:com|org|net|co\s+dot\s+uk|org\s+dot\s+uk|uk|ie|es|de|fr|eu|io)$", re.IGNORECASE)
#: words that come before "at" in a sentence, never an address's name ("I am at home dot com")
_NOT_A_NAME = frozenset({"am", "is", "was", "are", "be", "been", "were", "i", "we", "you", "he", "she", "it", "they",
                         "me", "him", "her", "us", "them", "just", "still", "not", "here", "there", "work", "home",
                         "look", "looking", "arrive", "arriving", "stay", "staying", "live", "living"})
#: "peggy hollis at example dot com no space": the words before the "at" are one
_NO_SPACE = re.compile(r"\bno spaces?\b|\ball one word\b|\bone word\b", re.IGNORECASE)


def _dictated(match: "re.Match[str]") -> str:
    """"ahmed dot karimi at example dot com" as an address, when it reads as one (said after "email", with a
    dot before the "at", or ending in a known domain like "dot com"): "I am at home" stays words."""
    said = match.group(0)
    before = match.string[max(0, match.start() - 20):match.start()].lower()
    local = said.split(" at ")[0].strip().lower()
    if " dot " not in said.split(" at ")[0] and not re.search(r"e-?mail|address", before) \
            and not (_SAID_DOMAIN_END.search(said) and local not in _NOT_A_NAME):
        return said                             # "I am at home dot com" stays words
    return re.sub(r"\s+dot\s+", ".", re.sub(r"\s+at\s+", "@", said))


def _joined_local_part(text: str) -> str:
    """"peggy hollis at example dot com no space": the name before the "at" written as one word."""
    if not _NO_SPACE.search(text):
        return text
    return re.sub(r"\b([a-z0-9_.-]+(?:\s+[a-z0-9_.-]+){1,2})(?=\s+at\s+[a-z0-9-]+\s+dot\s)",
                  lambda m: m.group(1).replace(" ", ""), _NO_SPACE.sub(" ", text), flags=re.IGNORECASE)


def normalise_email(text: str) -> Optional[str]:
    """A syntactically valid email address found in ``text`` (no DNS look-up), normalised; a dictated one
    ("ahmed dot karimi at example dot com") is read too."""
    text = _DICTATED_EMAIL.sub(_dictated, _joined_local_part(text))
    match = re.search(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+", text)
    if not match:
        return None
    try:
        return validate_email(match.group(0).rstrip("."), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def normalise_phone(text: str, region: str) -> Optional[str]:
    """A phone number in E.164, read in the studio's region when it has no prefix (see ``_full_length_possible``)."""
    candidate = re.sub(r"[^\d+()\-\s./]", "", text).strip()
    if len(re.sub(r"\D", "", candidate)) < 6:
        return None
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return None
    if not (phonenumbers.is_valid_number(number) or _full_length_possible(number)):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _full_length_possible(number: phonenumbers.PhoneNumber) -> bool:
    """Right length for its country but in no allocated range: reserved ranges like 07700 900xxx, which
    people use when they'd rather not share a number yet, or a range newer than the metadata. A
    practitioner can tell; refusing it would only frustrate the visitor."""
    national = str(number.national_number)
    return (phonenumbers.is_possible_number_with_reason(number) == phonenumbers.ValidationResult.IS_POSSIBLE
            and len(national) >= 9 and len(set(national)) > 2)


_BARE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.!]?\s*$")
#: longer than this, a message starting with "no" is about something else ("no blood thinners, no…")
_SHORT_ANSWER_WORDS = 4


#: an age first in the answer to "are you 18 or older?" ("58 years", "yeah 29, said that at the start")
_AGE_FIRST = re.compile(r"^\W*(?:(?:yes|yeah|yep|yh|ya|y|aye)\W+)?(\d{1,3})\b(?!\s*(?:months?|weeks?|days?|%|cm|mm|"
                        r"kg|st\b|am|pm|:))", re.IGNORECASE)


def adult(text: str, intent: Optional[str] = None, minimum_age: int = 18) -> Optional[str]:
    """yes / no to "are you {minimum_age} or older?", or None unless the message clearly answers it.

    An age ("I'm 34", "16", "yes, I have 39 years") decides (read by :mod:`bot.understanding.age`);
    otherwise only a short yes or no counts, so that a visitor who tells their story instead
    ("no blood thinners, not pregnant") is asked again rather than turned away as a minor.
    """
    said = says_minor(text, minimum_age)
    if said is not None:
        return NO if said else YES
    theirs = child_age(text)                    # "He's 74": answered for the person the questions are about
    if theirs is not None:
        return YES if theirs >= minimum_age else NO
    bare = _BARE_NUMBER.match(text) or _AGE_FIRST.match(text)
    if bare and 1 <= int(bare.group(1)) <= 120:
        return YES if int(bare.group(1)) >= minimum_age else NO
    words = re.findall(r"[\w']+", text)
    if len(words) > _SHORT_ANSWER_WORDS or "?" in text:
        return None                             # "so no go?" asks about something else: never a "no" to 18+
    choice = yes_no_unsure(text, intent if len(words) <= 2 else None)
    return choice if choice in (YES, NO) else None


#: words that are never a first name, though they pass as one ("yes that one", "fri", "ok")
#: declining to answer in a sentence ("id rather not say anything about meds sorry", "rather not answer that one"):
#: a skip, and nothing is read into it
#: breastfeeding said in any of the ways people say it ("still feeding him at night", "nursing")
BREASTFEEDING_SAID = re.compile(r"\bbreast[\s-]?fe(?:e|d)\w*|\bnursing\b|\bfeeding (?:him|her|the baby|my|them)\b|"
                                r"\bexpressing\b", re.IGNORECASE)
#: the health questions turned down for the consultation itself ("not putting medical stuff into a chat, ill tell her
#: in person", "id rather go through the medical stuff with marta directly", "no. not doing the questions.")
KEEP_HEALTH_OFFLINE = re.compile(
    r"\bnot (?:putting|typing|sharing|giving|writing|going to (?:put|type|share|give))\b[^.?!]{0,30}"
    r"\b(?:medical|health|personal)\b|\b(?:i'?ll|ill|i will|rather|prefer to) (?:tell|discuss|explain|go through|do|talk|speak|"
    r"chat)\b[^.?!]{0,40}\b(?:in person|with (?:marta|her|the practitioner|the nurse)|at the (?:consultation|appointment))\b|"
    r"\b(?:not|no|never|won'?t|don'?t|dont) (?:doing|do|answering|answer|filling in|going through) (?:the |any |these |your )?"
    r"(?:health |medical )?(?:questions|q'?s)\b|"
    r"\bno,? thanks?(?: you)? (?:to|for|on) (?:the |any |these |your |those )?(?:health |medical )?(?:questions|q'?s|stuff)\b",
    re.IGNORECASE)
DECLINED = re.compile(r"\b(?:rather not|prefer not to|don'?t want to|do not want to|not comfortable)\s+(?:\w+\s+)?"
                      r"(?:say|answer|share|tell|give|go into|talk about|disclose|saying|answering|sharing)\b|"
                      r"\bno comment\b|\bnot (?:telling|saying)\b", re.IGNORECASE)
_NOT_NAMES = {
    "regards", "kind", "yes", "yeah", "yep", "no", "nope", "nah", "ok", "okay", "sure", "fine", "hi", "hello", "hey", "thanks",
    "thank", "please", "that", "this", "one", "the", "first", "second", "last", "it", "any", "anything",
    "whenever", "none", "time", "times", "later", "earlier", "morning", "afternoon", "evening", "today",
    "tomorrow", "week", "weekend", "next", "book", "booking", "appointment", "consultation", "skip", "stop",
    "cancel", "help", "what", "why", "how", "who", "when", "where", "scar", "scars", "hair", "price",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "not", "sorry", "good", "great", "works",
    "email", "phone", "number", "call", "text", "name", "me", "my", "you", "your", "a", "an", "and", "or",
    "is", "are", "i", "we", "do", "don't", "dont", "want", "like", "would", "can", "could", "will",
    "for", "on", "in", "at", "to", "of", "with", "from", "about", "just", "really", "so", "very", "also",
    "here", "there", "still", "interested", "looking", "wondering", "well", "here's", "im", "i'm",
    "back", "asap", "tonight", "anytime", "soon", "after", "before", "between", "around", "once",
    "oh", "och", "aw", "ooh", "aye", "um", "umm", "uh", "ah", "hmm", "erm", "er", "wait", "actually", "oops", "ugh",
    "lol", "lovely", "amazing", "perfect", "brilliant", "awesome", "cool", "love", "dear", "mate", "doing", "ta",
    "cheers", "hun", "thx", "ty", "alright", "right", "haha", "ha", "done", "ready", "yes please", "sounds",
    "np", "nw", "nvm", "idk", "tbh", "btw", "pls", "plz", "kk", "k", "yh", "ofc", "sorted", "noted", "gotcha",
    "msg", "message", "messages", "dm", "sms", "txt", "whatsapp", "telegram", "messenger", "mail", "e-mail", "mobile",
    "landline", "chat", "via", "by", "same", "above",
}
#: said around a name ("ok. Hannah Lowe", "Sheila Donovan love", "Jean Thackeray x"): not part of it
_BEFORE_NAME = re.compile(r"^(?:(?:ok(?:ay)?|amazing|great|lovely|perfect|brilliant|cool|awesome|sure|yes|yeah|yep|thanks|"
                          r"thank you|cheers|ta|fine|right|alright|sorry|oh|ah|ha(?:ha)?|lol|no|nope|well|sounds good)"
                          r"[\s,.!?]+)+(?=\S)", re.IGNORECASE)
_AFTER_NAME = re.compile(r"(?:[\s,]+(?:love|dear|mate|hun|hon|pet|darling|x+|thanks|thank you|cheers|please|pls))+\W*$",
                         re.IGNORECASE)
#: a full name first, then more words ("Dorothy Fairweather dear I just said")
_LEADING_NAME = re.compile(r"^([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?)(?=[\s,.!]+(?i:dear|love|mate|i|i'?m|im|here|please|"
                           r"thanks|as|like|sorry|that'?s|its|it'?s)\b)")
_WORD = r"[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))*"   # letters, inner hyphens and apostrophes
_NAME = rf"({_WORD}(?:\s+{_WORD})?)"
#: "name's Gary" names the visitor anywhere in a message; "I'm Gary" only in a short one ("I'm looking…")
_NAME_CUE = re.compile(r"\b(?:my name is|my name's|my names|my name|name's|name is|names|call me)\s+" + _NAME, re.I)
#: "it's Hannah Cole by the way", said with a phone or an email
_ITS_NAME = re.compile(r"^\W*(?i:it'?s|its|it is|this is|i'?m|i am)\s+([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?)"
                       r"(?:\s+(?i:by the way|btw|here))?\W*$")
#: not giving a name, or leaving ("not telling you my name", "no thanks. bye")
_NO_NAME = re.compile(r"\b(?:rather not|prefer not|not (?:giving|telling|sharing)|don'?t want to (?:give|say|share))\b|"
                      r"\b(?:bye|goodbye|cheers then|see ya|see you)\W*$|\bno thanks?\b", re.IGNORECASE)
_SHORT_NAME_CUE = re.compile(r"^(?:i am|i'm|im|this is|it's|its|it is)\s+" + _NAME + r"(?:\s+here)?[\s.!,]*$", re.I)


#: "example not exmaple", "it's gmail not gmial", "should be .co.uk not .com": a typo put right
_TYPO_FIX = re.compile(r"(?:^|[\s,.:;])(?:it'?s |its |should be |i meant |meant )?([\w.@+-]{2,})[,.]?\s+(?:not|instead of)\s+"
                       r"([\w.@+-]{2,})\b", re.IGNORECASE)


def typo_fixed(text: str, value: Optional[str]) -> Optional[str]:
    """``value`` (an email given earlier) with the typo the visitor now points out put right, or None."""
    if not value:
        return None
    for match in _TYPO_FIX.finditer(text or ""):
        right, wrong = match.group(1), match.group(2)
        if wrong.lower() in value.lower() and right.lower() not in value.lower():
            start = value.lower().index(wrong.lower())
            return value[:start] + right + value[start + len(wrong):]
    return None


def addressed(name: Optional[str]) -> Optional[str]:
    """How to address someone in a reply: "Jade" for "Jade Thornton" (the whole name is kept for the studio)."""
    return name.split()[0] if name and name.split() else None


def first_name(text: str) -> Optional[str]:
    """A plausible first name from "I'm Anna", "my name is anna maria", "Anna", "book me in, name's Gary".

    Ordinary words ("yes that one", "fri", "the first one") are not names; neither is a refusal or a goodbye
    ("id rather not give my name yet", "no thanks. bye").
    """
    if DECLINED.search(text) or _NO_NAME.search(text):
        return None
    cleaned = "".join(" " if unicodedata.category(c) in ("So", "Sk", "Cs") else c
                      for c in re.sub(r"\([^)<>]*\)", " ", text))    # "Philippa Hartley (Pip is fine)", "chloe 😊"
    cleaned = re.sub(r"^(hi|hello|hey|good (?:morning|afternoon|evening))[,.!\s]+", "", cleaned.strip(), flags=re.I)
    cleaned = re.sub(r"[\s,.;!-]+(?:thank you|thanks|thank u|thx|ta|cheers|regards)(?: very much| so much)?[\s.!]*$", "",
                     cleaned, flags=re.I).strip(" ,.;") or cleaned     # "Hello. Ewa Kowalczyk, 07700 900736. Thank you"
    cleaned = _AFTER_NAME.sub("", _BEFORE_NAME.sub("", cleaned)).strip() or cleaned
    leading = _LEADING_NAME.match(cleaned)
    if leading and len(cleaned.split()) > 3 and not {w.lower() for w in leading.group(1).split()} & _NOT_NAMES:
        cleaned = leading.group(1)
    head, _, rest = re.sub(r"\s+", " ", cleaned).partition(",") if "," in cleaned else cleaned.partition(". ")
    if rest.strip() and not _NAME_CUE.search(cleaned):
        # "Graham Pike. It is for my wife", "Fiona McAllister, I'm his mum": the name, then the rest
        return first_name(head)
    cue = _NAME_CUE.search(cleaned) or _SHORT_NAME_CUE.search(cleaned)
    if cue:
        words = [w for w in cue.group(1).split() if w.lower() not in _NOT_NAMES]
    else:
        words = cleaned.strip(" .!,").split()
        if len(words) > 3:
            return None
    if not words or not all(re.fullmatch(_WORD, w) for w in words):
        return None
    if words[0].lower().strip("'’-") in _NOT_NAMES:
        return None
    for index, word in enumerate(words):      # "Helen Price", "Anna please": the name is what comes first
        if word.lower().strip("'’-") in _NOT_NAMES:
            words = words[:index]
            break
    name = " ".join(words)[:50]
    return " ".join(w[:1].upper() + w[1:] for w in name.split())


#: what people say they are that is no name ("I'm Indian", "I'm Black", "I'm Type 1")
SAID_NOT_NAMES = frozenset("""indian british english irish scottish welsh asian black white polish spanish portuguese
    italian french german romanian nigerian ghanaian african caribbean jamaican pakistani bangladeshi chinese
    japanese korean filipino arab arabic turkish greek muslim christian jewish hindu sikh catholic latina latino
    mixed trans female male diabetic pregnant type not also so just really still currently from in on here
    new back married single retired vegan asthmatic epileptic""".split())
#: a message that starts by saying who is writing, the name capitalised as names are
_INTRODUCED = re.compile(r"^\W*(?:(?i:hi|hello|hey|hiya|good (?:morning|afternoon|evening))\W+)?(?i:i'?m|i am|this is|"
                         r"it'?s|my name'?s)\s+([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?)(?=\s*[,.!\-–—]|\s+(?i:here|and)\b|\s*$)")
_SIGN_OFF = re.compile(r"^(?:(?:many |big )?thanks?(?: you)?|thx|ty|cheers|regards|kind regards|best(?: wishes)?|"
                       r"ta|love|from)\b[\s,.!]*", re.I)
_SIGNATURE = re.compile(r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?")


def name_in_message(text: str, with_contact: bool = False) -> Optional[str]:
    """A name given inside a longer message, its contact details already taken out.

    "my name is Anna" anywhere, or a message signed at the end ("…it's about SMP. Dean", "…, thanks, Tom x",
    "Angela Brown"): a last clause of one or two capitalised words that read as a name. Where the message
    also gave an email or a phone (``with_contact``), such a clause counts anywhere after the first
    ("Thursday at 7pm? Priya Shah, priya@example.com. It's about stretch marks").
    """
    cue = next((c for c in _NAME_CUE.finditer(text) if not c.group(0).lower().startswith("call me")), None)
    named = first_name(cue.group(0)) if cue else None       # "can someone call me after 5" names nobody
    if named:
        return named
    intro = _INTRODUCED.match(text)             # "I'm Sunita Sharma, vitiligo on my face…"
    if intro and not {w.lower() for w in intro.group(1).split()} & (_NOT_NAMES | SAID_NOT_NAMES) \
            and (named := first_name(intro.group(1))):
        return named
    said_with_contact = _ITS_NAME.match(text) if with_contact else None
    if said_with_contact and not {w.lower() for w in said_with_contact.group(1).split()} & (_NOT_NAMES | SAID_NOT_NAMES) \
            and (named := first_name(said_with_contact.group(1))):
        return named                            # "it's Hannah Cole by the way - +44 7700-900-728"
    clauses = [c.strip() for c in re.split(r"[,.;:!?\n()]+|\s[-–—]\s", text) if c.strip()]
    if len(clauses) < 2:
        return None
    for clause in reversed(clauses[1:] if with_contact else clauses[-1:]):
        said = re.sub(r"[\s\d+()-]+$", "", clause)            # a number that was not read as a phone
        said = re.sub(r"\s+x+$", "", _SIGN_OFF.sub("", said), flags=re.I).strip()
        if _SIGNATURE.fullmatch(said) and (name := first_name(said)):
            return name
    return None


#: words that tie a phrase to a health-screen question: the understanding's list, one for the whole assistant
HEALTH_TERMS = fact_words.HEALTH_TERMS
#: "I take no medication" answers the medicine questions too
_MEDICINES = ("medication", "medicine", "meds", "tablets", "pills")
_MEDICINE_SLOTS = ("anticoagulants", "isotretinoin")
#: questions about the past ("have you ever had a keloid?"): any mention that is not denied is a yes
#: answers that a plain mention states ("keloids after my piercings", "nickel i think"): a yes unless denied
_HISTORY_SLOTS = ("keloid_history", "allergies")
_CLAUSE = re.compile(r"[.;,!?\n]+|\band\b|\bbut\b|\balso\b")
#: time words make a mention ambiguous ("stopped breastfeeding 4 months ago"): better to ask
_PAST = re.compile(r"\b(stopped|finished|used to|ago|last year|anymore|any more|no longer|until|recently)\b|"
                   r"\b(?:from|after|during|since|with) (?:my|her|the|a|each|both|two|three|all) (?:\w+ )?(?:pregnanc|bab)|"
                   r"\bwhen i was (?:pregnant|expecting)|\bwhile pregnant\b|\bpregnancy (?:stretch )?marks\b")
_PRESENT_YES = re.compile(r"\b(i'm on|im on|i am on|i take|i'm taking|i am taking|on|i have|i've got|i get|i do|"
                          r"i do get|i'm|im|i am|type 1|type 2|diabetic|still|currently|at the moment|yes|takes|does take|"
                          r"(?:he|she|they)(?:'s| is| are) on|(?:he|she) has)\b")


def health_mentions(text: str, wanted: Sequence[str]) -> dict[str, str]:
    """Health-screen answers stated in passing ("not pregnant, no blood thinners, I'm diabetic").

    Only clear statements count: a negated mention is "no", a present-tense one is "yes";
    anything with a time in it ("stopped breastfeeding in May") is left for the question.
    """
    found: dict[str, str] = {}
    for clause in _CLAUSE.split(text.lower().replace("’", "'")):
        clause = f" {clause.strip()} "
        if not clause.strip() or _PAST.search(clause):
            continue
        negated = bool(_NEGATION.search(clause)) or " none " in clause
        slots = [s for s in wanted if any(term in clause for term in HEALTH_TERMS.get(s, ()))]
        if negated and any(m in clause for m in _MEDICINES) and not re.search(r"\binsulin|\bdiabet|\bdiet", clause):
            # "no tablets" says no blood thinner or isotretinoin, but not "no insulin or tablets" for diabetes
            slots += [s for s in _MEDICINE_SLOTS if s in wanted and s not in slots]
        for slot in slots:
            if _negated_before(clause, HEALTH_TERMS.get(slot, ())) or (negated and slot in _MEDICINE_SLOTS
                                                                       and any(m in clause for m in _MEDICINES)):
                found.setdefault(slot, NO)      # "no blood thinners"; never "warfarin… does that mean he can't?"
            elif _PRESENT_YES.search(clause) or slot in _HISTORY_SLOTS:
                found[slot] = YES                      # a "yes" anywhere outweighs a "no" elsewhere
    if found.get("pregnant_or_breastfeeding") == NO and not _neither_pregnant_nor_breastfeeding(text.lower()):
        del found["pregnant_or_breastfeeding"]       # "not pregnant" says nothing about breastfeeding
    return found


def _negated_before(clause: str, terms: Sequence[str]) -> bool:
    """Whether the first mention of one of ``terms`` in ``clause`` is denied: a negation just before it ("not
    pregnant", "no blood thinners", "i don't take warfarin") or a bare no right after it ("diabetes: no")."""
    at = min((clause.find(t) for t in terms if t in clause), default=-1)
    if at < 0:
        return " none " in clause
    before, after = clause[max(0, at - 40):at], clause[at:at + 40]
    return bool(_NEGATION.search(before)) or bool(re.match(r"^\S+\W+(?:no|none|nope|never)\b", after)) \
        or " none " in clause


def _neither_pregnant_nor_breastfeeding(lowered: str) -> bool:
    return "neither" in lowered or (("pregnan" in lowered) and any(w in lowered for w in ("breastfe", "breast fe",
                                                                                           "nursing")))
