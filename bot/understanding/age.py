"""How old the visitor (or the child they write for) says they are: the one reader of ages.

Only clear statements count: "I'm 17", "34 years old", "am 16", "I have 39 years" (a
common non-native phrasing), "my daughter is 15", "I'm under 18". A story's numbers
("my scar is 17 years old", "I'm 20 weeks pregnant", "I'm 5'9") and a bare number that
could pick an offered time are not ages. The intake's "are you 18 or older?" answer,
the first-message facts and the booking's refusal to book a minor all read ages here.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

_WORDS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
          "sixty": 60}
_NUMBER = r"(\d{1,3}|" + "|".join(_WORDS) + r")"
#: what may follow an age; anything else (":30", "weeks", "minutes", "am", "cm") is not one
_NOT_AN_AGE = (r"(?!\s*(?:[:.']\d|%|am\b|pm\b|o'?clock|min|minutes?|hours?|h\b|days?|weeks?|wks?|months?|mths?|kg|"
               r"cm|mm|ft|foot|feet|stone|st\b|noon|midday|sessions?|times?|tattoos?|scars?|marks?|patches|"
               r"percent|pounds?|quid|£|x\b))")
_YEARS = r"\s*(?:years?|yrs?|y/?o\b|y\.o\.|años|anos)(?:\s*old)?"
_SELF = re.compile(
    rf"(?:\b(?:i'?m|i am|im|age(?:d)?|my age is|age is|i'?ll be|i will be|i turned|i just turned|turning|i meant)"
    rf"|(?:^|[.,!?;]\s*)am)\s+(?:only\s+|just\s+|nearly\s+|almost\s+)?{_NUMBER}(?:{_YEARS})?{_NOT_AN_AGE}\b"
    rf"|\bi (?:have|got|am having) {_NUMBER}{_YEARS}\b",
    re.IGNORECASE)
#: a name then an age, as people introduce themselves ("hi im tom, 34, receding hairline", "Ana, 41, from Hove")
_NAME_THEN_AGE = re.compile(r"(?:^|\b(?:i'?m|im|i am|this is|it'?s|my name is|name'?s)\s+|^\W*(?:hi|hello|hey|hiya)\W+)"
                            r"[A-Za-z][a-z]+,\s*(\d{2})(?=\s*(?:,|\.|;|!|\band\b|$))", re.IGNORECASE)
#: "34 years old" on its own or about the writer, never "my scar is 17 years old"
_YEARS_OLD = re.compile(rf"\b{_NUMBER}\s*(?:years? old|yrs? old|y/?o\b|y\.o\.)", re.IGNORECASE)
_THING_BEFORE = re.compile(r"\b(?:scar|scars|mark|marks|burn|burns|tattoo|patch|patches|it|its|it's|they|they're|"
                           r"injury|surgery|operation|op|section|wound|vitiligo|hair ?loss)\b[^.,;!?]*$", re.IGNORECASE)
#: "Shrapnel scars down my left side and neck, 15 yrs old": the scars' age, said after a comma
_THING_LISTED = re.compile(r"\b(?:scars?|marks?|burns?|patch(?:es)?|stretch marks)\b[^.;!?]{0,60},\s*$", re.IGNORECASE)
_CHILD = re.compile(rf"(?:\b(?:my|our)\s+(?:(?:little |younger |baby |step-?)?(?:sister|brother)|cousin|friend|mate|"
                    rf"girlfriend|boyfriend|daughter|son|child|kid|boy|girl|teen|teenager|stepdaughter|stepson|"
                    rf"niece|nephew|grandson|granddaughter|mum|mom|mother|dad|father|nan|nana|gran|granny|grandma|grandad|"
                    rf"grandpa|husband|wife|partner|aunt|auntie|uncle)(?-i:,?\s+[A-Z][a-z'’-]+)?(?:,?\s+who)?(?:'s|\s+is|\s+turned|\s+turns|\s+just turned|"
                    rf"\s+aged?|,)?|\b(?:she|he)(?:'s|\s+is|\s+has)|\b(?:shes|hes)|\b(?:mi|nuestr[oa])\s+(?:hij[oa]|niñ[oa])\s+"
                    rf"(?:tiene|de))\s+(?:only\s+|just\s+)?{_NUMBER}(?:{_YEARS})?{_NOT_AN_AGE}\b",
                    re.IGNORECASE)
_MINOR = re.compile(r"\b(?:i'?m|i am|im)\s+(?:still\s+|only\s+)?(?:under|below|not yet|not)\s*(?:18|eighteen)\b|"
                    r"\b(?:i'?m|i am|im)\s+(?:still\s+)?(?:a minor|underage|under age|in year \d+|in high school|"
                    r"at school|in sixth form)\b", re.IGNORECASE)
_ADULT = re.compile(r"\b(?:i'?m|i am|im)\s+(?:well\s+)?(?:over|above|older than)\s*(?:18|eighteen)\b|"
                    r"\b(?:i'?m|i am|im)\s+(?:an )?adult\b|^\s*(?:yes,?\s+)?(?:over|above)\s*(?:18|eighteen)\b|"
                    r"\b(?:18|eighteen)\s*(?:\+|or (?:over|older|above))", re.IGNORECASE)
#: the people someone writes for ("my mum", "her husband"), as a regular-expression group
RELATIVES = (r"(?:husband|wife|partner|boyfriend|girlfriend|bf|gf|hubby|fianc[eé]e?|missus|bestie|best friend|fianc\w*|mum|mom|mother|dad|father|sister|brother|son|daughter|"
             r"child|kid|friend|nan|gran\w*|grandma|grandmother|grandad|grandfather|aunt|auntie|uncle|niece|nephew)")
_OTHER_PERSON = re.compile(r"(?<!feeding )(?<!nursing )(?<!pregnant with )(?<!expecting )(?<!birth to )(?<!carrying )"
                           r"(?<!had )(?<!having )(?<!since )(?<!after )(?<!with )(?<!from )\b(?:my|our) (?:daughter|son|child|kid|boy|girl|teenager|teen|stepdaughter|stepson|"
                           r"niece|nephew|grandson|granddaughter)\b"
                           # "my granddaughter is getting married in June": the occasion, the writer's own case
                           r"(?!\s+(?:is |was )?(?:getting married|gets married|having a baby|graduating)\b|"
                           r"['’]s (?:wedding|birthday|graduation|christening)\b)(?!\s+(?:says|said|told|tells|showed|sent|found|"
                           r"recommended|reckons|thinks|saw|suggested|is (?:the one|making me|helping)|(?:has |have |had )?(?:started |"
                           r"been |begun |keeps |kept )?(?:ask|asks|asked|asking|notic\w*|stares?|staring|point\w*))\b)|"
                           r"\b(?:for|asking for|on behalf of|about) my (?:husband|wife|partner|boyfriend|girlfriend|bf|gf|hubby|fianc[eé]e?|missus|bestie|best friend|mum|"
                           r"mom|mother|dad|father|sister|brother|friend|gran|grandma|grandmother|grandad|grandfather|"
                           r"aunt|uncle)\b|\bmy (?:husband|wife|partner|boyfriend|girlfriend|bf|gf|hubby|fianc[eé]e?|missus|bestie|best friend|mum|mom|mother|dad|father|"
                           r"sister|brother|friend|gran|grandma|grandmother|grandad|grandfather|aunt|uncle)(?:[\s-]in[\s-]law)? "
                           r"(?:(?:\w+ ){0,2}?(?:burnt|burned|cut|scarred|injured|hurt|broke) (?:his|her|their)|(?:got|was|has been) "
                           r"(?:bitten|burnt|burned|attacked|injured|scarred))\b|"
                           r"\b(?:he|she) (?:wants to know|would like to know)\b|\b(?:he|she)(?:'s| is)? (?:\d+ and )?"
                           r"(?:too|very|really) (?:embarrassed|shy|nervous) to\b|"
                           r"\bcan i book (?:it |one )?for (?:him|her)\b|"
                           # a carer writing for the person they support ("I'm a support worker for a young man (24)")
                           r"\b(?:i'?m|i am|im|as) (?:a |an |his |her |their )?(?:support worker|carer|care worker|"
                           r"care assistant|personal assistant|key ?worker|social worker|guardian) (?:for|to|of)\b|"
                           r"\bi (?:care for|support|look after) (?:a|an|my) (?:young |elderly |older )?(?:man|woman|lady|"
                           r"gentleman|person|client|resident|boy|girl)\b", re.IGNORECASE)
#: a relative named as the subject ("my husband is…", "my mum had…"): the message may be about them, unless the
#: writer tells their own case ("I had a mastectomy… my husband is lovely about it")
_RELATIVE_SUBJECT = re.compile(r"(?:\b(?:my|me) |^\W*(?:(?:hi|hey|hello|hiya)\W+)?)(?:husband|wife|partner|boyfriend|girlfriend|bf|gf|hubby|fianc[eé]e?|missus|bestie|best friend|mum|mom|mother|dad|father|"
                               r"sister|brother|friend|gran|grandma|grandmother|grandad|grandfather|aunt|uncle) "
                               r"(?:\([^)]{0,25}\) |\d{2},? )?(?:wants|would like|is|has|had|needs|was|lost|asked)\b", re.IGNORECASE)
#: the writer telling their own case: their treatment, body, history or medicine in the first person
_OWN_CASE = re.compile(r"\b(?:i(?:'ve|ve| have| had)(?: had| got)?|i'?ve got|i got|i'?m on|i am on|i take|i use|i was)\b"
                       r"[^.?!]{0,60}?\b(?:scar|mastectom|surgery|operation|burn|stretch|vitiligo|hair|bald|diabet|chemo|"
                       r"radio|cancer|keloid|implant|graft|lumpectomy|patch|marks|warfarin|apixaban|insulin|tablets)\w*|"
                       r"\bmy (?:own )?(?:scars?|hair|skin|stretch marks|areolas?|nipples?|vitiligo|burns?|crown|scalp|"
                       r"hairline|breasts?|chest|tummy|belly|arms?|legs?|face)\b|"
                       r"\b(?:i'?m|i am|im) (?:\d{2}|(?:a |completely |totally )?(?:bald|diabetic))\b", re.IGNORECASE)


def _number(word: str) -> int:
    return _WORDS[word.lower()] if word.lower() in _WORDS else int(word)


def _plausible(age: int) -> bool:
    return 10 <= age <= 110


def own_age(text: str) -> Optional[int]:
    """The age the writer gives for themselves, if any (the last one said wins: "17, sorry I meant 27")."""
    ages: list[tuple[int, int]] = []
    ages.extend((match.start(), int(match.group(1))) for match in _NAME_THEN_AGE.finditer(text or "")
                if _plausible(int(match.group(1))))
    for match in _SELF.finditer(text or ""):
        word = match.group(1) or match.group(2)
        if _plausible(_number(word)) and not _SOMEDAY.search((text or "")[:match.start()]):
            to_come = re.match(r"(?i)\W*(?:turning|i'?ll be|i will be)\b", match.group(0))
            ages.append((match.start(), _number(word) - (1 if to_come else 0)))    # "turning 18 in march": 17
    for match in _YEARS_OLD.finditer(text or ""):
        before = (text or "")[:match.start()]
        if _THING_BEFORE.search(before) or _CHILD_BEFORE.search(before) or _THING_LISTED.search(before):
            continue
        if _plausible(_number(match.group(1))):
            ages.append((match.start(), _number(match.group(1))))
    intro = _INTRO_AGE.search(text or "")
    if intro and _plausible(int(intro.group(1))):
        ages.append((intro.start(1), int(intro.group(1))))
    return max(ages)[1] if ages else None


#: an introduction with the age after the name: "I'm Sophie Hart, 39, …", "Dan, 52 -"
_INTRO_AGE = re.compile(r"^\W*(?:(?i:hi|hello|hey|hiya)\W+)?(?:(?i:i'?m|i am|my name is|this is)\s+)?"
                        r"(?!(?i:price|prices|scar|scars|cost|age|knee|question|stretch|smp|areola|vitiligo|hair|"
                        r"hello|thanks|total|size|number|room|session|sessions)\b)"
                        r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?\s*[,(–-]\s*(\d{2})\s*(?:[,)–.-]|y/?o\b|$)")


#: "…and pay when I'm 18": an age to come, not the writer's
_SOMEDAY = re.compile(r"\b(?:when|until|till|til|once|after|before|by the time|as soon as|if)\s*$", re.IGNORECASE)
_CHILD_BEFORE = re.compile(r"\b(?:my|our)\s+(?:daughter|son|child|kid|boy|girl|teen|teenager)\b[^.;!?]*$"
                           r"|\b(?:she|he)(?:'s|\s+is)\s*$", re.IGNORECASE)


def child_age(text: str) -> Optional[int]:
    """The age of a child or relative the writer asks for ("my daughter is 15"), if any."""
    for match in _CHILD.finditer(text or ""):
        if 1 <= _number(match.group(1)) <= 110:        # "my daughter is 9": a child's age is plausible too
            return _number(match.group(1))
    return None


#: booking or asking for someone else ("Booking for the wife", "asking for my husband")
_FOR_SOMEONE = re.compile(r"\b(?:book\w*|asking|enquir\w*|inquir\w*|messaging|writing)\s+(?:on behalf of|for)\s+(?:the|my|our)\s+"
                          r"(?:wife|husband|partner|missus|missis|mrs|hubby|other half|boyfriend|girlfriend|fianc[ée]e?|mum|mom|"
                          r"mother|dad|father|sister|brother|friend|nan|gran|grandma|grandad|grandfather|grandmother)\b",
                          re.IGNORECASE)


def about_someone_else(text: str) -> bool:
    """Whether the message is written for a child or relative ("my son wants…", "booking for the wife")."""
    text = text or ""
    if _OTHER_PERSON.search(text) or _FOR_SOMEONE.search(text):
        return True
    return bool(_RELATIVE_SUBJECT.search(text)) and not _OWN_CASE.search(text)


def says_minor(text: str, minimum_age: int = 18) -> Optional[bool]:
    """True when ``text`` says the writer (or the child it is for) is under ``minimum_age``;
    False when it clearly says they are an adult; None when it says neither."""
    if not text or text.startswith("/"):
        return None
    child = child_age(text)
    if child is not None and child < minimum_age:
        return True                             # booking for a child: someone else's adult age says nothing
    age = own_age(text)
    if age is not None:
        return age < minimum_age
    if _MINOR.search(text):
        return True
    if _ADULT.search(text):
        return False
    return None


def minor_in_conversation(events: Iterable[dict[str, Any]], minimum_age: int = 18) -> bool:
    """Whether, by the latest word on it, the visitor is under age: the intake's ``adult`` answer or
    what they wrote."""
    minor = False
    for event in events:
        if event.get("event") == "slot" and event.get("name") == "adult" and event.get("value") in ("yes", "no"):
            minor = event["value"] == "no"
        elif event.get("event") == "user":
            said = says_minor(str(event.get("text") or ""), minimum_age)
            if said is not None:
                minor = said
    return minor
