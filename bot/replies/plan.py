"""One reply that answers everything a message said, in order, briefly.

The plan is a list of domain response names (the wording lives in the domain)
with the values they need, then at most one next step:

1. an urgent sign: the doctor message, and nothing that could sound like reassurance;
2. another language: a short reply in it when the studio speaks it, and a person offered;
3. a feeling, a complaint or frustration acknowledged first;
4. each question answered, in the order asked (one price, not the price list, when
   the treatment is known);
5. what the person's own facts change (breastfeeding, a young scar, blood thinners…),
   never a verdict: the assessment decides;
6. one next step: what they asked for (book, a person, yes to an offer), or an offer.

Standard library only, no Rasa: the action turns the plan into messages and events.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Optional

from bot.intake.answers import KEEP_HEALTH_OFFLINE
from bot.replies.spanish import spanish_plan
from bot.understanding.facts import (ASKED_TOPICS, DOWNPLAYED, SEEKING_HELP, TOLD_TOPICS, area_asked, asked_topics,
                                     asks_hours, practical_subjects, stretch_marks_stage, wants_time)
from bot.understanding.foreign import ForeignReading, read_foreign
from bot.understanding.places import far_place
from bot.understanding.tone import FRUSTRATION, PRICE_DOUBT, ordeal_told
from bot.understanding.spanish import read_spanish
from bot.understanding.model import ACTION_INTENTS, CONCERN_TOPICS, SOCIAL_INTENTS, Part, Understanding, read_facts

#: after these answers a readiness check is the natural next step, after those a booking
OFFER_INTAKE_AFTER = frozenset({"scars", "stretch_marks", "scalp", "vitiligo", "areola", "suitability",
                                "healing_wait", "contraindications", "results", "process"})
OFFER_BOOKING_AFTER = frozenset({"price", "payment", "location", "hours", "contact", "practitioner", "sessions",
                                 "photos", "consultation", "how_to_start", "consultation_anyway"})
#: notes that have a wording for someone the visitor writes for (``<note>_other``)
ABOUT_SOMEONE_ELSE = frozenset({"utter_note_pregnant", "utter_note_breastfeeding", "utter_note_radiotherapy",
                                "utter_note_young_scar", "utter_note_blood_thinners", "utter_note_chemo",
                                "utter_note_diabetes", "utter_note_flags", "utter_note_mature_scar",
                                "utter_note_areola_timing_ok", "utter_note_keloid", "utter_note_isotretinoin",
                                "utter_note_skin_condition", "utter_note_allergy", "utter_note_medicine",
                                "utter_note_vitiligo_stable", "utter_note_still_healing",
                                "utter_note_radiotherapy_past", "utter_note_young_areola"})
#: at most this many personal notes, so the reply stays short enough for a phone (three: breastfeeding, a young
#: scar and a keloid history each change what happens next, and none may be dropped for length)
MAX_NOTES = 3
#: requests that become the next step, and the action that carries each out
NEXT_ACTIONS = {"book_consultation": "action_start_booking", "check_suitability": "intake_form",
                "human_handoff": "action_human_handoff", "affirm": "action_accept_offer",
                "deny": "action_decline_offer", "cancel_booking": "action_cancel_booking",
                "reschedule_booking": "action_reschedule_booking"}
PRICED = ("scar", "stretch_marks", "scalp", "vitiligo", "areola")
#: services elsewhere after which offering our own readiness check or booking would be pushy
NO_OFFER_AFTER = frozenset({"scar_removal", "skin_lightening", "health", "skin_treatments"})
TOUCH_UP_WORDS = re.compile(r"\b(touch[\s-]?ups?|top[\s-]?ups?|refresh\w*|retouch\w*)\b", re.IGNORECASE)
#: a message naming a day or time this short is a booking request, not a question about anything else
SHORT_BOOKING_WORDS = 14
#: kinds of distress with their own acknowledgement (``utter_ack_<kind>``)
FEELINGS = ("letdown", "privacy", "accident", "elsewhere", "grief", "trauma", "hurt", "family_unwell", "unwell", "money", "afraid", "embarrassed", "hesitant", "illness")
#: general answers that a note about the person's own case makes redundant ("some things mean waiting…")
GENERAL_WHEN_NOTED = frozenset({"contraindications", "healing_wait", "suitability"})
#: where among the answers the notes about the person's own case go (the question they answer)
_THEIR_CASE = "their_case"
#: services asked for instead of camouflage: our answer about their scar is not what they want
INSTEAD_OF_CAMOUFLAGE = frozenset({"tattoo_design"})
#: a question about paying (not about the price): how, when, insurance, the NHS
PAYING_WORDS = ("card", "cash", "insur", "deposit", "nhs", "financ", "instal", "transfer", "upfront", "advance",
                "pay on the day", "klarna", "plan")
TOPIC_OF_CONCERN = {v: k for k, v in CONCERN_TOPICS.items()} | {"hair_growth": "scalp"}


#: an under-18 asking why, or that a parent makes it fine ("but why its just a consultation", "my mum said its fine")
_MINOR_PROTEST = re.compile(r"\bwhy\b|\b(?:just|only) (?:a |the )?consult|\b(?:mum|mom|mam|dad|parents?|guardian)\b[^.?!]{0,30}"
                            r"\b(?:said|says|fine|ok|okay|come|with me|consent|permission|sign)|\bpermission\b|"
                            r"\bnot fair\b|\bplease+\b[^.?!]{0,20}\b(?:let|book)\b", re.IGNORECASE)
#: questions only a person at the studio can answer (what the assistant does not know, a change to the records)
FOR_A_PERSON = frozenset({"unknown_practical", "booking_pending", "data_copy", "erase_part", "link_check"})


@dataclass(frozen=True)
class Context:
    """What the conversation knows beyond the message."""

    concern: Optional[str] = None          # from earlier in the conversation
    intent: Optional[str] = None           # the route's intent (faq, share_situation, out_of_scope…)
    intake_done: bool = False
    has_booking: bool = False
    known_minor: bool = False
    languages: tuple[str, ...] = ("English",)
    vitiligo_stable_months: int = 12
    day_hours: dict[str, str] = field(default_factory=dict)   # "friday": "10:00–17:00" ("" when closed)
    scar_min_months: int = 12
    burn_min_months: int = 18
    radiotherapy_min_months: int = 12
    areola_min_months: int = 3
    minimum_age: int = 18
    isotretinoin_clear_months: int = 12
    struggled: bool = False                # the assistant already failed to understand in this conversation
    language_replied: bool = False         # the other-language reply was already given
    reminders: str = ""                    # when reminders go before a consultation ("the day before and 2 hours before")
    urgent_before: bool = False            # a doctor-now message was sent in this conversation
    today: str = ""                        # the studio's weekday now ("friday"), for "open tomorrow?"
    today_date: Optional[date] = None      # the studio's date now, for "how soon could I start?"
    request_time: Optional[str] = None     # their open request for a person: when to call ("" any time), else None
    minor_policy_said: bool = False        # the under-age policy is already in this reply (its other answers follow)
    outcome: Optional[str] = None          # what their answers gave: ready | review | not_yet (None: no check done)
    outcome_reason: str = ""               # its first reason, in words ("the scar is about 14 months old; …")
    outcome_when: str = ""                 # the month to look again, for not_yet ("April 2027")
    offer_pending: Optional[str] = None    # what the assistant offered last (``pending_offer``), if anything
    said_before: frozenset[str] = frozenset()   # the responses already sent in this conversation
    studio_address: str = ""               # where the studio is, for "I live in Glasgow"
    intake_declined: bool = False          # they said no to the health questions: not offered again


@dataclass
class Plan:
    responses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    followup: Optional[str] = None         # an action to run next (what the visitor asked for)
    offer: Optional[str] = None            # intake | booking | person: what a plain "yes" accepts
    out_of_scope: bool = False             # the action adds what the studio does and where to go instead
    redirect: Optional[str] = None         # a service the studio does not offer: the action says where to go
    whole: set[str] = field(default_factory=set)   # answers kept whole among several ("what happens at it?")
    redirect_last: bool = False            # the pointer elsewhere after our answers (their case is ours)

    def say(self, response: str, **values: Any) -> None:
        if all((r, v) != (response, values) for r, v in self.responses):    # the same answer once; a day each
            self.responses.append((response, values))

    @property
    def said(self) -> list[str]:
        return [r for r, _ in self.responses]


_WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TODAY = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.IGNORECASE)
_TOMORROW = re.compile(r"\b(?:tomorrow|tmrw|tmr|tomoz|2moro|2morrow|tomorow|tommorow|tommorrow)\b", re.IGNORECASE)


def _relative_day(text: str, ctx: Context) -> Optional[tuple[str, str]]:
    """("tomorrow", "saturday") when the message asks about today or tomorrow and the weekday is known."""
    if ctx.today not in _WEEK:
        return None
    index = _WEEK.index(ctx.today)
    if _TOMORROW.search(text):
        return "tomorrow", _WEEK[(index + 1) % 7]
    if _TODAY.search(text):
        return "today", ctx.today
    return None


def _age(months: float) -> str:
    """"18 months", "3 years", "2 and a half years": how long, as a person says it."""
    if months >= 24 and months % 12 in (0, 6):
        years = int(months // 12)
        return f"{years} years" if months % 12 == 0 else f"{years} and a half years"
    return _months(months)


def _months(value: float) -> str:
    if value < 1 or (value < 3 and value != int(value)):     # "6 weeks", never "1.4 months"
        weeks = max(1, round(value * 52 / 12))
        return f"{weeks} week" + ("" if weeks == 1 else "s")
    return f"{value:g} month" + ("" if value == 1 else "s")


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def out_of_work_hours(day_hours: dict[str, str]) -> str:
    """"until 20:00 on Thursdays and 10:00–14:00 on Saturdays": the times that suit someone working 9 to 6."""
    found: list[str] = []
    for day in _DAY_NAMES:
        hours = day_hours.get(day, "")
        if not hours:
            continue
        closes = hours.replace("–", "-").split("-")[-1].strip()
        if day in ("saturday", "sunday"):
            found.append(f"{hours} on {day.capitalize()}s")
        elif closes >= "19:00":
            found.append(f"until {closes} on {day.capitalize()}s")
    if not found:
        return ""
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


_DIABETES_MEDICINES = re.compile(r"\b(?:insulin|metformin|gliclazide|sitagliptin|empagliflozin|dapagliflozin|"
                                 r"semaglutide|ozempic|jardiance)\b", re.IGNORECASE)
#: a question about the person's own case ("does that rule me out?", "is it too soon?", "would that be a problem?")
_OWN_CASE_QUESTION = re.compile(r"\brule (?:me|him|her|them|you) out\b|\b(?:can|could|would) (?:you|u|she) (?:help|do anything for|"
                                r"treat) (?:him|her|them|me|my \w+)\b|\btoo (?:soon|early|late)\b|\bshould i wait\b|"
                                r"\b(?:is|would|will) (?:that|it|this|they|the \w+) (?:going to be |gonna be |be )?(?:a problem|an issue|ok|okay|safe|"
                                r"matter)\b|\bdoes (?:that|it|this|(?:the |my |his |her |their )?\w+) (?:matter|stop|affect|mean no)\b|\bam i (?:even )?"
                                r"(?:allowed|ok|okay|suitable|able)\b|\bcan i still\b|\bstill (?:ok|able|allowed)\b|"
                                r"\b(?:can|could|would) (?:u|you) (?:do|treat|cover|work on) (?:the|my|these|those) "
                                r"(?:\w+ )?(?:ones?|bits?|marks?|patch(?:es)?|scars?)\b[^.?!]{0,30}\b(?:now|later|first|yet)\b",
                                re.IGNORECASE)
#: the age rule is an answer only to a message about age ("i said 11 not 10" is a time)
_AGE_WORDS = re.compile(r"\bage\b|\baged?\b|\bold\b|\byoung\b|\b(?:under|over) ?\d|\b1[0-9]\b(?![:.]\d)[^.?!]{0,12}\b(?:years?|yrs?|yo)\b|"
                        r"\bminor\b|\bteen\w*|\bkids?\b|\bchild\w*|\bparent|\bschool\b|\badult|\b18\b|\beighteen\b|"
                        r"\blimit\b", re.IGNORECASE)
#: asking for information in general, with nothing named: the welcome and what it can help with
_INFO_ONLY = re.compile(r"^\W*(?:(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))\W+)?(?:(?:can|could|may) i "
                        r"(?:get|have|ask for)|i(?:'d| would)? (?:like|want|need)|(?:please )?send me|just)?\s*(?:some |"
                        r"more |a bit of )?(?:info|information|details)\W*(?:pls|please|plz|thanks|thank you)?\W*$",
                        re.IGNORECASE)
#: "is this a bot lol": the assistant says what it is
_IS_IT_A_BOT = re.compile(r"\b(?:is this|are you|r u|am i (?:talking|speaking|chatting) to|is it) (?:a |an |just a )?"
                          r"(?:bot|robot|ai|computer|machine|real person|human)\b", re.IGNORECASE)
#: asking whether earlier work can be put right ("can that even be fixed?")
_FIXED = re.compile(r"\b(?:can|could|would|is)\b[^.?!]{0,25}\b(?:be )?(?:fixed|fix|corrected|correct|sorted|saved|repaired|"
                    r"improved|covered|undone|redone)\b|\bfixable\b", re.IGNORECASE)
#: a question about radiotherapy itself ("does the radiotherapy matter?")
_ASKED_ABOUT_RADIOTHERAPY = re.compile(r"\bradio\w*[^.?!]{0,40}\?|\b(?:does|would|will|is|could)\b[^.?!]{0,30}\bradio",
                                       re.IGNORECASE)
#: notes that say the timing is fine, and the facts that may still hold the treatment back
#: a scar's colour still changing: still healing, whatever its age
_STILL_COLOURED = re.compile(r"\b(?:pink|red|purple|fresh|open|scab\w*|weep\w*|angry)\b", re.IGNORECASE)
_TIMING_FINE = frozenset({"utter_note_mature_scar", "utter_note_areola_timing_ok"})
_HOLDS_BACK = frozenset({"utter_note_pregnant", "utter_note_breastfeeding", "utter_note_radiotherapy",
                         "utter_note_isotretinoin", "utter_note_skin_condition", "utter_note_chemo_recent",
                         "utter_note_keloid", "utter_note_raised", "utter_note_still_healing"})


#: asking when, or whether in time for a date ("how soon could I start?", "before christmas?", "by the summer")
_WHEN_ASKED = re.compile(r"\bhow soon\b|\bwhen (?:can|could|would|will|should|do|is)\b|\bhow long (?:do|would|will|should|"
                         r"must) (?:i|we|he|she|they) (?:have to |need to )?wait\b|\bbefore (?:christmas|xmas|summer|the summer|"
                         r"new year|easter|my|our|his|her|the wedding|the holidays?)\b|\bin time for\b|\bby (?:christmas|xmas|"
                         r"summer|the summer|spring|easter|my|our|his|her|the wedding|next year|then)\b|\b(?:too soon|too early|"
                         r"start now|go ahead now|straight away|right away|asap|this year)\b|\bwhen\b[^.?!]{0,40}\?",
                         re.IGNORECASE)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def _earliest(u: Understanding, ctx: Context, notes: list[tuple[str, dict[str, Any]]]) -> Optional[str]:
    """"Around August 2027": when the waits their dates give end, for someone who asked when they could start.

    A lower bound only (what the assessment finds, and facts with no date, can mean later)."""
    if ctx.today_date is None or not (_WHEN_ASKED.search(u.text) or _OWN_CASE_QUESTION.search(u.text)):
        return None                             # "…does that matter?" about a dated fact: when it stops mattering too
    f = u.facts
    elapsed_and_wait = {
        "utter_note_young_scar": (f.months_ago, ctx.scar_min_months),
        "utter_note_young_burn": (f.months_ago, ctx.burn_min_months),
        "utter_note_young_areola": (f.months_ago, ctx.areola_min_months),
        "utter_note_radiotherapy": (f.radiotherapy_months_ago, ctx.radiotherapy_min_months),
        "utter_note_isotretinoin": (f.isotretinoin_months_ago, ctx.isotretinoin_clear_months),
        "utter_note_vitiligo_not_yet_stable": (f.vitiligo_stable_months, ctx.vitiligo_stable_months)}
    ahead = [wait - elapsed for name, _ in notes for key, (elapsed, wait) in elapsed_and_wait.items()
             if name.removesuffix("_other") == key and elapsed is not None and wait > elapsed]
    if not ahead:
        return None
    return _add_months(ctx.today_date, round(max(ahead))).strftime("%B %Y")


#: health facts that are for the practitioner to weigh, each with how it is named when several are told at once
_FLAG_NAMES = {"utter_note_blood_thinners": "the blood thinner", "utter_note_diabetes": "the diabetes",
               "utter_note_allergy": "the allergy", "utter_note_medicine": "the {medicine}"}


def _joined_flags(notes: list[tuple[str, dict[str, Any]]], medicine: Optional[str]) -> list[tuple[str, dict[str, Any]]]:
    """Two or more facts for the practitioner to weigh (apixaban and diabetes) in one short note, so none is dropped
    to keep the reply short."""
    flags = [name for name, _ in notes if name in _FLAG_NAMES]
    if len(flags) < 2:
        return notes
    named = [_FLAG_NAMES[name].format(medicine=medicine or "medicine") for name in flags]
    things = ", ".join(named[:-1]) + " and " + named[-1]
    first = next(i for i, (name, _) in enumerate(notes) if name in _FLAG_NAMES)
    rest = [(name, values) for name, values in notes if name not in _FLAG_NAMES]
    return [*rest[:first], ("utter_note_flags", {"things": things}), *rest[first:]]


def _notes(u: Understanding, ctx: Context, concern: Optional[str]) -> list[tuple[str, dict[str, Any]]]:
    f = u.facts
    if "erase_part" in f.asked:
        return []                               # "delete the diabetes bit": no note asking them to tell Marta about it
    if f.treated_here:                          # a client's own result: Marta's to look at, not our guidelines
        return [("utter_note_pregnant_client" if f.pregnant and not f.for_someone_else else "utter_note_treated_here", {})]
    notes: list[tuple[str, dict[str, Any]]] = []
    # "camouflaged at a salon 4 months ago and it's gone orange": the months date that work, not the scar
    months = None if u.feeling == "elsewhere" or "other_studio_work" in f.asked else f.months_ago
    stage = f.stretch_marks_stage or (stretch_marks_stage(f"stretch marks: {u.text}") if concern == "stretch_marks"
                                      else None)   # "some are still red and some white" after naming them earlier
    if stage is None and concern == "stretch_marks" and _MARKS_TOO_OLD.search(u.text):
        stage = "mature"                        # "are they too old to fix? got them at 15": old marks are the kind treated
    if f.minor or ctx.known_minor:              # under age: the policy, and no timing that sounds like a go-ahead
        minor = [("utter_note_minor_other" if f.for_someone_else else "utter_note_minor",
                  {"minimum_age": ctx.minimum_age})]
        if f.for_someone_else and f.minor and concern in ("vitiligo", "scalp"):
            minor.append(("utter_note_minor_doctor", {}))   # a child's patches or hair loss: a doctor now, not in years
        if concern == "stretch_marks" and stage and not f.minor:
            # told earlier, now asking "do the red ones have to go white first?" for when they're 18: the answer
            return [(_STAGE_NOTES[stage], {})]
        return minor
    if f.pregnant:
        notes.append(("utter_note_pregnant", {}))
    if f.breastfeeding:
        notes.append(("utter_note_breastfeeding", {}))
    elif f.new_baby and not f.for_someone_else:
        notes.append(("utter_note_new_baby", {}))     # "from my baby in september": whether she feeds matters
    if f.radiotherapy and (f.radiotherapy_months_ago is None or f.radiotherapy_months_ago < ctx.radiotherapy_min_months):
        notes.append(("utter_note_radiotherapy", {"months": ctx.radiotherapy_min_months}))
    # radiotherapy long enough ago has had its wait; the reconstruction's own timing still counts
    radiotherapy_recent = bool(f.radiotherapy) and (f.radiotherapy_months_ago is None
                                                    or f.radiotherapy_months_ago < ctx.radiotherapy_min_months)
    if concern == "areola" and months is not None and months < ctx.areola_min_months \
            and not radiotherapy_recent:
        notes.append(("utter_note_young_areola", {"age": _months(months), "months": ctx.areola_min_months}))
    elif concern == "scar" and f.burn and months is not None and months < ctx.burn_min_months:
        notes.append(("utter_note_young_burn", {"age": _months(months), "months": ctx.burn_min_months}))
    elif concern in ("scar", None) and months is not None and months < ctx.scar_min_months \
            and not f.radiotherapy:
        notes.append(("utter_note_young_scar", {"age": _months(months), "months": ctx.scar_min_months}))
    elif concern == "stretch_marks" and stage:
        notes.append((_STAGE_NOTES[stage], {}))
    elif concern in ("scar", None) and f.still_healing and not (
            months is not None and months >= ctx.scar_min_months and f.keloid and not _STILL_COLOURED.search(u.text)):
        # "two years ago… still a bit raised at the top": old enough; the raised part is the note, not healing
        notes.append(("utter_note_still_healing", {"months": ctx.scar_min_months}))
    elif concern == "scar" and months is not None and not f.radiotherapy and not f.keloid \
            and not f.still_healing and months >= (ctx.burn_min_months if f.burn else ctx.scar_min_months):
        notes.append(("utter_note_mature_scar", {"age": _age(months),
                                                 "months": ctx.burn_min_months if f.burn else ctx.scar_min_months}))
    elif concern == "areola" and months is not None and months >= ctx.areola_min_months \
            and not radiotherapy_recent:
        notes.append(("utter_note_areola_timing_ok", {"age": _age(months), "months": ctx.areola_min_months}))
    dated_patch = concern == "vitiligo" and f.vitiligo_stable_months is not None \
        and f.vitiligo_stable_months < ctx.vitiligo_stable_months      # "last new spot 5 months ago": how long to go
    if concern == "vitiligo" and f.vitiligo_stable_months is not None and (not f.vitiligo_spreading or dated_patch):
        stable_enough = f.vitiligo_stable_months >= ctx.vitiligo_stable_months
        notes.append(("utter_note_vitiligo_stable" if stable_enough else "utter_note_vitiligo_not_yet_stable",
                      {"age": _age(f.vitiligo_stable_months), "months": ctx.vitiligo_stable_months}))
    if f.radiotherapy and not radiotherapy_recent and _ASKED_ABOUT_RADIOTHERAPY.search(u.text):
        # "does the radiotherapy matter?" 14 months on: past the usual wait, still something Marta looks at
        notes.append(("utter_note_radiotherapy_past", {"age": _age(f.radiotherapy_months_ago or 0)}))
    if f.chemotherapy and f.chemotherapy_months_ago is not None and f.chemotherapy_months_ago < 12:
        notes.append(("utter_note_chemo_recent", {"age": _age(f.chemotherapy_months_ago)}))
    elif f.chemotherapy and f.chemotherapy_months_ago is None:
        notes.append(("utter_note_chemo", {}))
    if f.keloid:                                # a raised scar that nobody called a keloid is not called one here
        notes.append(("utter_note_keloid" if re.search(r"keloid", u.text, re.IGNORECASE) else "utter_note_raised", {}))
    if f.blood_thinners:
        notes.append(("utter_note_blood_thinners", {}))
    if f.isotretinoin and (f.isotretinoin_months_ago is None or f.isotretinoin_months_ago < ctx.isotretinoin_clear_months):
        notes.append(("utter_note_isotretinoin", {"months": ctx.isotretinoin_clear_months}))
    if f.skin_condition:
        notes.insert(0, ("utter_note_skin_condition", {"condition": f.skin_condition}))
    if f.diabetes:                              # "type 1, on insulin: does diabetes mean no?" is about the diabetes
        notes.append(("utter_note_diabetes", {}))
    if f.medicine and not (f.diabetes and _DIABETES_MEDICINES.search(f.medicine)):
        notes.append(("utter_note_medicine", {"medicine": f.medicine}))
    if f.allergy:
        notes.append(("utter_note_allergy", {}))
    if f.vitiligo_spreading and not dated_patch:
        notes.append(("utter_note_vitiligo_spreading", {}))
    notes = _joined_flags(notes, f.medicine)
    if {name for name, _ in notes} & _HOLDS_BACK or "other_studio_work" in f.asked:
        # never "won't hold you back" beside a reason to wait, nor beside work done elsewhere (what Marta must see)
        notes = [(name, values) for name, values in notes if name not in _TIMING_FINE]
    if f.for_someone_else:                      # "my husband is on warfarin": said of him, never "you"
        notes = [(f"{name}_other" if name in ABOUT_SOMEONE_ELSE else name, values) for name, values in notes]
    return notes[:MAX_NOTES]



#: what the colour of their stretch marks means (still red or purple, some of each, white or silvery)
_STAGE_NOTES = {"young": "utter_note_young_stretch_marks", "mix": "utter_note_mixed_stretch_marks",
                "mature": "utter_note_mature_stretch_marks"}


#: where a question starts in a message typed without question marks ("…how much is the hair dots thing how many goes")
_QUESTION_START = re.compile(r"\b(?:how (?:much|many|long|soon|often)|what|when|where|why|do you|does it|is it|are you|can you|"
                             r"could you|will it|would it)\b", re.IGNORECASE)


def _own_case_asked_first(u: Understanding) -> bool:
    """Whether their own case ("is that too early", "when would I be able to", "does the diabetes stop me") is asked
    before, or in, the first other question, wherever the message was cut: its answer then comes first."""
    own = _OWN_CASE_QUESTION.search(u.text) or _WHEN_ASKED.search(u.text)
    if own is None:
        return False
    first = next((p.text for p in u.parts if p.is_question and p.text in u.text), "")
    if not first:                               # dictated, no question mark: by where the first question starts
        asked = _QUESTION_START.search(u.text)
        return asked is None or own.start() <= asked.start()
    asked = _QUESTION_START.search(u.text)
    if asked and asked.start() < min(own.start(), u.text.find(first)) and own.start() > asked.end() + 40:
        return False                            # "…how much is the hair dots thing how many goes… and can I still…"
    return own.start() < u.text.find(first) + len(first)


def _extra_notes(u: Understanding, ctx: Context, notes: list[tuple[str, dict[str, Any]]],
                 topics: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """What their own facts add after the answers, without replacing any: when their dates allow treatment (for
    "how soon?"), and the darkening check for darker skin when no colour answer says it."""
    extra: list[tuple[str, dict[str, Any]]] = []
    earliest = _earliest(u, ctx, notes)
    if earliest:                                # "any chance before christmas?": when their dates allow, at the earliest
        extra.append(("utter_note_earliest", {"when": earliest}))
    minor = u.facts.minor or ctx.known_minor
    if u.facts.darker_skin and not minor and not u.facts.treated_here and not u.facts.urgent \
            and not {"colour_matching", "colour_change"} & set(topics) and len(notes) < MAX_NOTES:
        extra.append(("utter_note_darker_skin_other" if u.facts.for_someone_else else "utter_note_darker_skin", {}))
    return extra


#: insurance or the NHS named: the payment answer's line about insurers belongs
_INSURANCE = re.compile(r"\binsur\w*|\bnhs\b|\bfunding\b|\bfunded\b|\bcover (?:it|the cost)\b", re.IGNORECASE)
#: "will I be charged?" beside a cancellation
_CHARGE_WORDS = re.compile(r"\bcharg\w*|\bfee\b|\bpay\b|\bcost me\b|\bpenalt\w*", re.IGNORECASE)
#: what a session costs asked beside a cancellation question ("how much is it, and is there a cancellation fee?")
_PRICE_ASKED = re.compile(r"\bhow much\b|\bcosts?\b|\bprices?\b|\bpricing\b", re.IGNORECASE)
#: questions about the studio itself, answered beside a refusal
_PRACTICAL = ("languages", "location", "hours", "contact")
#: this studio's own work named ("…and does your camouflage last?"): the questions are about it
_OUR_WORK = re.compile(r"\bcamouflag\w*|\bmicro\s?pigment\w*|\bparamedical\b|\bsmp\b|\byour (?:work|treatments?)\b",
                       re.IGNORECASE)
#: doubts said as statements ("sounds like a normal tattoo… it fades anyway"): each has an answer
_SCEPTIC = re.compile(r"\bconvince me\b|\bnot convinced\b|\bsceptic\w*|\bskeptic\w*|\bfancy name\b|\bgimmick\w*|"
                      r"\bsnake oil\b|\bsounds like (?:a |just )?(?:normal |regular )?tattoo|\bmiracle\b|\blet me guess\b|"
                      r"\byeah right\b|\bscam\b", re.IGNORECASE)
_DOUBTS = (("vs_cosmetic", re.compile(r"\b(?:just|like|than|from|vs\.?|versus|same as|any different to|basically)\s+(?:a\s+)?"
                                      r"(?:normal |regular |proper )?tattoo|\btattoo by another name", re.IGNORECASE)),
           ("results", re.compile(r"\bvanish\w*|\bdisappear\w*|\binvisible\b|\bmiracle|\b(?:actually|really) work",
                                  re.IGNORECASE)),
           ("photos", re.compile(r"\bfilters?\b|\bphotoshop\w*|\bedited\b|\breal (?:pics|photos|pictures)\b",
                                 re.IGNORECASE)),
           ("permanence", re.compile(r"\bfades?\b|\bfading\b|\bforever\b|\bpermanent\b|\bfor life\b|\bstuck with it\b",
                                     re.IGNORECASE)),
           ("consultation", re.compile(r"\bcatch\b|\bsell me\b|\bfree for real\b|\breally free\b|\bactually free\b",
                                       re.IGNORECASE)))
#: a part that goes on with the question before it ("…or is that included?", "how long do you keep them?")
_CONTINUES = re.compile(r"^\W*(?:or\b|(?:and |so |but )?(?:\w+ ){0,5}?(?:it|that|this|they|them|those|these)\b"
                        r"(?!\s+(?:\w+\s+)?(?:dog|child|kid|partner|friend|husband|wife|mum|mom|car)))", re.IGNORECASE)


#: asking whether the studio does it at all ("can you cover them?", "is this something you do?"): a yes comes first
_CAN_YOU = re.compile(r"\b(?:would|will|does|do|can|could) (?:the |these |those )?(?:\w+ ){0,2}(?:dots|treatment|smp|"
                      r"camouflage|tattoo(?:ing)?) (?:even )?work\b|"
                      r"\b(?:can|could|do|would|will) (?:you|u|ya|she|marta|it|this|that|they|smp|micropigmentation)\b"
                      r"[^.?!]{0,30}\b(?:do|help|cover|fix|treat|work|camouflage|hide|colour|color|disguise|improve|"
                      r"make)\b|\bis (?:this|it|that|\w+ \w+|\w+) something (?:you|u|the studio) (?:do|treat|offer|could|can)|\bpossible\b|"
                      r"\bis (?:there )?(?:any ?thing|something) (?:you|u|she) (?:can|could)\b|"
                      r"\b(?:am i|is (?:she|he)) (?:a )?(?:good )?candidate\b|\bsuitable\b|\bdo (?:you|u) (?:do|treat|offer)\b|"
                      r"\b(?:can|could) (?:i|she|he|they|we) (?:still )?(?:have|get) (?:a|an|it|this|that|the|them|my|her|his)\b|"
                      r"\brule (?:me|him|her|them|you) out\b|\b(?:am i|are you|is (?:she|he)) (?:even )?(?:allowed|able)\b",
                      re.IGNORECASE)
#: a part that asks whether this is a bot says a word like these ("Not one for talking about this" does not)
_BOT_WORDS = re.compile(r"\b(?:bot|robot|ai|a\.i\.|human|real person|person|automated|automatic|computer|machine|"
                        r"chat ?gpt|someone real)\b", re.IGNORECASE)
#: "a pain" said of a nuisance, not of how the treatment feels
_A_NUISANCE = re.compile(r"\b(?:a|such a|bit of a|real|big|total|right) pain\b", re.IGNORECASE)
#: a message this short with two clauses asks one thing ("is it permanent or do I need to come back")
SHORT_QUESTION_WORDS = 12
#: a short part that points back ("how long has she been doing it?"): the answer before covers it
_BACK_REFERENCE = re.compile(r"\b(?:she|he|they|it|that|this|them|her|him|those|these)\b", re.IGNORECASE)


def _unanswered(u: Understanding, said: list[str], topics: list[str]) -> list[Part]:
    """Questions among the parts that no answer covers (only when the message was cut into parts).

    A question about a treatment already answered ("…do you do burns?" after the scar answer) is covered.
    """
    if len(u.parts) < 2 or (len(u.text.split()) <= SHORT_QUESTION_WORDS and said):
        return []                               # "is it permanent or do I need to come back": one question
    answered = set(u.topics) | set(topics)
    covered = {c for c in PRICED if any(c in response or CONCERN_TOPICS[c] in response for response in said)}
    return [p for p in u.parts if p.is_question and not p.answerable and p.topic not in answered
            and not _CONTINUES.match(p.text) and not set(asked_topics(p.text)) & answered
            and not ("hours" in answered and asks_hours(p.text))     # "whats the latest appointment you do?"
            and not (len(p.text.split()) <= SHORT_QUESTION_WORDS - 4 and _BACK_REFERENCE.search(p.text))
            and not ("vs_laser" in answered and _LASER_BEFORE.search(p.text))     # "…why pick this over laser?"
            and len(p.text.split()) > 3         # "is true?", "really??": about what they just said
            and p.intent not in (*ACTION_INTENTS, *SOCIAL_INTENTS, "share_situation")
            and (read_facts(p.text).concern or u.facts.concern) not in covered]   # "…can you make it less visible?"


#: asking what the consultation is like wants its whole answer, even beside another question
_WHAT_HAPPENS = re.compile(r"\bwhat (?:actually |exactly |really )?(?:happens|goes on|do (?:you|u|we|i) do)\b|"
                           r"\bwhat(?:'s| is) (?:the |a )?(?:free )?consult\w* like\b", re.IGNORECASE)
#: the consultation is what a price or a length is asked of ("how much is the consulta?", "consult cost?")
_CONSULTATION_ASKED = re.compile(r"\b(?:how much|price|cost|fee|charge|how long)\b[^.?!]{0,20}\bconsult\w*|"
                                 r"\bconsult\w*\b[^.?!]{0,15}\b(?:cost|price|charge|fee)", re.IGNORECASE)


#: asking what takes the pain away: a numbing cream, an anaesthetic, being put to sleep
_NUMBING = re.compile(r"\bnumb\w*|\ban(?:a)?esthe\w*|\bput (?:me |you )?(?:to sleep|under)\b|\bsedat\w*|"
                      r"\bknock(?:ed)? (?:me |you )?out\b|\bgas and air\b|\bpain ?kill\w*|\bpain relief\b", re.IGNORECASE)


#: laser tried or named as the comparison ("spent £2k on laser", "is this better than laser?")
_LASER_BEFORE = re.compile(r"\blaser\w*\b(?![\s-]+(?:hair|removal|tattoo))", re.IGNORECASE)
_COSMETIC_NAMED = re.compile(r"\btattoo\w*|\bcosmetic\b|\bmicroblad\w*|\bpermanent make|\bpmu\b|\bbrows?\b|\blips?\b",
                             re.IGNORECASE)


def _spoken_language_asked(text: str, languages: tuple[str, ...]) -> bool:
    """A language the studio speaks named in the question ("in spanish?", "español", "does marta speak english")."""
    names = {"spanish": ("spanish", "español", "espanol", "castellano")}
    for language in languages:
        words = names.get(language.lower(), (language.lower(),))
        if any(re.search(rf"\b{w}\b", text, re.IGNORECASE) for w in words):
            return True
    return False


#: asking whether their marks are too old ("are they too old to fix?"): old marks are the mature kind
_MARKS_TOO_OLD = re.compile(r"\b(?:they|them|mine|it|these|those|marks|scars?)(?: are| is|'re|'s)? too old\b|"
                            r"\btoo old to (?:fix|treat|cover|camouflage|do anything)\b", re.IGNORECASE)


#: asking whether the studio treats what they named ("do you do stretch marks on the tummy…")
_DO_YOU_DO = re.compile(r"\b(?:do|can|could) (?:you|u|ya|y'?all) (?:guys )?(?:do|treat|offer|work on|camouflage)\b(?! (?:it|that|"
                        r"this|them|anything|something|payment|card|video|online|virtual|consult\w*|evenings?|weekends?)\b)", re.IGNORECASE)


#: asking whether treatment could darken the skin
_DARKENING_ASKED = re.compile(r"\b(?:leave|give|cause|get|end up with)\b[^.?!]{0,25}\bdark(?:er)?\b[^.?!]{0,40}\?|\bdarken\w*[^.?!]*\?|"
                              r"\bhyperpigment\w*[^.?!]*\?|\b(?:go|turn|get) (?:darker|dark)\b[^.?!]*\?", re.IGNORECASE)
_HEALING_WORDS = re.compile(r"\bheal\w*|\bafter (?:the |a |each )?(?:session|treatment)\b|\bscab\w*|\bdowntime\b",
                            re.IGNORECASE)


#: whether it would work for them at all ("can you actually cover something like this or am i wasting my time",
#: "is this a gimmick", "would something like this work for him", "my GP said try the camouflage people"): what the
#: treatment can and cannot do is part of the answer, beside whatever else they ask
_WORKS_FOR_THEM = re.compile(
    r"\b(?:can|could|would|will|does|do) (?:you|u|ya|it|this|that|something like (?:this|that)|camouflage|the (?:treatment|"
    r"camouflage)|tattoo\w*|smp|micropigmentation)\b (?:actually |really |even |still |possibly )?(?:cover|hide|help|work|fix|"
    r"do anything|make (?:a|any) difference|improve|disguise|camouflage)\b|\bwast(?:ing|e) (?:my|your|our|his|her) time\b|"
    r"\bgimmick\b|\b(?:do|does) (?:it|this|that|they) (?:actually|really) (?:do|work)\b|\bthat you(?: lot| guys)?\s*\?|"
    r"\bis that (?:you|what you do)\b|\b(?:gp|doctor|surgeon|consultant|dermatologist|nurse|oncologist)\b[^.?!]{0,20}"
    r"\b(?:said|told me|suggested|recommended|mentioned)\b[^.?!]{0,40}\b(?:camouflage|micropigmentation|tattoo\w*|you)\b",
    re.IGNORECASE)


def _can_you(text: str) -> bool:
    """"can you cover it?", not "do u do saturdays" (a day, not a treatment)."""
    return any(not _A_DAY_NEXT.match(text[m.end():]) for m in _CAN_YOU.finditer(text))


_A_DAY_NEXT = re.compile(r"\s*(?:on )?(?:mon|tue|wed|thu|fri|sat|sun|weekends?|evenings?|late|mornings?|afternoons?)",
                         re.IGNORECASE)
#: treatments whose answer does not itself start with a yes (scars: "one of the main things"; vitiligo: "once stable")
_YES_WE_DO = frozenset({"stretch_marks", "scalp", "areola"})
#: "u guys do that hairline thing??": the same question without its "do"
_YOU_DO = re.compile(r"\b(?:you|u|ya) (?:guys |lot |all )?(?:do|treat|offer|cover)\b(?=[^.!?]{0,60}\?)", re.IGNORECASE)


def _asks_if_treated(text: str) -> bool:
    """"do you do stretch marks on the tummy…": a treatment named right after "do you do" (not "gift vouchers")."""
    return any(read_facts(text[m.end():m.end() + 40]).concern for pattern in (_DO_YOU_DO, _YOU_DO)
               for m in pattern.finditer(text))


#: "after chemo", "after my mastectomy": a treatment had before, not the care after a session
_AFTER_TREATMENT = re.compile(r"\bafter (?:my |the |a |her |his )?(?:chemo\w*|radio\w*|cancer|surgery|op|operation|"
                              r"mastectomy|reconstruction|transplant|pregnancy|birth|baby|c-?section)\b", re.IGNORECASE)
_CARE_WORDS = re.compile(r"\bcare\b|\blook after\b|\bheal\w*|\bwash\w*|\bshower\w*|\bcream\b|\bsun\b|\bgym\b|"
                         r"\bswim\w*|\bscab\w*", re.IGNORECASE)


#: plain facts that may follow the doctor message, when asked beside an urgent sign (never a reassurance)
FACTS_BESIDE_URGENT = ("utter_price_", "utter_faq/price", "utter_brief_price", "utter_brief_sessions", "utter_sessions_",
                       "utter_faq/hours", "utter_brief_hours", "utter_hours_", "utter_faq/location",
                       "utter_brief_location", "utter_payment_plain", "utter_faq/contact", "utter_brief_contact")


#: one plain fact asked about the consultation (its length, its price, whether by video)
_CONSULTATION_FACT = re.compile(r"\bhow long\b|\bhow much\b|\bfree\b|\bcost\b|\bonline\b|\bvideo\b|\bzoom\b|\bminutes\b",
                                re.IGNORECASE)


_CONDITION = re.compile(r"\b(?:a |my |an )?(pacemaker|epilepsy|seizures|heart (?:condition|problem|disease|valve)|lupus|hiv|"
                        r"hepatitis|ha?emophilia|bleeding disorder|period|asthma|thyroid|arthritis|multiple sclerosis|"
                        r"anaemia|anemia|high blood pressure|fibromyalgia|crohn'?s|colitis|sickle cell|dialysis)\b",
                        re.IGNORECASE)


#: conditions named with "a" ("a pacemaker"); the rest by their name ("asthma")
_COUNTABLE = frozenset({"pacemaker", "heart condition", "heart problem", "heart disease", "heart valve",
                        "bleeding disorder"})


def _condition_named(text: str) -> str:
    """"a pacemaker", "your period", "HIV": the condition as the answer names it, else "that"."""
    match = _CONDITION.search(text)
    if not match:
        return "that"
    word = match.group(1).lower()
    if word == "period":
        return "your period"
    if word == "hiv":
        return "HIV"
    return f"a {word}" if word in _COUNTABLE else word


#: a question short enough to name back in the reply
QUOTED_WORDS = 14


def _quoted(question: str) -> str:
    """"would I have to come down for the actual treatment?" from "And would I have to…??": the question as asked,
    for saying which one is left for a person; "" when too long to quote."""
    text = re.sub(r"^\W*(?:(?:and|also|oh|so|but|plus|ok|okay)\b\W*)+", "", question.strip()).rstrip(" ?!.")
    if not text or len(text.split()) > QUOTED_WORDS or re.search(r"[<>{}\[\]]", text):
        return ""
    return text[:1].lower() + text[1:] + "?" if not re.match(r"^I\b", text) else text + "?"


def _concern(u: Understanding, ctx: Context) -> Optional[str]:
    if u.facts.concern:
        return u.facts.concern
    for topic in u.topics:
        if topic in TOPIC_OF_CONCERN:
            return TOPIC_OF_CONCERN[topic]
    if ctx.concern is None and PRICE_DOUBT.search(u.text) and re.search(r"\bdots\b", u.text, re.IGNORECASE):
        return "scalp"                          # "£450 for dots??": the scalp's price, not the whole list
    return ctx.concern


def _other_concerns(u: Understanding, concern: Optional[str], plan: Plan) -> None:
    """"The c-section scar and the stretch marks around it": each treatment named gets its answer."""
    if not concern or not any(concern in r or CONCERN_TOPICS.get(concern, "-") in r for r in plan.said):
        return
    for other in u.facts.concerns:
        topic = CONCERN_TOPICS.get(other)
        if other == "scar" and concern == "areola":
            continue                            # the mastectomy scar is part of the areola work, not another treatment
        if other != concern and topic and not any(topic in r or other in r for r in plan.said):
            priced = u.facts.asks_price and other in PRICED and f"utter_price_{concern}" in plan.said
            plan.say(f"utter_price_{other}" if priced else f"utter_brief_{topic}")   # "the crown AND the scar: one
            # price or two?": each treatment's own price


def _acknowledge(u: Understanding, ctx: Context, plan: Plan) -> None:
    if u.tone == "complaint":
        plan.say("utter_ack_complaint")
    elif u.tone == "frustration" and u.feeling == "price_doubt":
        plan.say("utter_ack_price_doubt")       # "£450 to draw dots?!": heard, then what the price covers
    elif u.tone == "frustration" and u.facts.booking_held in ("move", "cancel"):
        plan.say("utter_ack_sort_it")           # "wtf. change it to wed 12": sorry, and it is done, no answer promised
    elif u.tone == "frustration":
        plan.say("utter_ack_frustration" if ctx.struggled else "utter_ack_fed_up")   # with us, or with it all
    elif u.facts.self_harm:
        plan.say("utter_ack_self_harm")
    elif u.tone == "distress" and u.facts.treated_here and u.feeling not in ("grief", "family_unwell", "unwell"):
        plan.say("utter_ack_complaint")         # upset about their own result here: sorry, and a person
    elif u.tone == "distress" and u.feeling == "embarrassed" and u.facts.for_someone_else:
        plan.say("utter_ack_embarrassed_other")     # "my mum is really shy about it": her feeling, not "your skin"
    elif u.tone == "distress":
        other = "_other" if u.feeling in _ACK_ABOUT_THEM and u.facts.for_someone_else else ""
        plan.say(f"utter_ack_{u.feeling}{other}" if u.feeling in FEELINGS else "utter_ack_distress")
    elif u.tone == "sceptical":
        # "…nothing more surgically we can do, so im angry frankly, is this a gimmick": the anger heard too
        plan.say("utter_ack_sceptical_angry" if _ANGRY.search(u.text) else "utter_ack_sceptical")
    elif u.tone == "hopeful":
        plan.say("utter_ack_hopeful")           # "first time in ages i feel hopeful": glad with them, then the facts
    elif u.tone == "hope":
        plan.say("utter_ack_occasion")          # "…for my wedding in September": glad for them, then the facts
    elif u.tone is None and ordeal_told(u.text) and not ({"utter_ack_ordeal", "utter_ack_ordeal_other"} & ctx.said_before) \
            and not u.facts.treated_here:
        # "my wife had a mastectomy and radiotherapy… what would it cost?": what they lived through, heard once
        plan.say("utter_ack_ordeal_other" if u.facts.for_someone_else else "utter_ack_ordeal")


#: feelings whose acknowledgement speaks to the writer ("…can stay with you"): said of someone else, its own words
_ACK_ABOUT_THEM = frozenset({"accident"})
#: angry at what they were told elsewhere, beside a sceptical question
_ANGRY = re.compile(r"\b(?:angry|furious|livid|fuming|raging|frustrated|frustrating)\b", re.IGNORECASE)


#: only free at some times ("need after work", "I work weekdays"): said beside the hours, a booking is the next step
_AVAILABLE_ONLY = re.compile(r"\bafter work\b|\bi work (?:weekdays|days|full[- ]time|9|mon)|\bwork(?:ing)? (?:weekdays|during "
                             r"the week|9 ?(?:-|to|till|til) ?5)|\bonly (?:free|available|off)\b|\bneed (?:an? )?(?:evening|"
                             r"late|weekend|saturday|after)|\bfree (?:after|before) \d|\bmy days? off\b", re.IGNORECASE)


#: fed up with it all, not with the studio ("bit fed up tbh, the kids keep asking about my scar")
_FED_UP_WITH_LIFE = re.compile(r"\b(?:fed up|sick of|tired of)\b(?!\s+(?:of |with )?(?:this|you|u|the bot|waiting|"
                               r"being|repeating|answering|asking|your))", re.IGNORECASE)


#: the distance asked about, not only told ("is it far from Leeds?", "how long would the trip be?")
_FAR_ASKED = re.compile(r"\b(?:is|would) (?:it|that|brighton|the studio) (?:too |very |a bit )?far\b|\bhow (?:long|far)\b[^.?!]{0,30}"
                        r"\b(?:trip|drive|journey|train|travel|get there|from)\b", re.IGNORECASE)


def _next_step(u: Understanding, ctx: Context, plan: Plan, concern: Optional[str], personal: bool) -> None:
    minor = u.facts.minor or ctx.known_minor
    if minor and not u.facts.for_someone_else and "book_consultation" in u.requests and u.tone != "complaint":
        plan.offer = "keep_in_touch"            # "im 17… can i book next sat? 18 on 2nd jan": in touch at 18 instead
        plan.say("utter_offer_keep_in_touch_adult", minimum_age=ctx.minimum_age)
        return
    # "can I come in with him, and could his appointment be first thing when it's quiet?": a question about the
    # visit with no day in it starts no booking; a person who knows the answer is offered
    vague_visit = "unknown_practical" in u.facts.asked and not u.facts.day_named and not u.facts.days_named
    if "erase_part" in u.facts.asked:          # "delete just the health bit but keep my booking": a person does it
        plan.offer = "person"
        plan.say("utter_offer_person")
        return
    if u.facts.follow_up_months is not None and u.tone != "complaint":
        plan.followup = "action_keep_in_touch"  # "get in touch with me in 8 months", "remind me closer to the time"
        return
    if u.facts.wants_time and not ctx.has_booking and not minor and not u.facts.booking_held and not vague_visit \
            and u.tone != "complaint" and not u.facts.asks_hours and set(u.requests) <= {"affirm", "book_consultation"}:
        plan.followup = NEXT_ACTIONS["book_consultation"]   # "Ok, I'll go for it. Monday at 2.30, in person?"
        return
    for request in u.requests:
        if request in ("affirm", "deny") and not ctx.offer_pending:
            continue                            # "ok but what are your opening hours": nothing offered to accept
        if request == "book_consultation" and (u.facts.asks_hours or vague_visit or "out_of_work_hours" in u.facts.asked):
            continue                            # "thurs late?" asks when the studio is open
        if request in ("book_consultation", "check_suitability") and u.tone == "complaint":
            continue                            # "booked a video call and nobody turned up": a person, not a form
        if request in NEXT_ACTIONS and not (request in ("book_consultation", "check_suitability") and minor):
            plan.followup = NEXT_ACTIONS[request]
            return
    if {"booking_lookup", "booking_pending", "walk_in", "erased_check", "reminder", "in_person"} & set(u.facts.asked) \
            and not u.requests:
        if "walk_in" in u.facts.asked and not ctx.has_booking and not minor:
            plan.offer = "booking"
            plan.say("utter_offer_booking")
        elif "booking_pending" in u.facts.asked:
            plan.offer = "person"               # "nobody has confirmed it": a person can check it
            plan.say("utter_offer_person")
        return                                  # a booking they have, or a question about how booking works
    if u.facts.wants_time and ctx.has_booking and not minor and u.tone != "complaint" and not u.facts.asks_hours \
            and not u.facts.booking_held and not u.requests:
        plan.followup = "action_reschedule_booking"     # "can we make it sat at 10 instead": the booking they have
        return
    if u.facts.wants_time and not minor and not ctx.has_booking and not u.facts.booking_held and not vague_visit \
            and u.tone != "complaint" and not u.facts.asks_hours:
        plan.followup = NEXT_ACTIONS["book_consultation"]      # "how much is it, and can I come Thursday at 6?"
        return
    if u.facts.asks_hours and _AVAILABLE_ONLY.search(u.text) and not ctx.has_booking and not minor \
            and not u.facts.booking_held and u.tone != "complaint" and "utter_offer_booking" not in plan.said:
        plan.offer = "booking"                  # "u open late thursdays? need after work": the hours, then a time
        plan.say("utter_offer_booking")
        return
    if "running_late" in u.facts.asked:
        return                                  # on their way: the studio's phone is the next step
    fed_up_with_us = u.tone == "frustration" and (ctx.struggled or u.feeling == "price_doubt" or bool(
        FRUSTRATION.search(_FED_UP_WITH_LIFE.sub(" ", u.text))))
    if u.tone == "complaint" or fed_up_with_us or FOR_A_PERSON & {*u.topics, *u.facts.asked} \
            or u.facts.treated_here:    # "bit fed up tbh, the kids keep asking about my scar" is not about us
        plan.offer = "person"                   # a person can answer what the assistant does not know
        if "utter_faq/contact" not in plan.said:
            plan.say("utter_offer_person")      # the contact answer already offers one: "yes" still accepts
        return
    topics = set(u.topics) | ({"consultation_anyway"} & set(u.facts.asked))    # "can i still come in for the chat"
    about_their_treatment = bool(concern) and any(str(concern) in r or CONCERN_TOPICS.get(str(concern), "-") in r
                                                  for r in plan.said)
    wants_intake = bool(topics & OFFER_INTAKE_AFTER) or personal or ctx.intent == "share_situation" \
        or about_their_treatment
    if plan.redirect in NO_OFFER_AFTER:
        return                                  # "remove my growing keloid": a doctor first, no readiness check
    if u.facts.booking_held:
        return                                  # they have a booking already: no new one offered
    too_early = any(key.startswith("utter_note_young_") for key in plan.said)
    if wants_intake and not ctx.intake_done and not minor and not u.facts.for_someone_else and not too_early \
            and not ctx.intake_declined:
        plan.offer = "intake"
        plan.say("utter_offer_intake")
    elif (topics & OFFER_BOOKING_AFTER or (wants_intake and (ctx.intake_done or u.facts.for_someone_else or too_early
                                                            or ctx.intake_declined))) \
            and not minor:      # someone else's own consultation, not our health questions; too early: plan ahead
        if ctx.has_booking:
            plan.say("utter_booking_exists")
        else:
            plan.offer = "booking"
            plan.say("utter_offer_booking")


def _in_english(asked: ForeignReading) -> list[str]:
    """English answers to a message in another language: the price, whether it lasts, what it is."""
    said = [f"utter_price_{asked.concern}" for t in asked.topics if t == "price" and asked.concern in PRICED]
    said += ["utter_brief_permanence" for t in asked.topics if t == "permanence"]
    if asked.concern in CONCERN_TOPICS and not said and "cancel" not in asked.topics:
        said.append(f"utter_brief_{CONCERN_TOPICS[asked.concern]}")
    if "cancel" in asked.topics:
        said.append("utter_foreign_cancel")
    elif "booking" in asked.topics:
        said.append("utter_foreign_booking")
    return said


_ASKED_PATTERNS = dict((*ASKED_TOPICS, *TOLD_TOPICS))


#: where the classifier's own topics are asked in words, for ordering them among the others
_WORDS_OF: dict[str, "re.Pattern[str]"] = {
    "price": re.compile(r"\bhow much\b|\bcost\w*|\bprice\w*|\bcharge\b|\bfees?\b|£", re.IGNORECASE),
    "pain": re.compile(r"\bhurt\w*|\bpain\w*|\bsore\b|\bneedles?\b", re.IGNORECASE),
}


def _in_asked_order(u: Understanding, topics: list[str]) -> list[str]:
    """``topics`` in the order the message asks them: a question named in words ("…how long till I can go back to
    the gym?") is answered in its place, not after every question the classifier found."""
    if len(topics) < 2 or len(u.parts) < 2 and not u.facts.asked:
        return topics
    lowered = u.text.lower()
    starts: dict[str, int] = {}
    cursor = 0
    for part in u.parts:                        # where each part sits in the message, in order
        found = lowered.find(part.text.lower()[:40], cursor)
        at = found if found >= 0 else cursor
        cursor = max(cursor, at)
        if part.topic:
            starts.setdefault(part.topic, at)
        for topic in asked_topics(part.text):    # several named in one part: each where its words are
            match = _ASKED_PATTERNS[topic].search(part.text) if topic in _ASKED_PATTERNS else None
            starts.setdefault(topic, at + (match.start() if match else 0))
    ordered: list[tuple[int, int, str]] = []
    previous = 0
    for index, topic in enumerate(topics):
        pattern = _ASKED_PATTERNS.get(topic) or _WORDS_OF.get(topic)
        match = pattern.search(u.text) if topic not in starts and pattern is not None else None
        previous = starts.get(topic, match.start() if match else previous)
        ordered.append((previous, index, topic))
    return [topic for _, _, topic in sorted(ordered)]


def plan_reply(u: Understanding, ctx: Context) -> Plan:
    """The responses that answer ``u``, in order, and the one next step."""
    plan = Plan()
    if u.facts.urgent:
        plan.say(f"utter_urgent_{u.facts.urgent}")
        # "…how much and how many sessions? oh and a mole that has doubled and bled": the doctor first, then the
        # plain facts asked for (a price, the hours), never a reassurance, an offer or a booking
        calm = plan_reply(replace(u, facts=replace(u.facts, urgent=None)), ctx)
        for response, values in calm.responses:
            if response.startswith(FACTS_BESIDE_URGENT):
                plan.say(response, **values)
        return plan
    if ctx.urgent_before and DOWNPLAYED.search(u.text):
        plan.say("utter_urgent_hold")           # "probably just healing tho right? ill wait till monday": not that
        return plan
    if ctx.known_minor and _MINOR_PROTEST.search(u.text) and not u.facts.follow_up_months and not u.facts.urgent \
            and not ctx.minor_policy_said:
        other = u.facts.for_someone_else        # "her mum is happy to sign": the writer is not the minor
        if any(p.is_question and not _MINOR_PROTEST.search(p.text) for p in u.parts):
            # "ok and does it hurt? also im 17 btw, can my mum sign something?": their question, then the policy
            rest = plan_reply(u, replace(ctx, minor_policy_said=True))
            for response, values in rest.responses:
                if not response.startswith(("utter_note_minor", "utter_offer_", "utter_ack_", "utter_minor_",
                                            "utter_unknown_practical", "utter_brief_unknown_practical")):
                    plan.say(response, **values)
        plan.say("utter_minor_why_other" if other else "utter_minor_why", minimum_age=ctx.minimum_age)
        plan.offer = "person" if other else "keep_in_touch"
        return plan
    if ctx.urgent_before and SEEKING_HELP.search(u.text) and not u.asks:
        plan.say("utter_urgent_agreed")         # "ugh ok. calling 111 now": the right call, and when to go further
        return plan
    if _INFO_ONLY.match(u.text) or (_IS_IT_A_BOT.search(u.text) and len(u.text.split()) <= 8):
        plan.say("utter_greet" if _INFO_ONLY.match(u.text) else "utter_iamabot")   # "hi can i get some info pls"
        return plan
    if u.language == "Spanish" and "Spanish" in ctx.languages:
        answers = spanish_plan(read_spanish(u.text, ctx.minimum_age), ctx.scar_min_months, ctx.minimum_age,
                               ctx.burn_min_months)
        if answers:                             # the essentials in Spanish, then a Spanish-speaking person
            for response, values in answers:
                plan.say(response, **values)
            if answers == [("utter_es_person", {})]:
                plan.offer = "person"           # the request itself: "sí" passes it on
            elif answers != [("utter_es_urgent", {})]:
                plan.say("utter_es_offer_person")
                plan.offer = "person"
            return plan
        if ctx.request_time is not None or ctx.language_replied:
            # a Spanish question nothing here answers, once Spanish has been spoken or a call is on its way: said so
            # in Spanish, never the "only English" paragraph again
            plan.say("utter_es_unknown_call" if ctx.request_time is not None else "utter_es_unknown")
            if ctx.request_time is None:
                plan.offer = "person"
            return plan
    if u.language:
        spoken = u.language in ctx.languages
        again = "_again" if ctx.language_replied else ""      # never the same paragraph twice
        plan.say(f"utter_other_language_{u.language.lower()}{again}" if spoken else f"utter_other_language{again}",
                 language=u.language, languages=" and ".join(ctx.languages))
        plan.offer = "person"
        if not spoken:                          # what they asked, briefly in English, after the note
            for response in _in_english(read_foreign(u.text)):
                plan.say(response)
        return plan
    _acknowledge(u, ctx, plan)
    if u.tone == "complaint":
        plan.say("utter_brief_contact")         # a direct way to a person, not only a promise
    if len(u.parts) > 1 and any(p.intent == "bot_challenge" and p.confidence >= 0.6 and _BOT_WORDS.search(p.text)
                                for p in u.parts):
        plan.say("utter_iamabot")               # "is this a bot? bet you're harvesting data": honest first
    concern = _concern(u, ctx)
    topics = [t for t in u.topics if t != "minimum_age" or _AGE_WORDS.search(u.text) or u.facts.age or u.facts.minor]
    if u.facts.asks_price and "price" not in topics and ("payment" not in topics or (
            _concern(u, ctx) in PRICED and _PRICE_ASKED.search(u.text))) \
            and not ("touch_ups" in topics and TOUCH_UP_WORDS.search(u.text)):
        # "and how much for my hand?" inside a story; "do I pay anything upfront? and roughly what does the scar
        # one cost": both
        topics = [*topics, "price"]
    if u.facts.asks_pain and "pain" not in topics:
        topics = [*topics, "pain"]              # "terrified of needles… how bad is it really?"
    if "pain" in topics and not u.facts.asks_pain and _A_NUISANCE.search(u.text):
        topics = [t for t in topics if t != "pain"]     # "getting down to Brighton midweek is a pain"
    if "pain" in topics and _NUMBING.search(u.text):
        topics = [*topics, "numbing_unknown"]   # "is there numbing?": not set out, said so
    if u.facts.asks_hours and "hours" not in topics:
        topics = ["hours", *topics]             # "thurs late?": the day's hours, not a booking
    if concern == "areola" and "several_areas" in topics:
        # "would it be both sides or one": one side or both is the areola price's own question
        topics = list(dict.fromkeys("price" if t == "several_areas" else t for t in topics))
    if concern in CONCERN_TOPICS and topics and CONCERN_TOPICS[concern] not in topics \
            and (("price" in topics and _can_you(u.text)) or _asks_if_treated(u.text) or _WORKS_FOR_THEM.search(u.text)):
        topics = [CONCERN_TOPICS[concern], *topics]     # "…can you help and does it cost a lot", "do you do stretch marks… and how many sessions?": both questions
    topics = _in_asked_order(u, [*topics, *(t for t in u.facts.asked if t not in topics)])   # "…and parking?"
    if "permanence" in topics and "touch_ups" in topics and not TOUCH_UP_WORDS.search(u.text) and not u.facts.asks_price:
        topics = [t for t in topics if t != "touch_ups"]    # "forever or do I have to keep coming back?": one answer
    if "price_includes" in topics and not re.search(r"\bhow much\b", u.text, re.IGNORECASE):
        topics = [t for t in topics if t not in ("price", "payment")]   # "whats included in the price": not the list
    if "colour_change" in topics:               # how pigment ages already says it fades, with its touch-ups
        topics = [t for t in topics if t not in ("permanence", "touch_ups")]
    if concern is None and _CONSULTATION_ASKED.search(u.text):
        # "how much is the consulta, and how long it takes?": the free consultation, not the price list
        asks_count = re.search(r"\bhow many\b|\bsessions?\b", u.text, re.IGNORECASE)
        replaced = ("price", "session_length") if asks_count else ("price", "sessions", "session_length")
        topics = list(dict.fromkeys("consultation" if t in replaced else t for t in topics))
    if "sessions_spacing" in topics:            # "all the sessions within 2 weeks?": their timing is the question
        topics = [t for t in topics if t not in ("session_length", "time_off")
                  and (t != "sessions" or re.search(r"\bhow many\b", u.text, re.IGNORECASE))]
    if "vs_cosmetic" in topics and _LASER_BEFORE.search(u.text) and not _COSMETIC_NAMED.search(u.text):
        topics = ["vs_laser" if t == "vs_cosmetic" else t for t in topics]  # "£2k on laser… why would this be different?"
    if "session_length" in topics and not re.search(r"\bhow many\b", u.text, re.IGNORECASE):
        topics = [t for t in topics if t != "sessions"]     # "how long is each session": its length, not a count
    if (u.facts.booking_held == "cancel" or "cancellation" in u.facts.asked) and _CHARGE_WORDS.search(u.text) \
            and not _PRICE_ASKED.search(u.text):
        topics = [t for t in topics if t not in ("price", "payment")]   # the cancellation says nothing is owed
    if u.tone == "complaint" and not any(p.is_question for p in u.parts):
        topics = [t for t in topics if t in u.facts.asked]   # "NOBODY CONFIRMED!!!": heard, no leaflet
    if "out_of_work_hours" in topics and u.facts.asks_hours and u.facts.day_named:
        topics = [t for t in topics if t != "out_of_work_hours"]    # "Thursday you're open late right? til when?"
    elif "out_of_work_hours" in topics:
        topics = [t for t in topics if t != "hours"]   # "evenings or weekends?": those hours, not the whole week
    if u.facts.booking_held in ("move", "cancel"):
        topics = [t for t in topics if t not in ("out_of_work_hours", "hours")]   # "…to Thursday after work"
    if "how_to_start" in u.facts.asked and "location" not in u.facts.asked:
        topics = [t for t in topics if t != "location"]     # "where do I even start?" is no question about the address
    if "removal" in topics:                     # its own answer says it fades, with its touch-ups
        topics = [t for t in topics if t not in ("permanence", "touch_ups", "colour_change")]
    if {"future_changes", "tanning"} & set(topics):     # their own answers, not the general leaflet
        topics = [t for t in topics if t not in ("what_is", "suitability", "results")]
    if "photos_use" in topics:                  # where their photos could end up: that question, not the leaflet
        topics = [t for t in topics if t not in ("photos_privacy", "photos", "privacy", "remote_assessment",
                                                 *CONCERN_TOPICS.values())]
    if "link_check" in topics:                  # "did you even send it or is it my spam?": not the payment leaflet
        topics = [t for t in topics if t not in ("payment", "price", "contact")]
    if "in_person" in topics and KEEP_HEALTH_OFFLINE.search(u.text):
        topics = [t for t in topics if t != "in_person"]    # "no thanks to the questions, rather talk in person"
    if "who_reads" in topics:                   # who reads it is the privacy question asked (and a photo's, apart)
        topics = [t for t in topics if t != "privacy" and (t != "photos_privacy" or "photos_privacy" in u.facts.asked)]
    if "retention_why" in topics:               # "why so long you keep it": that limit, not the whole notice again
        topics = [t for t in topics if t not in ("privacy", "data_retention")]
    if "flat_chest" in topics:                  # its own answer says what areola work is there
        topics = [t for t in topics if t not in ("areola", "what_is", "suitability")]
    if "smp_for_women" in topics:               # its own answer says what SMP does for them
        topics = [t for t in topics if t not in ("scalp", "what_is", "hair_growth")]
    if "lives_away" not in topics and far_place(u.text, ctx.studio_address):
        topics = [*topics, "lives_away"]        # "68 year, Glasgow": the sessions are at the studio, after their answers
    if "aftercare" in topics and _AFTER_TREATMENT.search(u.text) and not _CARE_WORDS.search(u.text):
        # "smp after chemo?": whether it can follow that treatment, not how to look after the skin
        topics = [t for t in topics if t != "aftercare"]
        if concern in CONCERN_TOPICS and CONCERN_TOPICS[concern] not in topics:
            topics = [CONCERN_TOPICS[concern], *topics]
    if {"ageing", "washes_off"} & set(topics):     # their own answer says it fades, with its touch-ups
        topics = [t for t in topics if t not in ("permanence", "touch_ups", "colour_change")]
    if "sun_protection" in topics and re.search(r"\bfad(?:e|es|ing)\b", u.text, re.IGNORECASE) \
            and "permanence" not in topics:
        topics = [*topics, "permanence"]        # "…will they still burn? and does the colour fade in the sun"
    if "sun_protection" in topics and not _HEALING_WORDS.search(u.text):
        topics = [t for t in topics if t != "after_care_unknown"]   # "will they still burn?": not the healing
    if {"after_procedure", "washes_off", "ageing", "sun_protection", "price_comparison"} & set(topics) \
            and not _asks_if_treated(u.text) \
            and not _can_you(u.text):           # "does smp sweat off at the gym": they know what it is
        topics = [t for t in topics if t not in CONCERN_TOPICS.values()]
    if "price_comparison" in topics:            # "why the difference?" beside another clinic's price: ours, honestly
        topics = [t for t in topics if t not in ("vs_cosmetic", "what_is")]
        if concern in PRICED and "price" not in topics and "touch_ups" not in topics:
            topics = [t for t in topics if t != "price_comparison"] + ["price_comparison", "price"]
    if "pay_per_session" in topics:             # "…or do I have to commit to all of them?": its own answer says how
        topics = [t for t in topics if t not in ("payment", "price_includes", "sessions")]
    if "lives_away" in topics and len(topics) > 1 and not _FAR_ASKED.search(u.text):
        topics = [t for t in topics if t != "lives_away"] + ["lives_away"]    # "we're in Hastings. rough price?": the
        # answers first, then where the sessions happen
    if "lives_away" in topics and ("treatment_in_studio" in topics or "remote_assessment" in topics):
        # "I'm in Leeds… can the consultation be on video?": video first, then where the sessions happen
        at = topics.index("lives_away")
        topics = [t for t in topics if t != "lives_away"]
        if "treatment_in_studio" not in topics:
            topics.insert(topics.index("remote_assessment") + 1 if "remote_assessment" in topics else at, "lives_away")
    if u.facts.darker_skin and _DARKENING_ASKED.search(u.text) and not _asks_if_treated(u.text):
        # "my skin goes darker after any cut… would the needles leave me with dark marks?": the darkening is the question
        topics = [t for t in topics if t not in (*CONCERN_TOPICS.values(), "what_is", "results")]
    if "scalp_scar" in topics:                  # their own answer says what SMP does there
        topics = [t for t in topics if t not in ("scalp", "scars")]
    if "photos_taken" in topics:                # their own photos, not the gallery
        topics = [t for t in topics if t not in ("photos", "photos_privacy")]
    if "refunds" in topics:
        topics = [t for t in topics if t not in ("if_wrong", "cancellation")]   # "refund if I dont like it?"
    if "after_procedure" in topics:
        topics = [t for t in topics if t not in ("aftercare", "after_care_unknown")]   # "SMP after a hair transplant ok?"
    if "kind_of_place" in topics:
        topics = [t for t in topics if t not in ("vs_cosmetic", "what_is")]   # "clinic or salon?": what the studio is
    if "consultation" in topics and "remote_assessment" in topics:
        topics = [t for t in topics if t != "consultation"]     # "…or can that be online?": the video answer says it
    if "hair_growth" in topics and "scalp" in topics:
        topics = [t for t in topics if t != "scalp"]    # "would it make it grow back?": that answer says what SMP is
    if "touch_ups" in topics and TOUCH_UP_WORDS.search(u.text) and "price" in topics:
        topics = [t for t in topics if t != "price"]    # "can I book a touch up and what does it cost?": £120, not £450
    if "cancellation" in topics and not any(word in u.text.lower() for word in PAYING_WORDS):
        topics = [t for t in topics if t != "payment"]  # "whats your cancellation policy": its answer says what is paid
    if "nhs" in topics and not re.search(r"\binsur", u.text, re.IGNORECASE):
        topics = [t for t in topics if t != "payment"]  # "is it on the NHS?" has its own answer about paying
    if "no_upper_age" in topics and _MARKS_TOO_OLD.search(u.text) and concern in ("stretch_marks", "scar"):
        topics = [t for t in topics if t != "no_upper_age"]     # their marks' age, not theirs
    if "minimum_age" in topics and (u.facts.age or 0) >= ctx.minimum_age and "no_upper_age" not in topics \
            and re.search(r"\b(?:too young|old enough|young)\b", u.text, re.IGNORECASE):
        topics = ["old_enough" if t == "minimum_age" else t for t in topics]    # "im 19, am I too young?": no
    if "minimum_age" in topics and ("no_upper_age" in topics or (u.facts.age or 0) >= ctx.minimum_age):
        # "I'm 74, is that too old?": no upper limit, not the under-18 rule
        topics = list(dict.fromkeys("no_upper_age" if t == "minimum_age" else t for t in topics))
    if "price" in topics and "sessions" in topics and _concern(u, ctx) == "scalp":
        topics = [t for t in topics if t != "sessions"]  # the scalp price already says "usually 2-3 sessions"
    if "other_studio_work" in topics and u.feeling == "elsewhere":
        # "can u fix bad smp done somewhere else?": the earlier work is the question, not our leaflet
        topics = [t for t in topics if t not in (*CONCERN_TOPICS.values(), "what_is", "results")]
    if u.feeling == "elsewhere" and _FIXED.search(u.text) and "other_studio_work" not in topics:
        # "it came out grey at another place… can that even be fixed?": the earlier work, not our leaflet
        topics = ["other_studio_work", *(t for t in topics if t not in (*CONCERN_TOPICS.values(), "suitability",
                                                                        "results", "what_is"))]
    if "erased_check" in u.facts.asked:
        topics = [t for t in topics if t not in ("permanence", "results", "privacy")]   # "is it all gone?": the data
    if u.feeling == "elsewhere" and not topics and concern:
        topics = ["other_studio_work"]          # "camouflaged at a salon and it's gone orange": that work, not our leaflet
    if "other_studio_work" in topics and "if_wrong" in topics:
        topics = [t for t in topics if t != "if_wrong"]     # "can you fix someone else's mess?": that work, said once
    if u.facts.treated_here:                    # a client asks about their own result: not the leaflet
        topics = [t for t in topics if t not in (*CONCERN_TOPICS.values(), "what_is", "results")]
    if "touch_ups" in topics and _concern(u, ctx) == "areola" and u.facts.asks_price:
        topics = ["price" if t == "touch_ups" else t for t in topics]   # the areola price includes a touch-up
    if u.facts.wants_time and len(u.text.split()) <= SHORT_BOOKING_WORDS and not u.facts.booking_held \
            and not u.facts.asks_hours:
        sure = {p.topic for p in u.parts if p.topic_confidence >= 0.9}
        topics = [t for t in topics if t in sure]   # "any chance of a monday after work?" asks for a time only
    if u.feeling in ("price_doubt", "afraid") or u.tone == "sceptical" or _SCEPTIC.search(u.text):
        doubts = [t for t, words in _DOUBTS if words.search(u.text)]   # each objection named gets its answer
        topics = [*[t for t in topics if t != "price" and t not in doubts
                    and (t != "contact" or t in u.facts.asked)],     # "just instagram filters?" asks no phone number
                  *(["price"] if u.facts.asks_price else []), *doubts]
        if u.feeling == "price_doubt" and not doubts:
            topics.append("practitioner")       # the price, then who does it
    if u.facts.other_service:
        plan.redirect = u.facts.other_service
        # "my cleft-lip scar… is it something you do or more a lip blush thing?": our answer first, then where else
        plan.redirect_last = u.facts.concern in CONCERN_TOPICS and u.facts.other_service == "makeup"
        if u.facts.other_service == "business":
            return plan                         # "do u run courses? want to train in scar camo": the email, no treatment
        if (not u.facts.concern and (not u.facts.asked or not _OUR_WORK.search(u.text))) \
                or u.facts.other_service in INSTEAD_OF_CAMOUFLAGE:
            # "how much are your microblading brows?": not a price of ours; "a flower design over my scar,
            # I don't want to hide it": not our camouflage either
            plan.out_of_scope = True
            for topic in dict.fromkeys(t for t in [*topics, *u.facts.asked] if t in _PRACTICAL):
                plan.say(f"utter_faq/{topic}")  # "…can you make them lighter? also you speak spanish?": yes, Spanish
            return plan
    if plan.redirect and u.facts.concern in CONCERN_TOPICS:
        # "stretch marks plus loose skin, will this tighten anything or is it just colour?": where to go for
        # the skin, and what we do for their marks rather than a general explanation
        topics = list(dict.fromkeys(CONCERN_TOPICS[u.facts.concern] if t in ("vs_cosmetic", "what_is") else t
                                    for t in topics))
    answered_outcome = "own_outcome" in topics and bool(ctx.outcome)
    if "own_outcome" in topics:                 # "?? so no treatment for me yet or what": their result, plainly
        if ctx.outcome:
            plan.say(f"utter_outcome_{ctx.outcome}_again", reason=ctx.outcome_reason or "your answers",
                     when=ctx.outcome_when or "later")
            topics = [t for t in topics if t not in ("what_is", "suitability", "healing_wait",
                                                     *CONCERN_TOPICS.values())]
        topics = [t for t in topics if t != "own_outcome"]
    notes = _notes(u, ctx, concern)
    if "stop_medicine" in topics:               # "would I have to stop warfarin?": its answer says all the note would
        notes = [(name, values) for name, values in notes if not name.startswith("utter_note_blood_thinners")]
    extra = _extra_notes(u, ctx, notes, topics)
    when_notes = [(r, v) for r, v in extra if r == "utter_note_earliest"]
    if notes:                                   # their own facts say more than the general list, in its place:
        first = next((i for i, t in enumerate(topics) if t in GENERAL_WHEN_NOTED), None)   # "…should I wait? and
        topics = [_THEIR_CASE if i == first else t for i, t in enumerate(topics)            # does it hurt?"
                  if t not in GENERAL_WHEN_NOTED or i == first]
        if topics == [_THEIR_CASE]:
            topics = []                         # nothing else asked: the notes close the reply, as always
    if u.facts.asks_price and TOUCH_UP_WORDS.search(u.text) and "touch_ups" not in topics \
            and concern != "areola":
        topics = [("touch_ups" if t == "price" else t) for t in topics] if "price" in topics else [*topics, "touch_ups"]
    if u.facts.asks_price and "payment" in topics and "price" not in topics and concern in PRICED \
            and not any(w in u.text.lower() for w in PAYING_WORDS):
        topics = ["price" if t == "payment" else t for t in topics]   # "would I be paying for one side or both?"
    opener = bool(notes) and bool(_can_you(u.text) or _WORKS_FOR_THEM.search(u.text)) \
        and not (u.facts.minor or ctx.known_minor)    # "can you cover it?": yes first, then their facts (not a child's)
    if topics and not notes and concern in CONCERN_TOPICS and CONCERN_TOPICS[concern] not in topics \
            and "price" not in topics and any(p.is_question and not p.answerable and _can_you(p.text)
                                              for p in u.parts[1:]):
        topics = [*topics, CONCERN_TOPICS[concern]]   # "…would you judge me? Can it make them less obvious?": both
    if notes and topics and _own_case_asked_first(u):
        # "does the diabetes rule me out? and how much?": their own case was asked first, so it is answered first
        if opener and concern in CONCERN_TOPICS:
            plan.say(f"utter_short_{concern}")
        for response, values in [*notes, *when_notes]:
            plan.say(response, **values)
    for topic in topics:
        if topic == _THEIR_CASE:
            for response, values in [*notes, *when_notes]:     # "…around November 2027" right after the wait
                plan.say(response, **values)
        elif topic == CONCERN_TOPICS.get(str(concern)) and notes:
            if opener:
                plan.say(f"utter_short_{concern}")     # their facts matter more than the general text
        elif topic == "price" and concern in PRICED:
            plan.say(f"utter_price_{concern}" + ("_both" if concern == "areola" and u.facts.both_sides else ""))
        elif topic == "price" and (u.facts.both_sides and "areola" in (ctx.concern, u.facts.concern)):
            plan.say("utter_price_areola_both")
        elif topic == "out_of_work_hours" and out_of_work_hours(ctx.day_hours):
            plan.say("utter_hours_out_of_work", out_of_work_hours=out_of_work_hours(ctx.day_hours))
        elif topic == "out_of_work_hours":
            plan.say("utter_faq/hours")
        elif topic == "nhs":
            plan.say("utter_nhs")
        elif topic == "healing_wait" and concern in CONCERN_TOPICS:
            plan.say(f"utter_guidance_{concern}")   # "is it too early for me?": that treatment's own timing
        elif topic == "payment" and not _INSURANCE.search(u.text):
            plan.say("utter_payment_plain")     # "do you take card?": how to pay, not insurance
        elif topic in ("booking_window", "cancellation", "other_studio_work", "after_care_unknown", "photos_privacy",
                       "explain_cause", "book_for_someone", "how_to_start", "no_upper_age", "not_judged",
                       "running_late", "booking_pending", "numbing_unknown", "other_treatments", "walk_in", "price_includes", "sessions_spacing", "vs_laser",
                       "doctor_letter", "erased_check", "in_person",
                       "data_copy", "erase_part", "phone_instead", "treatment_in_studio", "unknown_skin",
                       "treats_condition", "stop_medicine", "kind_of_place", "refunds", "ageing", "washes_off",
                       "sun_protection", "price_comparison", "pay_per_session", "areola_depth", "scalp_scar", "by_a_date", "photos_taken",
                       "smp_for_women", "tanning", "future_changes", "removal", "flat_chest", "who_reads", "retention_why",
                       "consultation_anyway", "link_check", "photos_use"):
            plan.say(f"utter_{topic}")
        elif topic == "after_procedure":
            found = _ASKED_PATTERNS["after_procedure"].search(u.text)
            plan.say("utter_after_procedure_unknown", procedure=found.group("procedure").lower() if found else "it")
        elif topic == "lives_away" and "utter_treatment_in_studio" not in plan.said:
            plan.say("utter_treatment_in_studio")   # "I'm in Leeds": the sessions are in Brighton
        elif topic == "area_treated" and concern not in ("scalp", "areola"):
            plan.say("utter_area_treated", area=area_asked(u.text) or "that area")     # "do you do knees?"
        elif topic == "area_treated":
            pass                                # the scalp's and the areola's own answers say where
        elif topic in ("colour_change", "if_wrong", "spread"):
            plan.say(f"utter_{topic}")
        elif topic == "call_status":            # "will someone actually ring this time?": their request, as it is
            if ctx.request_time is None:
                plan.say("utter_call_status_none")
                plan.offer = "person"
            else:
                plan.say("utter_call_status" if ctx.request_time else "utter_call_status_any_time",
                         when=ctx.request_time)
        elif topic == "reminder":
            plan.say("utter_reminder" if ctx.reminders else "utter_reminder_none", reminders=ctx.reminders)
        elif topic == "booking_lookup":
            plan.say("utter_booking_held" if ctx.has_booking else "utter_booking_lookup")
        elif topic == "session_length":
            plan.say("utter_session_length")
        elif topic == "what_we_do":
            plan.say("utter_what_we_do")
        elif topic == "consultation" and _WHAT_HAPPENS.search(u.text):
            plan.say("utter_faq/consultation")  # "what actually happens at the consultation? do I bring anything"
            plan.whole.add("utter_faq/consultation")
        elif topic == "unknown_practical" and practical_subjects(u.text):
            # "can I bring my partner?": which detail is missing is said, never a bare "I don't have that detail"
            plan.say("utter_unknown_practical_about", subject=" and ".join(practical_subjects(u.text)))
        elif topic == "results" and concern == "scalp":
            plan.say("utter_results_scalp")     # "will everyone clock it?": dots and hair, not "a softer scar"
        elif topic in _YES_WE_DO and not [r for r in plan.said if not r.startswith("utter_ack_")] and _asks_if_treated(u.text) and not (u.facts.minor or ctx.known_minor):
            plan.say("utter_yes_we_do")         # "do u guys do that hairline thing??": yes, first
            plan.say(f"utter_faq/{topic}")
        elif topic == "touch_ups" and u.facts.asks_price:
            plan.say("utter_price_touch_ups")   # "touch up price?": the price first, in one line
        elif topic == "sessions" and concern != "scalp":
            plan.say("utter_sessions_other")   # the scalp's usual 2-3 is no guide for a forearm scar
        elif topic == "hours" and (u.facts.day_named in ctx.day_hours or _relative_day(u.text, ctx)):
            # "what time do you close on Fridays?", "u open tomorrow?"
            relative = _relative_day(u.text, ctx)
            if relative and not u.facts.day_named:
                said, day = relative
                hours = ctx.day_hours[day]
                plan.say("utter_hours_relative" if hours else "utter_hours_relative_closed", when=said, When=said.capitalize(),
                         day=day.capitalize(), day_hours=hours)
            for day in [d for d in (u.facts.days_named or (u.facts.day_named,)) if d in ctx.day_hours][:3]:
                hours = ctx.day_hours[day]
                plan.say("utter_hours_day" if hours else "utter_hours_day_closed", day=day.capitalize(),
                         day_hours=hours)
        elif topic == "consultation" and len(topics) == 1 and _CONSULTATION_FACT.search(u.text) \
                and not _WHAT_HAPPENS.search(u.text) and u.tone != "sceptical" and not _SCEPTIC.search(u.text) \
                and not re.search(r"\bcatch\b", u.text, re.IGNORECASE):     # "is there a catch?": the whole answer
            plan.say("utter_brief_consultation")    # "how long does the consultation take": the facts, briefly
        elif topic == "health_unknown":
            plan.say("utter_health_unknown", condition=_condition_named(u.text))
        elif topic == "old_enough":
            plan.say("utter_old_enough", age=str(u.facts.age))
        elif topic == "languages" and _spoken_language_asked(u.text, ctx.languages):
            plan.say("utter_languages_spoken")  # "can I do the consultation in spanish?": yes, nothing more
        else:
            plan.say(f"utter_faq/{topic}")
    # a message naming one of the studio's treatments is about the studio, whatever the classifier thought
    out_of_scope = ctx.intent == "out_of_scope" and not topics and not u.facts.concern and not u.requests \
        and not u.facts.booking_held and not (notes and u.asks) and not (u.facts.wants_time and ctx.has_booking) \
        and not (u.facts.body_area and u.tone == "distress")     # "I hate how my arm looks": their own body
    if out_of_scope:
        plan.out_of_scope = True
        for response, values in notes:
            plan.say(response, **values)
        return plan
    if answered_outcome and not topics:
        pass                                    # their own result was the answer: no treatment leaflet after it
    elif not topics and not u.asks and notes and concern in CONCERN_TOPICS and not u.facts.other_service:
        if opener:
            plan.say(f"utter_short_{concern}")  # "…just whether the nipple thing is possible": yes, then their facts
    elif not topics and u.asks and concern in CONCERN_TOPICS and u.facts.follow_up_months is None \
            and not (u.facts.darker_skin and _DARKENING_ASKED.search(u.text)):   # the darkening note answers it
        # ("can marta ring me in january?" asks for a later call, not about the treatment)
        # "can you cover it?" about their own case: a short yes when their facts follow, else the full answer
        if opener or not notes:                 # "too soon?" after their facts: the note answers it, no leaflet first
            plan.say(f"utter_short_{concern}" if notes else f"utter_faq/{CONCERN_TOPICS[concern]}")
    elif not topics and concern and (ctx.intent in ("share_situation", "out_of_scope") or not notes) \
            and u.tone != "complaint" and u.facts.follow_up_months is None \
            and not (u.facts.darker_skin and _DARKENING_ASKED.search(u.text)):
        # "nobody got back to me about my scalp": no SMP leaflet
        plan.say(f"utter_guidance_{concern}")
    elif not topics and not concern and not notes and (u.facts.body_area or u.tone == "distress") \
            and not u.requests and not u.facts.booking_held:
        # "I hate how my arm looks": ask what it is before answering anything
        area = u.facts.body_area
        plan.say("utter_ask_concern_area" if area else "utter_ask_concern", area=area or "")
    _other_concerns(u, concern, plan)
    for response, values in [*notes, *extra]:
        plan.say(response, **values)
    if not plan.responses and u.facts.booking_held == "held" and not u.requests:
        plan.say("utter_booking_held")          # "I've got my consultation on Thursday": glad, and how to change it
    if not plan.responses and ((u.requests and u.requests[0] in ("reschedule_booking", "cancel_booking",
                                                                 "book_consultation")) or u.facts.wants_time):
        pass                                    # the change or the booking they asked for speaks for itself
    elif not plan.responses:
        plan.say("utter_not_sure")
    elif _unanswered(u, plan.said, topics) and not notes and not u.requests and u.tone not in ("complaint", "frustration") \
            and "unknown_practical" not in topics and u.facts.follow_up_months is None:
        # "I don't have that detail" already says it; "could you get in touch in June?" is answered by doing it
        question = _quoted(_unanswered(u, plan.said, topics)[0].text)
        if question:                            # "…and can my guide dog come in?": which one, then a person
            plan.say("utter_partly_answered_about", question=question)
        else:
            plan.say("utter_partly_answered")
        plan.offer = "person"
        _brief(plan)
        return plan
    if u.facts.for_someone_else and concern and notes and not (u.facts.minor or ctx.known_minor) \
            and not {"utter_book_for_someone", "utter_note_their_own"} & (set(plan.said) | ctx.said_before):
        plan.say("utter_note_their_own")        # "my husband… would it work for him": his consultation, his answers
    personal = bool(notes) or bool(u.facts.months_ago) or u.facts.still_healing
    if not any(r.startswith("utter_ask_concern") for r in plan.said):
        _next_step(u, ctx, plan, concern, personal)
    if answered_outcome and plan.offer is None and plan.followup is None and not ctx.has_booking:
        plan.offer = "booking"                  # their result, then the free consultation it mentions
        plan.say("utter_offer_booking")
    if plan.followup == NEXT_ACTIONS["book_consultation"]:
        _only_what_was_asked(u, plan)
    _not_again(u, ctx, plan)
    _brief(plan)
    return plan


#: the general explainer of each treatment: said once in a conversation unless asked for again
EXPLAINERS = frozenset({f"utter_faq/{t}" for t in CONCERN_TOPICS.values()}
                       | {f"utter_brief_{t}" for t in CONCERN_TOPICS.values()})


def _not_again(u: Understanding, ctx: Context, plan: Plan) -> None:
    """A treatment's explainer already given earlier is not repeated beside other answers ("can I book for
    Monday?" after hearing how areola work goes); asked about that treatment by name again, it is."""
    def topic(response: str) -> str:
        return response.removeprefix("utter_faq/").removeprefix("utter_brief_")
    asked_again = {CONCERN_TOPICS[c] for c in (u.facts.concern,) if c in CONCERN_TOPICS and u.asks}
    explained = {topic(r) for r in ctx.said_before if r in EXPLAINERS} - asked_again
    repeated = [(r, v) for r, v in plan.responses if r in EXPLAINERS and topic(r) in explained]
    kept = [(r, v) for r, v in plan.responses if (r, v) not in repeated]
    if repeated and any(not r.startswith("utter_offer") for r, _ in kept):
        plan.responses[:] = kept


def _only_what_was_asked(u: Understanding, plan: Plan) -> None:
    """A booking asked for beside a treatment only named ("thursday after work? like 7ish. scar on my arm"): the
    booking, not the treatment's leaflet; a question of their own ("is the face allowed?") keeps its answer."""
    if any(p.is_question and not wants_time(p.text) and p.intent not in ACTION_INTENTS for p in u.parts):
        return
    leaflets = {f"utter_faq/{topic}" for topic in CONCERN_TOPICS.values()} | \
        {f"utter_{kind}_{name}" for kind in ("brief", "short", "guidance") for name in (*CONCERN_TOPICS, *CONCERN_TOPICS.values())}
    plan.responses = [(r, v) for r, v in plan.responses if r not in leaflets]


#: what a reply says besides its answers: these never make it long
_NOT_CONTENT = ("utter_ack_", "utter_offer_", "utter_booking_exists", "utter_partly_answered", "utter_ask_concern",
                "utter_iamabot", "utter_brief_contact")


#: the short form of answers that are not FAQ answers
BRIEF = {"utter_sessions_other": "utter_brief_sessions_other", "utter_iamabot": "utter_iamabot_brief",
         "utter_unknown_practical_about": "utter_brief_unknown_practical_about"}


def _brief(plan: Plan) -> None:
    """Several things to say: each FAQ answer in its short form, so the reply still fits a phone."""
    content = [r for r in plan.said if not r.startswith(_NOT_CONTENT)]
    if content:                                 # "r u a bot? just give me a number": yes, then the number
        plan.responses = [("utter_iamabot_brief" if r == "utter_iamabot" else r, v) for r, v in plan.responses]
    if len(content) < 2:
        return
    plan.responses = [(f"utter_brief_{r.removeprefix('utter_faq/')}" if r.startswith("utter_faq/") and r not in plan.whole
                       else BRIEF.get(r, r), v) for r, v in plan.responses]
