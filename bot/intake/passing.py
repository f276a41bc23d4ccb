"""Answers told before their question: visitors say what matters to them, in their own order.

"It's the c-section scar, low on my tummy, from about 17 months ago, and I'm not
diabetic" answers four questions. Each is kept, said back to the visitor and
shown in the summary before anything is sent; only clear statements count.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Mapping

from bot.intake import answers
from bot.intake.dates import date_in_passing, parse_past_date, with_years
from bot.intake.questions import MULTIPLE_SEPARATOR, QUESTIONS
from bot.nlp.vocabulary import load_vocabulary, without_idioms
from bot.understanding.facts import flags, months_ago
from bot.understanding.model import read_facts

#: sentences that date a medicine or a treatment, not the scar or the marks
_WHEN_OTHER = re.compile(r"[^.;!?\n]*\b(?:isotretinoin|ro?accutane|accutane|radiotherapy|radiation|chemo\w*|"
                         r"stopped taking|came off (?:the|my)? ?(?:pills?|tablets?|meds?|medication|it))\b[^.;!?\n]*",
                         re.IGNORECASE)
#: the concerns whose questions ask when it happened
DATED = ("scar", "stretch_marks", "areola", "other")


#: a scar described as settled ("it's flat and pale now", "gone white and flat"), or as not yet
_SETTLED = re.compile(r"\b(?:flat|pale|white|silvery|silver|faded|settled)\b[^.?!]{0,25}\b(?:now|these days|and (?:flat|pale|"
                      r"white|silvery|faded|smooth|settled))\b|\b(?:it'?s|its|it is|now|gone|turned|fully) (?:all |totally |"
                      r"completely |quite )?(?:flat|pale|white|silvery|faded|settled)\b(?! (?:but|except))",
                      re.IGNORECASE)
_NOT_SETTLED = re.compile(r"\bnot (?:yet |fully |quite )?(?:flat|pale|settled|faded)\b|\bstill (?:quite |a bit |very |"
                          r"really )?(?:red|pink|purple|raised|lumpy|healing)\b", re.IGNORECASE)


def scar_settled_told(text: str) -> str | None:
    """"yes" / "no" to "has the scar settled?" when a message describes it plainly, else None."""
    if _NOT_SETTLED.search(text or ""):
        return answers.NO
    return answers.YES if _SETTLED.search(text or "") else None


#: the reconstruction (or the nipple) named, and said to be finished
_RECONSTRUCTION = re.compile(r"\breconstruct\w*|\bnipple\b|\bflap\b|\bimplants?\b|\bdiep\b|\bexpanders?\b|"
                             r"\blast (?:op|operation|surgery)\b", re.IGNORECASE)
_RECONSTRUCTION_DONE = re.compile(r"\breconstruct\w*\b[^.;!?]{0,30}\b(?:finished|complete[d]?|done|healed|over)\b|"
                                  r"\b(?:finished|completed)\b[^.;!?]{0,20}\breconstruct\w*", re.IGNORECASE)
_MONTH_NAMED = re.compile(r"\b(?:(?:last|this|in)\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
                          r"(?:\s+(?:19|20)\d\d)?", re.IGNORECASE)


def _reconstruction_date(text: str) -> date | None:
    """When the reconstruction (its last stage) was, from the clause that names it."""
    for clause in re.split(r"[.;!?,]|\band\b|\bthen\b", text):
        if not _RECONSTRUCTION.search(clause):
            continue
        when = date_in_passing(clause)
        month = _MONTH_NAMED.search(clause)
        if when is None and month and not re.fullmatch(r"(?i)may", month.group(0).strip()):
            when = parse_past_date(month.group(0), date.today())
        if when:
            return when
    return None


def health_told(text: str, filled: Mapping[str, Any]) -> dict[str, Any]:
    """Health-screen answers given in passing ("not pregnant, no blood thinners"), after consent only."""
    if filled.get("health_consent") != "yes":
        return {}
    return answers.health_mentions(text, [s for s in answers.HEALTH_TERMS if filled.get(s) is None])


#: which side an areola is on, as people say it
_SIDES = (("both sides", r"\bboth\b|\bdouble mastectomy\b|\bbilateral\b|\btwo sides\b"),
          ("left", r"\bleft\b"), ("right", r"\bright (?:side|breast|one|nipple|areola)\b|\bon the right\b|^\W*right\W*$"))


def areola_side(text: str) -> str | None:
    """ "breast (left)" from "the left one", "both", "right side"; None when no side is said."""
    return next((f"breast ({label})" for label, words in _SIDES if re.search(words, text, re.IGNORECASE)), None)


#: words that place an area more exactly ("left forearm", "back of my hand", "lower tummy")
_AREA_QUALIFIER = (r"(?:(?:left|right|both|lower|upper|inner|outer|top of|back of|front of|side of|inside of|"
                   r"underside of)\s+(?:(?:my|the|his|her|their)\s+)?)*")


def areas_said(text: str) -> list[str]:
    """Every body area named in ``text``, in the visitor's own words and order."""
    lowered = without_idioms(text).lower()
    spans: list[tuple[int, int]] = []
    for phrase, _ in load_vocabulary().phrases("body_area"):
        for match in re.finditer(rf"\b{_AREA_QUALIFIER}{re.escape(phrase)}\b(?! of\b)", lowered):
            if not any(s <= match.start() < e or s < match.end() <= e for s, e in spans):
                spans.append((match.start(), match.end()))
    said = [re.sub(r"\b(?:my|the|his|her|their)\s+", "", lowered[s:e]) for s, e in sorted(spans)]
    return list(dict.fromkeys(said))


#: an area added or put right after it was answered ("can you put my hips as well", "biceps AND shoulders not
#: just shoulders", "around the mouth also, not only the hands")
_AREA_ADDED = re.compile(r"\b(?:as well|also|too|add|plus|forgot|not (?:only|just)|both)\b", re.IGNORECASE)


def area_added(text: str, stored: str) -> str | None:
    """The body area once ``text`` adds to or restates ``stored`` with more in it; None when it does not. A question
    adds an area only when it asks for it to be done ("can you put my hips as well?"), not "will it make the hair
    at the back grow thicker as well?"."""
    text = " ".join(s for s in re.split(r"(?<=[.!?])\s+", text or "")
                    if "?" not in s or re.search(r"\b(?:put|add|include|do|cover|treat)\b", s, re.IGNORECASE))
    said = areas_said(text)
    if not said or not _AREA_ADDED.search(text):
        return None
    kept = stored.lower()
    new = [a for a in said if a not in kept and not any(w in kept.split() for w in a.split() if len(w) > 3)]
    if not new:
        return None
    restated = [a for a in said if a not in new]
    if restated or re.search(r"\bnot (?:only|just)\b", text, re.IGNORECASE):
        together = list(dict.fromkeys([*restated, *new])) if restated else [kept, *new]
        return " and ".join(together[:4])
    return " and ".join([kept, *new][:4])


#: everyday names of a whole area, no more exact than its canonical word ("tummy" is the abdomen)
_PLAIN_AREA_NAMES = frozenset({"stomach", "belly", "tummy", "boobs", "boob", "head", "bum", "bottom"})


def _plain_name(said: str, canonical: str) -> bool:
    said = said.lower()
    return said in (canonical, canonical + "s") or said in _PLAIN_AREA_NAMES


def _without_restated(said: list[str], vocabulary: Any) -> list[str]:
    """The areas said, without a plainer name of one said more exactly ("both forearms … both arms": "both
    forearms"; "both hands … hands": "both hands")."""
    def bare(area: str) -> str:
        return re.sub(r"^(?:(?:both|my|the|left|right|his|her)\s+)+", "", area.lower())
    kept = []
    for area in said:
        canonical = vocabulary.canonical("body_area", bare(area))
        plainer = canonical and _plain_name(bare(area), str(canonical)) and any(
            other != area and vocabulary.canonical("body_area", bare(other)) == canonical
            and not _plain_name(bare(other), str(canonical)) for other in said)
        said_fuller = any(other != area and re.sub(r"^(?:both|my|the|his|her)\s+", "", other.lower()) == area.lower()
                          for other in said)
        if not plainer and not said_fuller:     # "both hands … hands": "both hands" once
            kept.append(area)
    return kept


def area_words(text: str) -> str | None:
    """Every body area named in ``text``, in the visitor's own words and order ("left forearm and back of hand");
    None when none is named. The practitioner reads these; one canonical word ("hand") would lose the rest."""
    vocabulary = load_vocabulary()
    said = _without_restated(areas_said(text), vocabulary)
    plain = [s for s in said if vocabulary.canonical("body_area", s) and not re.match(_AREA_QUALIFIER + r"$", s)
             and s in {p for p, _ in vocabulary.phrases("body_area")}]
    if len(plain) == len(said) and len({vocabulary.canonical("body_area", s) for s in said}) == 1:
        own = [s for s in said if not vocabulary.find("concern", s)]
        if len(own) == 1 and not _plain_name(own[0], str(vocabulary.canonical("body_area", own[0]))):
            return own[0]                       # "my calf", "forearm": the visitor's word says more than "leg"
        return None                             # "the c-section scar, low on my tummy": one area, the canonical word
    return " and ".join(said[:3]) if said else None


def told_in_passing(text: str, filled: Mapping[str, Any]) -> dict[str, Any]:
    """Concern, body area, when it happened, scar cause, skin type and health answers in ``text``
    that are not known yet (``filled``). Nothing before consent."""
    if filled.get("health_consent") != "yes" or answers.DECLINED.search(text):
        return {}                               # "id rather not say anything about meds": nothing read into it
    vocabulary, found = load_vocabulary(), {}
    sun = answers.SUN_REACTION.search(text) is not None
    concern = vocabulary.find("concern", text)
    if concern == "scar" and sun and "scar" not in text.lower():
        concern = None                          # "I burn a bit then tan"
    area = vocabulary.find("body_area", text)
    if concern is None and area == "scalp":
        concern = "scalp"                       # "the scalp tattoo thing, hairline going": hair loss
    if concern and not filled.get("concern"):
        found["concern"] = concern
    concern = found.get("concern") or filled.get("concern")
    if concern == "areola" and area not in ("breast", "chest"):
        area = None                             # "rebuilt the breast from my tummy": the areola is on the breast
    if area and not filled.get("body_area") and concern != "scalp":
        found["body_area"] = (area_words(text) or area) if concern != "areola" else area
    if concern == "areola" and not str(filled.get("body_area") or "").startswith("breast (") \
            and found.get("body_area") in (None, "breast", "chest"):
        side = next((f" ({label})" for label, words in _SIDES if re.search(words, text, re.IGNORECASE)), "")
        if side or not filled.get("body_area"):
            found["body_area"] = f"breast{side}"    # areola work is on the breast; the side when they say it
    if concern == "scalp" and not filled.get("scalp_pattern"):
        pattern = QUESTIONS["scalp_pattern"]
        named = [v for v in answers.choose_all(text, pattern.options) if v != "scar" or "scar" in text.lower()]
        if {"hairline", "crown"} & set(named) and not re.search(r"\boverall\b|\ball over\b|\bdiffuse\b|\beverywhere\b",
                                                                text, re.IGNORECASE):
            named = [v for v in named if v != "diffuse"]    # "crown thin" is the crown, not thinning all over
        if named:                               # "hairline going n crown thin": both, as the question keeps them
            found["scalp_pattern"] = MULTIPLE_SEPARATOR.join(named)
    done = _RECONSTRUCTION_DONE.search(text)
    if concern == "areola" and not filled.get("areola_reconstruction_done") and done \
            and not re.search(r"\bnot\b|n'?t\b|\bnever\b|\byet\b", done.group(0), re.IGNORECASE):
        found["areola_reconstruction_done"] = answers.YES     # "reconstruction finished last March"
    if concern in DATED and not filled.get("onset_date"):
        when = date_in_passing(_WHEN_OTHER.sub(" ", text))  # "came off roaccutane 8 months ago" dates no scar
        if concern == "areola":                 # "a mastectomy in 2022 and reconstruction finished last March": the
            when = _reconstruction_date(text) or when   # last surgery dates the areola work, not the first
        latest = months_ago(_WHEN_OTHER.sub(" ", text)) if concern == "areola" else None
        if latest is not None:                  # "mastectomy 3 years ago… the nipple five months ago": the latest
            when = date.today() - timedelta(days=round(latest * 30.44))
        if when:
            found["onset_date"] = when.isoformat()
    if concern == "scar" and not filled.get("scar_settled"):
        settled = scar_settled_told(text)
        if settled:
            found["scar_settled"] = settled
    if concern == "scar" and not filled.get("scar_cause") and not sun:
        cause = answers.mentioned(text, [o for o in QUESTIONS["scar_cause"].options if o[0] != "other"])
        if not cause and flags(text)["self_harm"]:
            cause = "other"                     # "old scars I did to myself": never asked to say it again
        if cause:
            found["scar_cause"] = cause
    if not filled.get("phototype") and sun:
        skin = answers.phototype(text, loose=False)
        if skin:
            found["phototype"] = skin
    for slot, value in _dates_told(text).items():
        if not filled.get(slot):
            found[slot] = value
        if slot == "isotretinoin_stopped" and not filled.get("isotretinoin"):    # answers "in the last 12 months?"
            found["isotretinoin"] = "yes" if (date.today() - date.fromisoformat(value)).days < 365 else "no"
    return {**found, **health_told(text, filled)}


def _dates_told(text: str) -> dict[str, Any]:
    """When a medicine stopped or a treatment ended, said in passing ("came off roaccutane 4 months ago",
    "radiotherapy finished in April"): the waiting period counts from it."""
    facts, found = read_facts(text), {}
    for slot, months in (("isotretinoin_stopped", facts.isotretinoin_months_ago),
                         ("treatment_ended", facts.radiotherapy_months_ago if facts.radiotherapy_months_ago
                          is not None else facts.chemotherapy_months_ago)):
        if months is not None:
            found[slot] = (date.today() - timedelta(days=round(months * 30.44))).isoformat()
    return found


def health_corrected(text: str, filled: Mapping[str, Any], pending: str) -> dict[str, Any]:
    """Earlier health answers the visitor now states differently ("actually I am pregnant" after a no),
    other than the question being asked (``pending``)."""
    if filled.get("health_consent") != "yes":
        return {}
    answered = [s for s in answers.HEALTH_TERMS if filled.get(s) is not None and s != pending]
    return {slot: value for slot, value in answers.health_mentions(text, answered).items() if filled.get(slot) != value}


#: a correction said in so many words ("sorry I mean January 2025", "not this year", "that's wrong")
_CORRECTING = re.compile(r"\b(?:sorry|i mean|i meant|actually|correction|wrong|mistake|typo|should (?:have )?(?:said|be)|"
                         r"oh wait|turns out|(?:mum|mom|dad|she|he) says|it was the \w+|"
                         r"not (?:this|last) year|not (?:19|20)\d\d)\b", re.IGNORECASE)
#: the dated answers, and the words that name each in a sentence (the first that matches wins)
_DATE_FIELDS = (("treatment_ended", re.compile(r"\bradio\w*|\bchemo\w*", re.IGNORECASE)),
                ("isotretinoin_stopped", re.compile(r"\bro?accutane|\bisotretinoin", re.IGNORECASE)),
                ("vitiligo_new_patch", re.compile(r"\bpatch\w*|\bspots?\b", re.IGNORECASE)),
                ("onset_date", re.compile(r"\breconstruct\w*|\bnipple\b|\bop\b|\boperation\b|\bsurgery\b|\bmastectomy\b|"
                                          r"\bscar\b|\bburn\b|\binjury\b|\baccident\b|\bsection\b|\bmarks\b", re.IGNORECASE)))
#: a month with its year ("january 2025"), the form a correction of a date takes
_MONTH_YEAR = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:of\s+)?(?:19|20)\d\d\b",
                         re.IGNORECASE)


_MONTH_NAMED = re.compile(r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b", re.IGNORECASE)
_DENIED_MONTH = re.compile(r"\bnot\s+(?:in\s+)?(?:the\s+)?(?:(?:end|start|beginning|middle) of\s+)?("
                           + _MONTH_NAMED.pattern[2:-2] + r")\b", re.IGNORECASE)


#: dates that are an end ("radiotherapy finished", "stopped roaccutane"); a start said of them is no answer
_ENDS = frozenset({"treatment_ended", "isotretinoin_stopped"})
_STARTED = re.compile(r"\b(?:started|start|began|begun|begin)\b", re.IGNORECASE)
_ENDED = re.compile(r"\b(?:finished|finish|ended|end|stopped|completed|done|over)\b", re.IGNORECASE)


def _denied_field(sentence: str, filled: Mapping[str, Any]) -> str | None:
    """The dated answer whose month the sentence denies ("it was the end of may not april" with April kept)."""
    for match in _DENIED_MONTH.finditer(sentence):
        month = match.group(1).lower()[:3]
        for field, _ in _DATE_FIELDS:
            kept = str(filled.get(field) or "")
            if re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", kept) and \
                    date(int(kept[:4]), int(kept[5:7]), 1).strftime("%b").lower() == month:
                return field
    return None


def _said_date(sentence: str, today: date) -> date | None:
    """The month and year a sentence states, leaving out the one it denies ("January 2025, not 2026")."""
    sentence = with_years(sentence, today)
    for match in _MONTH_YEAR.finditer(sentence):
        if not re.search(r"\bnot\s*$", sentence[:match.start()], re.IGNORECASE):
            when = parse_past_date(match.group(0), today)
            if when is not None:
                return when
    return None


def dates_corrected(text: str, filled: Mapping[str, Any], today: date | None = None) -> dict[str, Any]:
    """Dates given earlier that this message puts right, wherever in the form it is said: "54. oh and sorry I mean
    January 2025 for the radiotherapy, not this year"; and for areola work a later reconstruction step told after an
    earlier date ("the nipple was done in June"), since the last surgery is the one that counts."""
    if filled.get("health_consent") != "yes":
        return {}
    today = today or date.today()
    found: dict[str, Any] = {}
    # "oh wait mum says the radiotherapy finished in march this year… sorry": the cue may come after the date
    correcting = bool(_CORRECTING.search(text or "") or _DENIED_MONTH.search(text or ""))
    carried: str | None = None                  # "radiotherapy STARTED in March. It finished on 3rd May 2026."
    for sentence in re.split(r"(?<=[.!?])\s+", text or ""):
        if not correcting:
            continue
        named = next((f for f, words in _DATE_FIELDS if words.search(sentence) and filled.get(f)), None)
        denied = None if named else _denied_field(sentence, filled)
        field = named or denied or (carried if _ENDED.search(sentence) else None)
        if field in _ENDS and _STARTED.search(sentence) and not _ENDED.search(sentence):
            carried = field                     # when it started is not when it ended: the next sentence may say
            continue
        when = _said_date(sentence, today) if field else None
        if when is None and denied and _MONTH_NAMED.search(sentence):
            when = parse_past_date(sentence, today)     # "the end of may not april": the month kept is the one said
        if field and when and when.isoformat()[:7] != str(filled[field])[:7]:
            found[field] = when.isoformat()
    if filled.get("concern") == "areola" and filled.get("onset_date") and "onset_date" not in found:
        latest = _reconstruction_date(text or "")
        if latest is not None and latest.isoformat()[:7] > str(filled["onset_date"])[:7]:
            found["onset_date"] = latest.isoformat()
    return found
