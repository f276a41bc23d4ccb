"""What a request for a person says: what it is about, when to get in touch, who to ask for, how.

"can someone call me after 5pm, I want to ask if numbing cream is ok while breastfeeding" gives the
reason "if numbing cream is ok while breastfeeding" and the time "after 5pm". The reason is kept in
the visitor's own words, short; it may be about their health, so it is shown to the practitioner in
the dashboard only, never put in a notification.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from bot.contact import Contact, is_skip, read_contact, without_contact
from bot.intake.answers import first_name, name_in_message

REASON_MAX = 200
TIME_MAX = 100

_CLOCK = r"\d{1,2}(?![\d])(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?"
#: a number that counts something ("10 weeks", "2 sessions"), not a clock time ("after 10 weekdays" is one)
_NOT_DURATION = r"(?!\s*(?:weeks?|months?|years?|days?|hours?|hrs?|mins?|minutes?|sessions?)\b|\s*%|\s*(?:st|nd|rd|th)\b)"
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekdays?|weekends?|week ?days?|tomorrow|today|tonight"
_PART = r"(?:early |late )?(?:morning|afternoon|evening|lunch ?time|lunch|night)s?"
_TIME_PHRASES = re.compile(
    r"\b(?:any ?time|whenever(?: suits)?|any day|all day|as soon as possible|asap|right away)\b"
    rf"|\bbetween\s+{_CLOCK}\s*(?:and|-|to)\s*{_CLOCK}{_NOT_DURATION}"
    rf"|\b(?:after|before|from|until|till|by|around|about|at|not before|not after)\s+{_CLOCK}{_NOT_DURATION}"
    rf"|(?<![£$€\d.,])\b\d{{1,2}}[:.][0-5]\d\s*(?:am|pm|a\.m\.|p\.m\.)?{_NOT_DURATION}|\b\d{{1,2}}\s*(?:am|pm)\b"
    rf"(?:\s*(?:-|to|and)\s*{_CLOCK}{_NOT_DURATION})?"
    r"|\bafter (?:work|school|lunch)\b"
    rf"|(?<=day )\d{{1,2}}\s*[-–]\s*\d{{1,2}}\s*(?:am|pm)?\b"      # "thursday 1-2": a time range after a day
    rf"|\b(?:(?:on |during the |during )?(?:{_DAY})\s+)?(?:(?:in the|this|during the|at)\s+)?{_PART}\b"
    rf"|\b(?:on |during the |during )?(?:{_DAY})\b", re.I)
#: a request for a person, in the words visitors use: removed from the message to find what it is about
_PERSON = (r"(?:a |an |the |some |one of the |your |a real |a live |an actual |real |actual )*"
           r"(?:person|human|human being|someone|somebody|anyone|anybody|people|practitioner|staff|member of staff|"
           r"nurse|specialist|expert|technician|artist|owner|marta|team|agent|operator|studio|you guys)")
_REQUEST = re.compile(
    rf"\b(?:can|could|would|will|may|pls|please|plz)?\s*(?:i|we)?\s*(?:please\s+)?"
    rf"(?:talk|speak|chat|have a word)\s+(?:to|with)\s+{_PERSON}\b(?:\s+(?:please|pls|plz))?"
    rf"|\b(?:can|could|would|will)\s+(?:{_PERSON}|you|they|she)\s+(?:please\s+)?"
    r"(?:call|ring|phone|contact|text|message|email|e-mail|get back to|get in touch with|reach|help)\s+me"
    r"(?:\s+back)?\b"
    r"|\b(?:i'?d like|i would like|i want|i wanna|i need|i'?d prefer|i would prefer|i'?d rather|i would rather|"
    r"id like|id rather)\s+(?:to\s+)?(?:talk|speak|chat)\s+(?:to|with)\s+" + _PERSON + r"\b"
    r"|\b(?:please\s+)?(?:call|ring|phone|contact|text)\s+(?:me|him|her|them|my (?:dad|mum|mom|father|mother|husband|"
    r"wife|partner|son|daughter|nan|gran|grandad))(?:\s+back)?\b"
    r"|\b(?:get|put|pass|transfer|connect)\s+me\s+(?:to|through to|with)\s+" + _PERSON + r"\b"
    r"|\b(?:a\s+)?(?:real|live|actual)\s+(?:person|human)\b"
    r"|^\s*(?:human|person|agent|operator|someone|somebody)\b", re.I)
#: words that say nothing about what the visitor wants to talk about
_EMPTY_WORDS = frozenset("""
    and but also please pls plz thanks thank you just now instead really asap because cos coz
    can could would will may the with someone somebody anyone person human real talk speak chat call ring phone
    get put hello hey okay yes yeah want need like ideally possible sure not about regarding
    rather prefer this that these things thing stuff something some few quick question questions wait for cheers
    ill i'll i'd i'm id have myself directly instead marta them her him there here tho though actually
    """.split())
_LEAD_IN = re.compile(
    r"^(?:and |but |so |also |because |cos |as )*(?:"
    r"i (?:want|wanted|would like|'d like|need|needed|have|had|just want|just wanted)\s+(?:to\s+)?"
    r"(?:know|ask|check|find out|talk about|discuss|chat about|speak about|a (?:quick )?question|some questions)"
    r"(?:\s+(?:about|regarding|on))?"
    r"|i'?d like to (?:know|ask|check|find out)(?:\s+about)?"
    r"|(?:it'?s|its|it is) (?:about|regarding)|(?:a )?(?:quick )?question (?:about|on|regarding)|about|regarding|re:?)"
    r"\s+", re.I)
_CLAUSES = re.compile(r"[,;!?\n]+|\.(?:\s|$)|\s[-–—]\s|\b(?:because|cause|cos|coz)\b", re.I)
_NAME_CUE = re.compile(r"\b(?:my name is|my name's|name's|name is|i am called|i'm called|me llamo|mi nombre es)\s+"
                       r"([^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?)", re.I)
#: "Hi, this is Noor Haddad": a capitalised name at the start; "this is getting a lot" names nobody
_THIS_IS = re.compile(r"^\W*(?:(?:hi|hello|hey|hiya)\W+)?this is\s+((?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?)"
                      r"(?=\W|$)", re.I)
#: the person the call is for, named by whoever writes ("I'm Deepak, her son. The call is for her though, Kamala Mistry")
_CALL_IS_FOR = re.compile(r"\b(?:the call is for|call is for|it'?s for|ask for|asking for|speak to|talk to|ring|call)\s+"
                          r"(?:(?:her|him|them|my (?:mum|mom|mother|dad|father|wife|husband|partner|gran|nan|son|daughter))"
                          r"\W+(?:though\W+|actually\W+)?)?((?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?)(?=\W|$)", re.I)
_ASK_FOR = re.compile(r"^\W*(?:(?:they|she|he|you|marta)\s+(?:can|could|should)\s+)?(?:just\s+)?(?:ask|asking)\s+"
                      r"(?:for\s+)?|^\W*(?:it'?s|its|it is|that'?s|that is|me,?|soy|pregunten por|preguntad por|"
                      r"pueden preguntar por)\s+", re.I)


@dataclass(frozen=True)
class Request:
    """What a message asking for a person already tells."""

    reason: Optional[str] = None
    contact_time: Optional[str] = None
    name: Optional[str] = None
    contact: Contact = Contact()


def _short(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;.-")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;.-") + "…"


#: times in a message that are no time to call: their shifts ("just off nights", "I work nights"), what they rule
#: out ("not nights"), their own day ("home by half 7 and asleep by 11")
_NOT_CALL_TIMES = re.compile(
    r"\b(?:just |coming |been )?(?:off|on|working|doing|do|work) (?:the |that |this |my )?nights?\b(?: (?:in|at|on) the \w+)?|"
    r"\bnight[\s-]?shifts?\b|\bnot (?:in the |during the |at )?(?:nights?|mornings?|afternoons?|evenings?)\b|"
    r"\b(?:home|asleep|in bed|back|up|awake|finish(?:ed)?|done|at work|in work|on shift)\s+(?:by|at|from|until|till)\s+"
    r"\d{1,2}(?::\d\d)?\s*(?:am|pm)?", re.IGNORECASE)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", text.replace("’", "'"))).strip()
    text = re.sub(r"\bhalf (?:past )?(\d{1,2})\b", r"\1:30", text, flags=re.I)      # "after half 6" is 6:30
    text = re.sub(r"\bquarter past (\d{1,2})\b", r"\1:15", text, flags=re.I)
    return _NOT_CALL_TIMES.sub(" ", text)


#: when to call, said in Spanish, in the English words the practitioner reads ("por la tarde" -> "afternoons")
_SPANISH_TIMES: tuple[tuple["re.Pattern[str]", str], ...] = (
    (re.compile(r"\b(?:a )?cualquier (?:hora|momento)\b|\bcuando sea\b|\bme da igual\b", re.I), "any time"),
    (re.compile(r"\b(?:por|en) las? mañanas?\b|\bmañanas\b", re.I), "mornings"),
    (re.compile(r"\b(?:por|en) las? tardes?\b|\btardes\b", re.I), "afternoons"),
    (re.compile(r"\b(?:por|en) las? noches?\b|\bnoches\b", re.I), "evenings"),
    (re.compile(r"\bdespu[eé]s de las\b", re.I), "after"),
    (re.compile(r"\bantes de las\b", re.I), "before"),
    (re.compile(r"\bentre las\b", re.I), "between"),
    (re.compile(r"\ba las\b", re.I), "at"),
    (re.compile(r"\b(?:y las|a)\b(?=\s+\d)", re.I), "and"),
    (re.compile(r"\blunes\b", re.I), "Monday"), (re.compile(r"\bmartes\b", re.I), "Tuesday"),
    (re.compile(r"\bmi[eé]rcoles\b", re.I), "Wednesday"), (re.compile(r"\bjueves\b", re.I), "Thursday"),
    (re.compile(r"\bviernes\b", re.I), "Friday"), (re.compile(r"\bs[aá]bados?\b", re.I), "Saturday"),
)


def in_english_times(text: str) -> str:
    """``text`` with Spanish ways of saying when to call put in English ("los martes por la tarde")."""
    for pattern, english in _SPANISH_TIMES:
        text = pattern.sub(english, text)
    return text


def contact_time(text: str) -> Optional[str]:
    """When to get in touch, as said ("after 5pm", "weekday mornings", "any time", "por la tarde"), or None."""
    text = _FROM_TILL.sub(r"between \1 and \2", text)    # "1 till 2", "1pm until 2pm": a range
    found = [m.group(0).strip() for m in _TIME_PHRASES.finditer(in_english_times(_clean(text)))]
    if not found:
        return None
    if any(re.search(r"\d", f) for f in found):
        found = [f for f in found if not re.fullmatch(r"(?:on |during )?(?:my |the )?lunch ?(?:time|break)?s?", f, re.I)]
    found = [f for i, f in enumerate(found) if f.lower() not in {g.lower() for g in found[:i]}]  # "… just thursday": once
    said = re.sub(r"^(?:on|during|during the)\s+", "", " ".join(found), flags=re.I)
    said = re.sub(r"\b(?:any ?time|whenever)\b", "any time", said, flags=re.I)
    said = re.sub(r"\b(?:after|before|from|until|till|by|around|about|at|not|between|and|to)\b",
                  lambda m: m.group(0).lower(), said, flags=re.I)          # "AFTER 6:30" typed in anger
    return _short(said, TIME_MAX)


#: a time said to suit them ("tuesday between 1 and 2 is best", "mornings work for me")
_SUITS = re.compile(r"\b(?:is|are|would be|'d be|works?|suits?)\s+(?:best|good|ideal|better|fine|easiest|for me)\b|"
                    r"\bbest time\b|\bsuits? me\b|\bi'?m (?:free|around|available)\b", re.IGNORECASE)
#: a day they cannot do ("tuesday im on a course all day", "not tuesday", "cant do tuesday at all")
_CANT_DAY = re.compile(
    rf"\b(?:not|no|can'?t do|cannot do|cant do|can'?t make|cant make|can'?t manage)\s+(?:on\s+)?(?:a\s+)?(?:{_DAY})\b"
    rf"(?:\s+at all)?|\b(?:{_DAY})\b[^.?!,]{{0,12}}\b(?:i'?m|im|i am|i'?ll be|ill be)\s+(?:on|at|in|away|busy|working|"
    rf"out)\b[^.?!,]{{0,25}}|\b(?:{_DAY})\b[^.?!]{{0,12}}\b(?:is no good|doesn'?t work|won'?t work|is out|no good)\b|"
    rf"\b(?:instead of|rather than|not on)\s+(?:(?:on|the)\s+)?(?:{_DAY})\b|"
    # "monday is swimming", "wednesday's the school run": the day is taken, unless it is said to suit
    rf"\b(?:{_DAY})\s*(?:is|'s)\s+(?!(?:best|good|fine|great|ok|okay|perfect|better|free|easiest|ideal|better|great)\b)"
    rf"(?:(?!\b(?:between|after|before|from|at)\b)[a-z']+\s*){{1,4}}(?=[.?!,]|$)",
    re.IGNORECASE)
#: a range said with "till" or "until" ("tuesday 1 till 2")
_FROM_TILL = re.compile(r"(?<!between )\b(\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)?)\s*(?:till|til|until|to)\s*(\d{1,2}(?:[:.]\d\d)?\s*"
                        r"(?:am|pm)?)\b", re.IGNORECASE)
_SAME_TIME = re.compile(r"\bsame (?:time|hours?|slot)\b", re.IGNORECASE)


#: a time of day in a call time, in English or Spanish ("between 1 and 2", "mornings", "por la tarde")
_CLOCK_DETAIL = re.compile(r"\d|\b(?:morning|afternoon|evening|lunch|night|noon|midday|mañana|tarde|noche|mediodía)s?\b",
                           re.IGNORECASE)
_DAYS = {"mon": "mon", "lunes": "mon", "tue": "tue", "martes": "tue", "wed": "wed", "miércoles": "wed",
         "miercoles": "wed", "thu": "thu", "jueves": "thu", "fri": "fri", "viernes": "fri", "sat": "sat",
         "sábado": "sat", "sabado": "sat", "sun": "sun", "domingo": "sun"}


def _day_named(text: str) -> Optional[str]:
    """The weekday a call time names ("Wednesday", "el miércoles"), as its English abbreviation."""
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        day = _DAYS.get(word) or _DAYS.get(word[:3]) if word.endswith(("day", "days")) or word in _DAYS else None
        if day:
            return day
    return None


#: a time changed in so many words, even as a question ("could they make it Thursday instead?")
_A_CHANGE = re.compile(r"\b(?:instead|change|rather|make it|move it|can (?:they|she|you|it) (?:do|make it|be)|"
                       r"could (?:they|she|you|it) (?:do|make it|be)|not (?:monday|tuesday|wednesday|thursday|friday|"
                       r"saturday|sunday))\b", re.IGNORECASE)


def updated_time(previous: Optional[str], text: str) -> Optional[str]:
    """When to call, after a correction of the time already noted ("oh no wait tuesday im on a course all day.
    thursday same time?" after "tuesday between 1 and 2": "thursday between 1 and 2"), or None."""
    kept = _CANT_DAY.sub(" ", text)             # the day they cannot do is no time to call
    when = contact_time(kept)
    if when is None:
        return None
    if previous and not _CLOCK_DETAIL.search(when) and _CLOCK_DETAIL.search(previous) \
            and _day_named(when) in (None, _day_named(previous)):
        return None                             # "they'll ring me Wednesday then" keeps "Wednesday between 4 and 5"
    if previous and "?" in text and _day_named(when) == _day_named(previous) and not _A_CHANGE.search(text):
        return None                             # "will they call mum on Wednesday morning?" checks the time kept
    if _SAME_TIME.search(text) and previous and not _CLOCK_DETAIL.search(re.sub(rf"\b(?:{_DAY})\b", " ", when,
                                                                                flags=re.IGNORECASE)):
        # the new day at the time said before ("thursday same time?"), unless the new time is said too
        clock = re.sub(rf"\b(?:on |during |during the )?(?:{_DAY})\b", " ", previous, flags=re.IGNORECASE)
        clock = re.sub(r"\s+", " ", clock).strip(" ,")
        if clock and clock.lower() not in when.lower():
            when = _short(f"{when} {clock}", TIME_MAX)
    return when


def _is_request_clause(clause: str) -> bool:
    return _REQUEST.search(clause) is not None


def is_request(text: str) -> bool:
    """Whether ``text`` asks for a person ("can I talk to someone", "call me back")."""
    return _REQUEST.search(_clean(text)) is not None


#: venting, not what the call is about ("honestly this is doing my head in", "this is useless")
_VENTING = re.compile(r"\b(?:doing my head in|driving me (?:mad|crazy|nuts)|(?:this|you|it)(?:'s| is| are) (?:useless|pointless|"
                      r"rubbish|a joke)|waste of (?:my )?time|for (?:god'?s|f\w*'?s) sake|fed up)\b", re.IGNORECASE)
#: a request broken off ("can she just", "could you")
_CUT_OFF = re.compile(r"(?:can|could|will|would) (?:she|you|u|someone|somebody|they|marta)(?: just| please)?", re.IGNORECASE)
#: "i already said. tuesday after 4": the time, without the lead-in
_ALREADY_SAID = re.compile(r"^\W*(?:i (?:already|just) (?:said|told you)|as i (?:said|told you)|like i (?:said|told you)|"
                           r"i said)\b\W*", re.IGNORECASE)


def _only_times(clause: str) -> bool:
    """A clause that is nothing but times ("tuesday after 4")."""
    left = _TIME_PHRASES.sub(" ", _POLITE.sub("", clause))
    return bool(_TIME_PHRASES.search(clause)) and not re.search(r"[^\W\d_]{2,}", left)


def _reason(text: str) -> Optional[str]:
    """What is left of a request once the request itself, the time and the contact are taken out."""
    kept: list[str] = []
    for clause in _CLAUSES.split(text):
        if not clause or not clause.strip():
            continue
        part = clause
        if _is_request_clause(part):
            part = _TIME_PHRASES.sub(" ", _REQUEST.sub(" ", part))
        elif _TIME_PHRASES.fullmatch(part.strip()) or (_SUITS.search(part) and not re.search(
                r"[^\W\d_]{3,}", _TIME_PHRASES.sub(" ", _SUITS.sub(" ", part)))):
            continue                            # "tuesday between 1 and 2 is best": when, not what about
        elif _only_times(part) or _VENTING.search(part) or _CUT_OFF.fullmatch(part.strip()):
            continue                            # "tuesday after 4", "this is doing my head in", "can she just"
        part = re.sub(r"\s+", " ", part).strip(" ,;.-")
        part = _LEAD_IN.sub("", part).strip()
        if _CUT_OFF.fullmatch(part):
            continue
        if any(w.lower() not in _EMPTY_WORDS for w in re.findall(r"[^\W\d_]{3,}", part)):
            kept.append(part)
    return _short(", ".join(kept), REASON_MAX) if kept else None


def read_request(text: str, region: str) -> Request:
    """What a request for a person already tells: reason, when, name, email and phone."""
    if not text or text.startswith("/"):
        return Request()
    cleaned = _clean(text)
    contact = read_contact(cleaned, region)
    rest = without_contact(cleaned, region)
    times = [m.group(0) for clause in _CLAUSES.split(rest) if clause and (_is_request_clause(clause)
             or _TIME_PHRASES.fullmatch(_POLITE.sub("", clause).strip()) or _SUITS.search(clause) or _only_times(clause))
             for m in _TIME_PHRASES.finditer(clause)]
    when = contact_time(" ".join(times)) if times else None
    cue = _NAME_CUE.search(rest) or _THIS_IS.search(rest)
    name = first_name(cue.group(1)) if cue else None
    if cue:
        rest = rest[:cue.start()] + rest[cue.end():]
    elif (signed := name_in_message(rest, with_contact=bool(contact))) is not None:   # "…it's about SMP. 07911 123456, Tom"
        # or "I'm Sunita Sharma, vitiligo on my face…"
        name = signed
        rest = re.sub(rf"\b{re.escape(signed)}\b", " ", rest, count=1)
    reason = _reason(rest)
    for said in times:                          # "…about her surgery, tuesday morning please": when, not what about
        reason = re.sub(rf"[,;]?\s*\b{re.escape(said)}\b(?:{_POLITE.pattern})?", "", reason or "",
                        flags=re.IGNORECASE).strip(" .,;!") or None
    return Request(reason=reason, contact_time=when, name=name, contact=contact)


#: politeness after a time ("tuesday morning please"): the time is the whole clause
_POLITE = re.compile(r"\s*\b(?:please|pls|plz|thanks|thank you|if possible|ideally|if that'?s ok|x+)\W*$", re.IGNORECASE)


def reason_answer(text: str) -> Optional[str]:
    """The answer to "what would you like to talk about?", short; None for "skip"."""
    cleaned = _clean(text)
    if is_skip(cleaned) or len(re.findall(r"[^\W\d_]", cleaned)) < 2:
        return None
    return _short(_LEAD_IN.sub("", cleaned) or cleaned, REASON_MAX)


def name_answer(text: str) -> Optional[str]:
    """The answer to "who should they ask for?" ("Anna", "ask for Anna", "it's Anna Maria")."""
    cleaned = without_contact(_clean(text), "GB").strip(" ,.!")
    cue = _CALL_IS_FOR.search(cleaned) or _NAME_CUE.search(cleaned) or _THIS_IS.search(cleaned)
    if cue and (named := first_name(cue.group(1))):
        return named
    return first_name(_ASK_FOR.sub("", cleaned).strip(" ,.!"))


_ANY_TIME = re.compile(r"^\W*(?:any ?time|whenever|(?:i )?don'?t mind|no preference|any time is fine|"
                       r"anytime is fine|whenever suits(?: you)?|whenever is fine)\W*$", re.I)


#: a longer answer to "when suits you?" is a story with the time in it: the time is kept, not the story
LONG_TIME_ANSWER = 8


def time_answer(text: str) -> Optional[str]:
    """The answer to "when suits you?", as said and short ("any time" for "whenever"); None for "skip"."""
    cleaned = _ALREADY_SAID.sub("", without_contact(_clean(text), "GB"))
    if _ANY_TIME.match(cleaned) or _ANY_TIME.match(in_english_times(cleaned)):
        return "any time"
    if is_skip(cleaned) or not re.search(r"[^\W_]", cleaned):
        return None
    said = contact_time(text)
    if said and len(cleaned.split()) > LONG_TIME_ANSWER:
        return said                             # "oh no not nights I'm at work then any morning after 8 …": the time
    return _short(cleaned, TIME_MAX)
