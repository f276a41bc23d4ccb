"""The intake form: which question comes next, how each is asked, how answers are read.

Each turn is decided in the order of :class:`~bot.actions.form_turn.FormTurn`
(expected answers, leaving, urgent signs and questions, parsing, one failure
counter); every answer goes through :meth:`ValidateIntakeForm.check`. An answer
that cannot be read is re-asked with a specific hint; a question asked instead
of an answer is answered, then the pending question is asked again.
"""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from datetime import date, timedelta
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import (buttons, channel_of, is_messaging_app, latest_intent, question_asked, responses_sent,
                               utter_faq)
from bot.actions.form_turn import FREE_TEXT_KINDS, SKIP, SKIP_SAID, FormTurn, button_answer, exit_events
from bot.actions.respond import reply_values, understanding_of
from bot.understanding.age import says_minor
from bot.actions.runtime import get_runtime
from bot.actions.topics import TOPICS as BRIEF_TOPICS
from bot.intake import answers
from bot.understanding.model import read_facts
from bot.intake.dates import add_months, date_in_passing, months_between, parse_past_date
from bot.understanding.facts import age_in_months, months_ago, urgent_sign, wants_time
from bot.intake.passing import (area_added, areola_side, dates_corrected, health_corrected, health_told,
                                told_in_passing)
from bot.intake.questions import (ALL_SLOTS, CONCERN_SLOTS, CONCERNS, CONTACT_SLOTS, HEALTH_SCREEN, MULTIPLE_SEPARATOR,
                                  QUESTIONS, SKIPPED, WHEN_ASKED, WHY_ASKED, WHY_ASKED_ANY, WHY_ASKED_CONTACT, Question,
                                  display_value, required_slots)
from bot.nlp.vocabulary import load_vocabulary
from bot.contact import read_contact, without_contact
from bot.store.leads import record_consent

MAX_TEXT = 300
#: after this many answers in a row that could not be read, a person is offered
OFFER_PERSON_AFTER = 2
#: the summary confirmed in words, also while choosing what to change ("no more changes, just send it")
SEND_IT = re.compile(r"(?<!don't )(?<!dont )(?<!do not )(?<!not )(?<!before i )(?<!before you )(?<!until i )\b(send it|submit|just send|send (?:them|my answers)|no more changes|nothing (?:else )?to "
                     r"change|(?:it'?s |that'?s |thats |everything(?:'s| is) |all )(?:all )?(?:correct|right|fine|good)|"
                     r"all good|looks (?:good|right|fine|correct)|near enough|close enough|that'?ll do|leave it as it is)\b",
                     re.IGNORECASE)
#: a chest left flat after a mastectomy: no reconstruction stage to heal ("went flat", "there wasn't any reconstruction")
NO_RECONSTRUCTION = re.compile(r"\b(?:no|not any|wasn'?t any|weren'?t any|never had (?:a|any)|didn'?t have (?:a|any)|without "
                               r"(?:a|any)|not having (?:a|any))\s+(?:breast\s+)?(?:reconstruction|recon)\b|\bwent flat\b|"
                               r"\bflat closure\b|\b(?:i'?m|i am|stayed|staying|chose to (?:go|stay)) flat\b|"
                               r"\bnothing (?:was )?(?:rebuilt|reconstructed)\b", re.IGNORECASE)
#: a date that belongs to something other than the operation ("radiotherapy finished in May, not March")
ANOTHER_DATE = re.compile(r"\b(?:radio\w*|chemo\w*|ro?accutane|isotretinoin|finished|ended|stopped|started|began)\b",
                          re.IGNORECASE)
#: "do you need it", "gave my number already": whether a second way to reach them is needed
NEED_IT = re.compile(r"\bdo (?:you|u|ya) (?:really |actually )?need (?:it|that|one|my email|an email)\b|\b(?:already )?gave "
                     r"(?:you )?my (?:number|phone|mobile)(?: already)?\b|\bhave my (?:number|phone)\b", re.IGNORECASE)
#: asking to see every answer again before sending ("Could I see everything before I send it?", "show me the summary")
SHOW_ALL = re.compile(r"\b(?:see|show|read|check|look at|go over|view)\b[^.?!]{0,12}\b(?:everything|all (?:of )?(?:it|my answers|the "
                      r"answers)|the (?:whole )?summary|(?:my|the) answers|it all|what you(?:'ve| have) got)\b", re.IGNORECASE)
#: an earlier date put right in passing ("sorry, it was in fact 14 months ago, not 10", "I meant 2 years")
#: a month or year said to be wrong ("9th may not march", "August 2023, not December")
MONTH_DENIED = re.compile(r"\b(?:not|rather than|instead of)\s+(?:in\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                          r"[a-z]*\b|\b(?:not|rather than|instead of)\s+(?:in\s+)?(?:19|20)\d\d\b", re.IGNORECASE)
DATE_CORRECTED = re.compile(r"\b(?:in fact|actually|sorry|i meant|i mean|correction|mistake|muddl\w*|mixed up|"
                            r"got (?:it|that) wrong|not \d+|rather than \d+|instead of \d+)\b|" + MONTH_DENIED.pattern,
                            re.IGNORECASE)
CORRECTION_CUES = re.compile(r"\b(wrong|change|fix|correct|mistake|typo|update|incorrect|not right|edit|i (?:just )?"
                             r"remember(?:ed)?|actually i (?:did|do|have|had)|i forgot(?: to say)?|scratch that)\b", re.I)
#: a question about the treatment ("does the radiotherapy change how the colour takes?") is no correction; asking
#: to correct ("can I change my answer?") is
_QUESTION_SENTENCE = re.compile(r"(?:^|(?<=[.!?])\s+)(?!(?:can|could|may) (?:i|we)\b)(?:does|do|will|would|is|are|can|"
                                r"could|how|what|why|should)\b[^.!?]*\?", re.IGNORECASE)


def correction_cued(text: str) -> bool:
    """Whether the answer says it corrects an earlier one, outside any question it asks."""
    return bool(CORRECTION_CUES.search(_QUESTION_SENTENCE.sub(" ", text)))


#: asking who sees the answers, or where they go, before agreeing to the health questions
WHO_SEES = re.compile(r"\bwho\b[^.?!]{0,25}\b(?:sees?|see|reads?|read|looks? at|has access|gets?|can see)\b|\bwhere (?:does|do|will) "
                      r"(?:it|this|they|my \w+|the answers)\b[^.?!]{0,15}\b(?:go|end up|kept|stored)\b|\b(?:is|are) (?:it|this|"
                      r"they|my answers) (?:private|confidential|shared|kept private)\b|\bfloating (?:about|around)\b|"
                      # "does any of this go to my gp", "and whatsapp keeps it anyway right"
                      r"\b(?:go|goes|get|gets|sent|send|passed|shared|told)\b[^.?!]{0,12}\b(?:to )?(?:my |the )?(?:gp|doctor|"
                      r"nhs|insurer|insurance|employer|work)\b|\b(?:whats ?app|messenger|telegram|facebook|instagram|the app)\b"
                      r"[^.?!]{0,12}\b(?:keeps?|stores?|saves?|has|sees?|reads?)\b",
                      re.IGNORECASE)
#: a yes or no standing alone before the rest of the answer ("No, and no diabetes either.", "Yes - left side")
_LEADING_YES_NO = re.compile(r"^\W*(no|nope|nah|yes|yeah|yep)\s*[,.;!–—-]+\s*\S", re.IGNORECASE)


#: questions whose answer the intake cannot do without (contact details have their own rule)
#: dates asked of something that may still be going on ("still taking it", "I'm still having radiotherapy")
ONGOING_ASKED = ("isotretinoin_stopped", "treatment_ended", "vitiligo_new_patch")
ONGOING = re.compile(r"\b(?:still|ongoing|currently|at the moment|right now|not (?:yet )?(?:finished|stopped)|"
                     r"haven'?t (?:finished|stopped)|this (?:week|month))\b", re.IGNORECASE)
#: asking for a moment ("give me a minute", "one sec", "hang on")
HOLD_ON = re.compile(r"\b(?:give me|gimme|just|wait|need)\s+(?:a|one)\s+(?:min|minute|sec|second|moment)\b|^\W*(?:one|1) "
                     r"(?:sec|second|moment|min)\b|\bhang on\b|\bhold on\b|\bbrb\b", re.IGNORECASE)
#: topics answered by their own response rather than a short FAQ answer
OWN_ANSWERS = frozenset({"not_judged", "no_upper_age", "after_care_unknown", "explain_cause", "photos_privacy",
                         "refunds", "ageing", "washes_off", "sun_protection", "pay_per_session", "areola_depth",
                         "scalp_scar", "by_a_date", "photos_taken", "smp_for_women", "tanning", "future_changes", "removal",
                         "flat_chest", "who_reads", "consultation_anyway", "link_check", "photos_use",
                         "other_studio_work", "booking_pending", "unknown_skin", "treats_condition",
                         "stop_medicine"})
#: a question about the answer just given ("does that matter?", "is that a problem?")
DOES_IT_MATTER = re.compile(r"\b(?:matter|matters|a problem|an issue|count|counts|affect|ok|okay|bad)\b[^.!]*\?|"
                            r"\bdoes (?:that|it|this) (?:matter|count|affect)", re.IGNORECASE)
#: whether what they describe is what the question asks ("…more big than the cut, is this what you ask?")
IS_THIS_IT = re.compile(r"\b(?:is|are) (?:this|that|it|these|those) what (?:you|u) (?:ask|mean|are asking|'re asking|want|"
                        r"asking|meant)\b|\b(?:does|do) (?:this|that|it|these|those) count\b|\bis that what (?:that|this|it|the "
                        r"question) means\b", re.IGNORECASE)
#: what a yes to a health question means, said when they ask
FACT_NOTES = {"keloid_history": "utter_note_keloid", "anticoagulants": "utter_note_blood_thinners",
              "allergies": "utter_note_allergy", "diabetes": "utter_note_diabetes",
              "isotretinoin": "utter_note_isotretinoin", "chemo_radio": "utter_note_chemo"}


def fact_note(slot: str, text: str) -> Optional[str]:
    """The note on what an answer means ("still feeding him at night, does that matter?"), if the slot has one."""
    if slot == "pregnant_or_breastfeeding":
        return "utter_note_breastfeeding" if answers.BREASTFEEDING_SAID.search(text) else "utter_note_pregnant"
    return FACT_NOTES.get(slot)


NOT_SKIP = re.compile(r"\b(?:don'?t|do not|not|never) skip", re.IGNORECASE)
NEVER_SKIPPED = ("health_consent", "concern", "adult", "summary_confirmed", "first_name")
#: what "skip" records, by kind of question: an unknown health answer is "not sure" (reviewed by a person)
SKIPPED_AS = {"yes_no_unsure": "unsure", "date": "unsure", "choice": SKIPPED, "phototype": SKIPPED, "text": SKIPPED}
#: "no phone please, only email", "email only sorry": the phone left out
_NO_PHONE = re.compile(r"^\W*(?:no|nah|not)\b[^.?!]{0,12}\b(?:phone|number|mobile|calls?)\b|\b(?:e-?mail) only\b|"
                       r"\bonly (?:by )?e-?mail\b|\bjust (?:the )?e-?mail\b", re.IGNORECASE)
#: health details kept for the consultation, said as a refusal of the questions here
#: "what's a keloid?": the plain meaning of a health question's own words
WHAT_IS = re.compile(r"\bwhat(?:'?s| is| are| r| does| do)\b|\bdefine\b|\bmeaning of\b|\bwhat that is\b|"
                     r"\b(?:is|are|does|do) (?:that|it|this|these|those|\w+) (?:count as |counts as |considered |classed as )?"
                     r"(?:a |an )?(?:blood[\s-]?thinners?|anticoagulants?|keloids?|isotretinoin)\b|"
                     r"\bdoes (?:that|it|this) (?:matter|make a difference)\b|\bwhy (?:do you|d'?you|does it|would you) "
                     r"(?:need|ask|want|matter)", re.IGNORECASE)
WHAT_IT_MEANS = {
    "keloid_history": "A keloid is a thick, raised scar that keeps growing beyond the original wound; some people "
                      "are prone to them. Ordinary scars that flattened and paled are not keloids.",
    "anticoagulants": "Blood thinners (anticoagulants) are medicines that slow clotting, such as warfarin, apixaban, "
                      "rivaroxaban, edoxaban, dabigatran, or clopidogrel and daily aspirin. Statins and blood-pressure "
                      "tablets are not blood thinners.",
    "isotretinoin": "Isotretinoin is a strong acne medicine, often sold as Roaccutane or Accutane.",
    "chemo_radio": "This means chemotherapy or radiotherapy for cancer, now or finished recently.",
    "phototype": "It's how your skin reacts to the sun without protection; it helps Marta Ruiz choose pigment colours "
                 "that match. If you're not sure, just say \"skip\" and she'll look at it at the consultation.",
}
#: a length of time said outright ("it's 13 months", "two years ago"), in a correction of a date
_HOW_LONG_AGO = re.compile(r"\b(?:\d{1,2}(?:\.5)?|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                           r"eighteen)\s+(?:months?|years?)\b", re.IGNORECASE)
#: asking why a question is asked ("why do you need to know that?", "does it matter where it is?")
WHY_QUESTION = re.compile(r"^\W*(?:(?:ok|okay|hm+|um+|sorry|but|and|so|wait)\W+)*(?:why\b|what(?:'s| is) (?:that|this|it) "
                          r"for\b|what for\b|does (?:it|that|this|where|when|the \w+) (?:\w+ ){0,3}?matter\b|(?:how|why) "
                          r"(?:does|is) (?:that|it|this) (?:matter|relevant|important)|is (?:that|it|this) (?:important|"
                          r"relevant|necessary)|do (?:you|u) (?:really )?(?:need|have) to know)", re.IGNORECASE)
#: questions whose asked-back question is about the person's own health, for the practitioner to answer
FOR_MARTA_SLOTS = frozenset({*HEALTH_SCREEN, "keloid_history", "scalp_condition", "areola_radiotherapy",
                             "skin_condition_area"})
#: not knowing the answer ("bro i literally dont know, never checked"): left for the practitioner
DONT_KNOW = re.compile(r"\b(?:no idea|(?:don'?t|dont|do not) know|dunno|idk|not sure|no clue|never (?:checked|thought|"
                       r"noticed))\b", re.IGNORECASE)
#: the kinds of question where a question asked back is answered or handed to the practitioner, never ignored
ASKS_BACK_KINDS = ("yes_no_unsure", "date", "choice", "phototype")
#: a question asked back ("should I stop it before coming in?"): the classifier's yes or no is no answer
QUESTION_ASKED = re.compile(r"\?|^\W*(?:should|can|could|do|does|is|are|will|would|what|why|how|when)\b", re.I)
#: said instead of an answer, these are handled without counting as a wrong answer
PAUSE_INTENTS = ("goodbye", "thanks")
BOOKING_INTENTS = ("book_consultation",)
FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "first_name": ("name",), "email": ("email", "e-mail", "mail"), "phone": ("phone", "number", "mobile"),
    "preferred_contact": ("contact", "prefer"), "body_area": ("area", "where", "location", "place"),
    "onset_date": ("date", "when", "month", "year", "how long"), "concern": ("concern", "treatment"),
    "phototype": ("skin", "phototype", "sun"), "expectations": ("expectation", "hope"), "scar_cause": ("cause",),
    "scar_settled": ("settled", "flat"), "keloid_history": ("keloid",),
    "skin_condition_area": ("skin condition", "eczema", "psoriasis", "rash"), "stretch_colour": ("colour", "color", "purple", "silver", "silvery"),
    "vitiligo_spreading": ("spreading", "patches", "new spot", "new small spot", "new patch", "stable"), "areola_reconstruction_done": ("reconstruction",),
    "areola_radiotherapy": ("radiotherapy",), "scalp_pattern": ("pattern",), "scalp_condition": ("psoriasis",
                                                                                                  "eczema"),
    "pregnant_or_breastfeeding": ("pregnan", "breastfeed"), "anticoagulants": ("blood thinner", "anticoagul"),
    "diabetes": ("diabet",), "chemo_radio": ("chemo",), "isotretinoin": ("isotretinoin", "roaccutane", "accutane"),
    "allergies": ("allerg",),
    "isotretinoin_stopped": ("isotretinoin stopped", "roaccutane date", "isotretinoin date", "accutane date",
                             "stopped roaccutane", "stopped taking", "last tablet", "came off"),
    "treatment_ended": ("treatment ended", "radiotherapy date", "radiotherapy finished", "radiotherapy ended",
                        "chemo date", "chemo finished", "finished radiotherapy", "finished chemo"),
    "vitiligo_new_patch": ("patch date", "last patch", "new patch", "last new patch", "patch appeared"),
}


def answered_before(tracker: Tracker, slot: str) -> Any:
    """The answer ``slot`` held before the visitor's latest message (an entity in that message may have set it
    again), or None."""
    before_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            before_message = True
        elif before_message and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def slot_values(tracker: Tracker) -> dict[str, Any]:
    values = {slot: tracker.get_slot(slot) for slot in ALL_SLOTS}
    concern = values.get("concern")
    if concern and concern not in CONCERNS:
        values["concern"] = load_vocabulary().canonical("concern", str(concern))
    return values


#: saying the treatment was taken wrongly ("it's stretch marks, not a scar", "actually it's for vitiligo")
_NOT_THAT = re.compile(r"\bnot (?:a |an |the |my )?(?:scar|scars|stretch ?marks?|vitiligo|areolas?|nipples?|hair|scalp)\b|"
                       r"(?:^|[,.;!?]\s*|\b(?:no|sorry|oh|oops|wait)\W+)actually\b|\bactually (?:it'?s|its|they'?re|theyre|it is|"
                       r"they are|i have|i'?ve got|i got|a|an|my|for)\b|"     # not "will the dots actually take on the scar?"
                       r"\b(?:wrong|instead|i meant|i mean)\b", re.IGNORECASE)


def concern_switched(text: str, filled: dict[str, Any]) -> Optional[str]:
    """The treatment the visitor says it really is, when it differs from the one the questions follow."""
    old = filled.get("concern")
    if not old or not _NOT_THAT.search(text):
        return None
    named = [c for c in load_vocabulary().find_all("concern", text) if c != old]
    return named[0] if named and named[0] in CONCERNS else None


def _booking_now(tracker: Tracker, text: str) -> bool:
    """A booking asked for plainly ("book", "can I just book?") or a day and time named ("tmrw 10am?")."""
    intent, confidence = latest_intent(tracker)
    if answers.yes_no_unsure(text) is not None and len(text.split()) <= 3:
        return False                            # "yes" / "no": the answer to the question
    return (intent in BOOKING_INTENTS and confidence >= 0.7) or wants_time(text)


def mentioned_field(text: str, filled: dict[str, Any]) -> Optional[str]:
    """The answer the visitor wants to change ("my email is wrong", "change phone")."""
    lowered = text.lower()
    found = [min((lowered.find(w), -len(w), slot) for w in words if w in lowered) for slot, words in FIELD_WORDS.items()
             if filled.get(slot) is not None and any(w in lowered for w in words)]
    # the answer named first ("preferred contact is email, not SMS"); at the same place the longer name
    # ("the roaccutane date is wrong" is the date, not the yes/no)
    return min(found)[2] if found else None


class Invalid(Exception):
    """The answer could not be read; the hint says how to answer."""


class ValidateIntakeForm(FormTurn):
    exits = {"stop": "action_stop_intake", "start_over": "action_restart_intake",
             "human_handoff": "action_human_handoff", "delete_my_data": "action_confirm_erasure",
             "reschedule_booking": "action_reschedule_booking", "cancel_booking": "action_cancel_booking"}

    def name(self) -> str:
        return "validate_intake_form"

    def expected(self, slot: str, text: str, tracker: Tracker) -> bool:
        """The question's buttons, a number for one, "skip" where offered, a short yes/no, a clean contact."""
        question = QUESTIONS.get(slot)
        if question is None:
            return False
        if button_answer(text, question.buttons):
            return True
        if SKIP_SAID.match(text) and slot not in NEVER_SKIPPED and not NOT_SKIP.search(text):
            return True                         # "skip that one idk": leaving an answer out, never the form
        if question.kind in ("email", "phone"):
            return bool(SKIP.match(text)) or answers.normalise_email(text) is not None or \
                answers.normalise_phone(text, _region()) is not None
        if question.kind in ("yes_no", "yes_no_unsure") and len(text.split()) <= 3:
            return answers.yes_no_unsure(text) is not None
        if slot == "preferred_contact":         # "call me, after 3 pm" answers how, it asks for no person
            return answers.mentioned(text, question.options) is not None
        return False

    def is_free_text(self, slot: str) -> bool:
        return slot in QUESTIONS and QUESTIONS[slot].kind in FREE_TEXT_KINDS

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        slot = tracker.get_slot("requested_slot")
        text = str(tracker.latest_message.get("text") or "").strip()
        if slot == "health_consent" and text and not text.startswith("/") and not self.expected(slot, text, tracker) \
                and _booking_now(tracker, text):
            # "book" or "tmrw 10am?" instead of a yes to the privacy note: nothing answered yet, so nothing is
            # lost by booking straight away
            return exit_events(slot, "action_start_booking", self.leaving_events())
        return await super().run(dispatcher, tracker, domain)

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        return required_slots(slot_values(tracker))

    def __getattr__(self, name: str) -> Any:
        slot = name.removeprefix("validate_")
        if name.startswith("validate_") and slot in QUESTIONS:
            async def validate_slot(value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
                return await self.check(slot, value, dispatcher, tracker)
            return validate_slot
        raise AttributeError(name)

    async def check(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                    tracker: Tracker) -> dict[str, Any]:
        """Validate one answer; returns the slot updates. A date put right in passing ("54. oh and sorry, I mean
        January 2025 for the radiotherapy") is kept beside the answer, and stops a summary from being sent."""
        put_right = bool(dates_corrected(str(value or ""), slot_values(tracker))) \
            if tracker.get_slot("requested_slot") == slot else False
        result = await self._read_answer(slot, value, dispatcher, tracker, put_right)
        if tracker.get_slot("requested_slot") != slot:
            return result
        known = {**slot_values(tracker), **{k: v for k, v in result.items() if v is not None}}
        fixed = {k: v for k, v in dates_corrected(str(value or ""), known).items() if k not in result}
        if not fixed:
            return result
        dispatcher.utter_message(text=f"Updated — {self._noted(fixed)}.")
        if slot == "summary_confirmed":         # "no, the radiotherapy finished January 2025… the rest looks right"
            return {**result, slot: None, **fixed, "invalid_answers": 0, "pending_offer": f"changed:{next(iter(fixed))}"}
        first = re.split(r"(?<=[.!?])\s+|\s+(?:oh )?(?:and )?sorry\b", str(value or "").strip(), maxsplit=1)[0]
        if result.get(slot) is None and first and first != str(value or "").strip():
            try:                                # "54. oh and sorry I mean January 2025…": the 54 answers the question
                result = {**result, **await self.parse(QUESTIONS[slot], first, tracker, known), "invalid_answers": 0}
            except Invalid:
                pass
        return {**result, **fixed}

    async def _read_answer(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                           tracker: Tracker, dates_put_right: bool = False) -> dict[str, Any]:
        """The answer to ``slot`` read from what was typed, with everything else it says (``dates_put_right``: a
        date in it corrects an earlier one, which :meth:`check` keeps, so no answer is emptied to be asked again)."""
        question = QUESTIONS[slot]
        text = str(value or "").strip()
        is_requested = tracker.get_slot("requested_slot") == slot
        intent, confidence = latest_intent(tracker)
        filled = slot_values(tracker)
        kept = None if is_requested else answered_before(tracker, slot)
        if kept is not None:                    # "Back again. Can we finish?" after a pause: "back" is no new area
            return {slot: kept}

        understanding = understanding_of(tracker)
        if is_requested and understanding.facts.urgent:
            dispatcher.utter_message(response=f"utter_urgent_{understanding.facts.urgent}")
            first = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
            if first != text and len(first.split()) <= 4 and not urgent_sign(first):
                try:                            # "None. Oh… it's red and hot since Tuesday": the "None" is kept
                    return {**await self.parse(question, first, tracker, filled), "invalid_answers": 0}
                except Invalid:
                    pass
            return {slot: None}
        if is_requested and slot == "health_consent" and answers.yes_no_unsure(text) is None and WHO_SEES.search(text):
            # "before I say yes, who actually sees this? I dont want my cancer stuff floating about": who, then asked
            dispatcher.utter_message(response="utter_consent_who_sees", **reply_values(get_runtime().settings))
            if is_messaging_app(tracker):       # "…and whatsapp keeps it anyway right": yes, its own copy
                dispatcher.utter_message(response="utter_consent_app_copy")
            return {slot: None}
        given = {k: v for k, v in contacts_in(text).items() if k in ("email", "phone") and v != filled.get(k)} \
            if is_requested and slot == "summary_confirmed" else {}
        if given:                               # "yes but my phone is 07700 900999": kept, never sent without it
            return {slot: None, **given, "invalid_answers": 0, "pending_offer": f"changed:{next(iter(given))}"}
        if is_requested and slot == "summary_confirmed" and SHOW_ALL.search(text):
            return {slot: None, "pending_offer": None}  # "could I see everything before I send it?": the whole summary
        if is_requested and slot == "summary_confirmed" and SEND_IT.search(text) \
                and not (correction_cued(text) and mentioned_field(text, filled)):
            return {slot: answers.YES, "pending_offer": None}   # "near enough, yes send it", "no more changes"
        at_summary = is_requested and slot == "summary_confirmed" and answers.yes_no_unsure(text) != answers.YES
        if at_summary and tracker.get_slot("pending_offer") == "choose_field" and (picked := NUMBER_ONLY.match(text)):
            fields = changeable(filled)        # "2" picks the second answer of the list shown
            index = int(picked.group(1)) - 1
            if 0 <= index < len(fields):
                text = f"change {FIELD_WORDS.get(fields[index], (fields[index],))[0]}"
        switched = concern_switched(text, filled) if is_requested and slot != "concern" else None
        if switched:                            # "Sorry, it's not a scar though? They're stretch marks"
            dispatcher.utter_message(text=f"Updated — {self._noted({'concern': switched})}.")
            forget = {s: None for s in CONCERN_SLOTS.get(str(filled.get("concern")), ()) if s != "body_area"}
            return {slot: None, **forget, "concern": switched, "invalid_answers": 0}
        fixed = answers.typo_fixed(text, filled.get("email")) if is_requested and slot != "email" else None
        fixed = answers.normalise_email(fixed) if fixed else None
        if fixed:                               # "wait typo. example not exmaple": the email put right, then on
            dispatcher.utter_message(text=f"Updated — {self._noted({'email': fixed})}.")
            return {slot: None, "email": fixed, "invalid_answers": 0}
        asked = QUESTIONS.get(slot)
        answers_it = asked is not None and asked.kind == "choice" and bool(asked.options) \
            and answers.choose(text, asked.options) is not None   # "the crown is thin" answers the pattern
        more_area = area_added(text, str(filled["body_area"])) if is_requested and slot != "body_area" \
            and filled.get("body_area") not in (None, SKIPPED) and not answers_it else None
        if more_area:                           # "oh and can you put my hips as well, both sides"
            dispatcher.utter_message(text=f"Updated — {self._noted({'body_area': more_area})}.")
            return {slot: None, "body_area": more_area, "invalid_answers": 0}
        if at_summary:
            corrected_here = await self._corrected_at_summary(text, filled, tracker)
            if corrected_here:                 # "preferred contact is email, not SMS": changed at once
                return corrected_here
        if is_requested and not dates_put_right and (correction_cued(text)
                                                     or tracker.get_slot("pending_offer") == "choose_field"):
            field = mentioned_field(text, filled)
            new = await self._new_value(field, text, tracker, filled) if field and field != slot else {}
            if new:                             # "it wasn't December, it's 13 months": put right at once, and
                told = {k: v for k, v in told_in_passing(text, {**filled, **new}).items()   # what else it says
                        if k not in new and k != slot and not filled.get(k)}
                dispatcher.utter_message(text=f"Updated — {self._noted({**new, **told})}.")
                return {slot: None, **new, **told, "summary_confirmed": None, "invalid_answers": 0}
            if field and field != slot and answers.yes_no_unsure(text) != answers.YES:
                dispatcher.utter_message(text="Of course — let's fix that.")
                # a date asked only after a yes ("when was the last new patch?" after "no new patches"): the yes or
                # no is asked again first, so the changed answer is never just emptied
                parent = next((p for p, w in WHEN_ASKED.items() if w == field and filled.get(p) != answers.YES), None)
                from_summary = slot == "summary_confirmed" or tracker.get_slot("pending_offer") == "choose_field"
                return {slot: None, field: None, **({parent: None} if parent else {}), "summary_confirmed": None,
                        "invalid_answers": 0,   # "changed:" only shortens a summary already shown, never a first one
                        "pending_offer": f"changed:{parent or field}" if from_summary else None}
        declined = bool(answers.DECLINED.search(text)) and "?" not in text   # "rather not say about meds": read nothing in
        corrected = health_corrected(text, filled, slot) if is_requested and not declined else {}
        minor = says_minor(text, get_runtime().settings.readiness.minimum_age) \
            if is_requested and slot != "adult" and filled.get("adult") is not None else None
        if minor is not None and (filled.get("adult") == answers.NO) != minor:
            corrected["adult"] = answers.NO if minor else answers.YES       # "nah im 17" after a yes
        if is_requested and not corrected and slot != "onset_date" and filled.get("onset_date") \
                and DATE_CORRECTED.search(text) and not dates_corrected(text, filled) \
                and not ANOTHER_DATE.search(text):     # not the radiotherapy's date, nor when a medicine stopped
            months = months_ago(text)
            redated = add_months(date.today(), -round(months)) if months is not None and months >= 1 else None
            denied = MONTH_DENIED.search(text)
            if redated is None and denied:          # "he was born 9th MAY not march", "It was August 2023, not December"
                sentence = [s for s in re.split(r"(?<=[.!?])\s+", text) if denied.group(0) in s][0]
                redated = parse_past_date(sentence)
            if redated is not None and redated.isoformat() != filled.get("onset_date"):
                corrected = {"onset_date": redated.isoformat()}   # "the operation was in fact 14 months ago, not 10"
        if corrected:                           # "actually I am pregnant" while asked about medicines
            dispatcher.utter_message(text=f"Updated — {self._noted(corrected)}.")
            if "?" in text:                     # "…nickel i think, does that count?": Marta's to weigh, said so
                self._for_marta(dispatcher, next(iter(corrected)))
            return {slot: None, **corrected, "invalid_answers": 0}
        if is_requested and slot in answers.HEALTH_TERMS and len(text.split()) > 3 and not declined:
            told = health_told(text, filled)
            about_this = any(term in text.lower() for term in answers.HEALTH_TERMS[slot])
            leading = _LEADING_YES_NO.match(text)
            if told and not about_this and leading:     # "No, and no diabetes either.": both answers kept
                own = answers.yes_no_unsure(leading.group(1))
                if own in (answers.YES, answers.NO):
                    dispatcher.utter_message(text=f"I've also noted: {self._noted(told)}.")
                    return {slot: own, **told, "invalid_answers": 0}
            if told and not about_this:         # "no blood thinners, not diabetic" asked about pregnancy
                dispatcher.utter_message(text=f"Thank you, I've noted that ({self._noted(told)}).")
                return {slot: None, **told}
        other = answers.other_medicine(text) if is_requested and slot == "anticoagulants" else None
        if other and answers.health_answer(slot, text) == answers.NO and ("?" in text or WHAT_IS.search(text)):
            # "just the pill. does that matter?": no blood thinner, so a no, and said so
            dispatcher.utter_message(text=f"{_not_a_blood_thinner(other)}, so I've noted no for this question; "
                                          f"{get_runtime().settings.practitioner_name} goes over any medicine you take at "
                                          "the consultation.")
            told = {k: v for k, v in told_in_passing(text, {**filled, slot: answers.NO}).items()
                    if k != slot and not filled.get(k)}
            if told:                            # "…I'm on metformin for type 2 diabetes": diabetes is not asked again
                dispatcher.utter_message(text=f"I've also noted: {self._noted(told)}.")
            return {slot: answers.NO, **told, "invalid_answers": 0}
        if is_requested and slot in WHAT_IT_MEANS and WHAT_IS.search(text) and len(text.split()) <= 10:
            dispatcher.utter_message(text=WHAT_IT_MEANS[slot])     # "does that matter lol": why it is asked
            return {slot: None}
        if is_requested and "explain_cause" in understanding.facts.asked:
            # "do you have to know what theyre from.. id rather not say": no, and the answer (or the skip) is kept
            dispatcher.utter_message(response="utter_explain_cause", **reply_values(get_runtime().settings))
            try:
                return await self.parse(question, text, tracker, filled)
            except Invalid:
                return {slot: None}
        if is_requested and WHY_QUESTION.search(text) and len(text.split()) <= 12 \
                and answers.yes_no_unsure(text) is None:
            dispatcher.utter_message(text=self._why(slot))     # "why do you need to know that?": why, then asked again
            return {slot: None}
        if is_requested and slot == "email" and (filled.get("phone") or contacts_in(text).get("phone")) \
                and NEED_IT.search(text) and not contacts_in(text).get("email"):
            # "do you need it. gave my number already": no, the number is enough
            dispatcher.utter_message(response="utter_phone_instead", **reply_values(get_runtime().settings))
            return {"email": SKIPPED}
        if is_requested and slot == "email" and "phone_instead" in understanding.facts.asked:
            # "do i have to give my email? can you text instead": no, and the phone number is asked next
            dispatcher.utter_message(response="utter_phone_instead", **reply_values(get_runtime().settings))
            return {"email": SKIPPED}
        free_text = question.kind in ("text", "name")
        question_instead = question_asked(tracker, text, 0.6 if free_text else 0.5) if is_requested else None
        if question_instead and {"unknown_practical", "unknown_skin"} & set(understanding.facts.asked):
            self._answer_questions_too(understanding, dispatcher)  # "will the grafted bit take the colour?": not known
            if not free_text:
                try:                            # "burn first then go a bit brown. and does the radiotherapy skin…?"
                    return {**await self.parse(question, text, tracker, filled), "invalid_answers": 0}
                except Invalid:
                    pass
            return {slot: None}
        if free_text and question_instead:
            return self._answer_question(slot, question_instead, dispatcher, filled.get("concern"))
        if free_text and is_requested and "?" in text and understanding.facts.asked:
            self._answer_questions_too(understanding, dispatcher)   # "can they make them disappear?" is no hope
            return {slot: None}
        if is_requested and HOLD_ON.search(text) and len(text.split()) <= 8:
            dispatcher.utter_message(text="Of course, take your time. I'll be here when you're ready.")
            return {slot: None}                 # "Sorry. Give me a minute.": no answer, and no wrong one either
        try:
            parsed = await self.parse(question, text, tracker, filled)
        except Invalid:
            if not is_requested:      # a pre-filled value that does not fit: just ask
                return {slot: None}
            if question_instead:
                return self._answer_question(slot, question_instead, dispatcher, filled.get("concern"))
            if intent == "bot_challenge":
                dispatcher.utter_message(response="utter_iamabot")
                return {slot: None}
            if intent in PAUSE_INTENTS and confidence >= 0.8:
                dispatcher.utter_message(text=("You're welcome — take your time. Your answers so far are kept in this "
                                               "chat: write again whenever you'd like to carry on, or say \"stop\" "
                                               "to end the questions."))
                return {slot: None, "pending_offer": "paused"}
            if intent in BOOKING_INTENTS and confidence >= 0.7:
                dispatcher.utter_message(text=("Happy to — I'll offer you consultation times as soon as we've finished "
                                               "these questions. If you'd rather book straight away, say \"stop\" "
                                               "and then \"book\"."))
                return {slot: None}
            if understanding.facts.self_harm and "utter_ack_self_harm" not in responses_sent(tracker):
                # "ill be honest theyre self harm. old. im fine now. dont want a lecture": heard, no lecture
                dispatcher.utter_message(response="utter_ack_self_harm")
                return {slot: None}
            volunteered = told_in_passing(text, filled) or _area_refined(text, filled) or \
                {k: v for k, v in contacts_in(text).items() if k in CONTACT_SLOTS and filled.get(k) in (None, SKIPPED)}
            if volunteered:                     # "07700 900 381" asked for a name: the number kept, the name asked
                dispatcher.utter_message(text=f"Thank you, I've noted that ({self._noted(volunteered)}).")
                return {slot: None, **volunteered}
            if question.kind in ASKS_BACK_KINDS and (QUESTION_ASKED.search(text) or understanding.facts.asked) \
                    and slot != "health_consent":
                # "is apixaban a blood thinner?", "wud my transplant meds be a problem?": heard, never ignored
                if WHAT_IS.search(text) and slot in WHAT_IT_MEANS:
                    dispatcher.utter_message(text=WHAT_IT_MEANS[slot])     # "whats a keloid?"
                elif not self._answer_questions_too(understanding, dispatcher):
                    self._for_marta(dispatcher, slot)
                return {slot: None}
            return {slot: None, "invalid_answers": float(tracker.get_slot("invalid_answers") or 0) + 1}
        resumed = {"pending_offer": None} if tracker.get_slot("pending_offer") == "paused" else {}
        result = {**resumed, **self._normalised_prefill(tracker, parsed), **parsed, "invalid_answers": 0}
        if slot == "health_consent" and parsed.get(slot) == answers.YES and is_requested:
            earlier = told_earlier(tracker, {**filled, **result})
            earlier.update({k: v for k, v in told_in_passing(text, {**filled, **result, **earlier}).items()
                            if k not in earlier and k != "health_consent"})    # "yes, it's flat and pale now"
            if earlier:
                dispatcher.utter_message(text=f"From what you told me before, I've noted: {self._noted(earlier)}.")
                result.update(earlier)
        if is_requested and not free_text and IS_THIS_IT.search(text) and parsed.get(slot) == answers.YES:
            # "my scar of cesarea is thick and more big than the cut, is this what you ask?": yes, and what it means
            dispatcher.utter_message(text="Yes, that's what this question is about, so I've noted yes.")
            if fact_note(slot, text):
                dispatcher.utter_message(response=fact_note(slot, text), months=12,
                                         **reply_values(get_runtime().settings))
        elif is_requested and not free_text:
            matters = bool(DOES_IT_MATTER.search(text)) and fact_note(slot, text) is not None \
                and parsed.get(slot) in (answers.YES, answers.UNSURE)
            # "yes APIXABAN… is that a problem??": the note on their answer is the answer, not a leaflet
            explained = bool(WHAT_IS.search(text)) and slot in WHAT_IT_MEANS and not matters
            answered = 0 if (matters and not understanding.facts.asked) or explained \
                else self._answer_questions_too(understanding, dispatcher)
            if explained:                       # "I take aspirin every morning, is that a blood thinner?": what
                dispatcher.utter_message(text=WHAT_IT_MEANS[slot])  # counts, and their answer is kept
            elif matters:
                # "had a keloid on my ear… does that matter?": what it means, then the next question
                dispatcher.utter_message(response=str(fact_note(slot, text)), months=12,
                                         **reply_values(get_runtime().settings))
            elif not answered and "?" in text and question.kind in ASKS_BACK_KINDS and slot != "health_consent":
                self._for_marta(dispatcher, slot)     # "No. So is the apixaban a blood thinner then?"
        when_slot = WHEN_ASKED.get(slot)
        if when_slot and result.get(slot) == answers.YES and not filled.get(when_slot) and when_slot not in result:
            ended = ended_on(text)
            if ended is None and when_slot == "vitiligo_new_patch":
                ended = date_in_passing(text, date.today())     # "yes, new bits came last spring, april i think"
            if ended is not None:               # "had both. all finished 2 years ago": the date is not asked again
                result[when_slot] = ended.isoformat()
        if slot not in (*CONTACT_SLOTS, "health_consent", "summary_confirmed"):
            told = {k: v for k, v in told_in_passing(text, {**filled, **result}).items() if k not in result}
            if told:
                dispatcher.utter_message(text=f"I've also noted: {self._noted(told)}.")
                result.update(told)
        return result

    async def _new_value(self, field: str, text: str, tracker: Tracker, filled: dict[str, Any]) -> dict[str, Any]:
        """The new value a correction gives for an earlier answer ("it's 13 months, not December"), or {}."""
        explicit = _HOW_LONG_AGO.search(text) if QUESTIONS[field].kind == "date" else None
        if explicit:                            # a length of time said outright outranks a month it denies
            months = age_in_months(f"{explicit.group(0)} ago")
            if months is not None:
                return {field: (date.today() - timedelta(days=round(months * 30.44))).isoformat()}
        value_text = correction_value(text, field)
        if not value_text or QUESTIONS[field].kind in ("date", "yes_no", "yes_no_unsure"):
            return {}                           # a yes or no is asked again: "not" in a story is no answer
        try:
            parsed = await self.parse(QUESTIONS[field], value_text, tracker, filled)
        except Invalid:
            return {}
        return parsed if parsed.get(field) not in (None, filled.get(field)) else {}

    async def _corrected_at_summary(self, text: str, filled: dict[str, Any], tracker: Tracker) -> dict[str, Any]:
        """A correction at the summary that names the answer and its new value: the slot updates, or {}."""
        redated = dates_corrected(text, filled)
        if redated:                             # "the radiotherapy finished march 2026 not june 2025": the one kept
            return {**redated, "summary_confirmed": None, "invalid_answers": 0,
                    "pending_offer": f"changed:{next(iter(redated))}"}
        field = mentioned_field(text, filled)
        changed = str(tracker.get_slot("pending_offer") or "")
        if not field and changed.startswith("changed:") and changed[8:] in QUESTIONS \
                and QUESTIONS[changed[8:]].kind == "date" and _DATE_ONLY.match(text):
            field = changed[8:]                 # "no!! MARCH 2026" just after that date was changed: that date again
        if not field or field in ("health_consent", "summary_confirmed"):
            return {}
        value_text = correction_value(text, field)
        if not value_text:
            return {}
        try:
            parsed = await self.parse(QUESTIONS[field], value_text, tracker, filled)
        except Invalid:
            return {}
        if parsed.get(field) in (None, filled.get(field)):
            return {}
        return {**parsed, "summary_confirmed": None, "invalid_answers": 0, "pending_offer": f"changed:{field}"}

    @staticmethod
    def _answer_questions_too(understanding: Any, dispatcher: CollectingDispatcher) -> int:
        """An answer with a question beside it ("yes — does it hurt though?"): the question is answered too,
        briefly, before the next question. Returns how many answers were given."""
        if len(understanding.parts) < 2 and not understanding.facts.asked:
            return 0
        values = reply_values(get_runtime().settings)
        asked = [t for t in understanding.facts.asked if t in BRIEF_TOPICS or t in OWN_ANSWERS]
        # a question that names its topic ("who actually sees all this?") is answered by it, not by the classifier's
        # guess beside it; else the classifier's topics ("26. but would it get rid of them?")
        topics = list(dict.fromkeys(asked or understanding.topics))[:2]
        for topic in topics:
            dispatcher.utter_message(response=f"utter_{topic}" if topic in OWN_ANSWERS else f"utter_brief_{topic}",
                                     **values)
        return len(topics)

    @staticmethod
    def _for_marta(dispatcher: CollectingDispatcher, slot: str) -> None:
        """A question asked back that the assistant cannot answer: about their own medicines or health, said so
        kindly; about anything else, whom to ask."""
        values = get_runtime().settings.reply_values()
        name = values.get("practitioner_name") or "The practitioner"
        if slot in FOR_MARTA_SLOTS:
            dispatcher.utter_message(text=(f"Good question, and I don't want to guess: {name} goes through every "
                                           "medicine and condition with you at the consultation (your own doctor can "
                                           "advise too), and your answers here help her prepare."))
        else:
            dispatcher.utter_message(text=(f"Good question, and I'd rather not guess: {name} can answer it at the free "
                                           f"consultation, or the studio on {values.get('studio_phone')}."))

    @staticmethod
    def _why(slot: str) -> str:
        """Why ``slot`` is asked, in plain words."""
        name = get_runtime().settings.reply_values().get("practitioner_name") or "the practitioner"
        why = WHY_ASKED.get(slot) or (WHY_ASKED_CONTACT if slot in CONTACT_SLOTS else WHY_ASKED_ANY)
        skip = "" if slot in ("adult", "health_consent", "summary_confirmed") or slot in CONTACT_SLOTS \
            else " If you'd rather not answer, just say \"skip\"."
        return why.format(practitioner_name=name) + skip

    @staticmethod
    def _noted(values: dict[str, Any]) -> str:
        return "; ".join(f"{QUESTIONS[k].label.lower() if k != 'concern' else 'concern'}: {display_value(k, v)}"
                         for k, v in values.items())

    def _normalised_prefill(self, tracker: Tracker, parsed: dict[str, Any]) -> dict[str, Any]:
        """A concern picked up before the form ("my c-section scar") in canonical form, with its implied area."""
        raw = tracker.get_slot("concern")
        if not raw or raw in CONCERNS or "concern" in parsed:
            return {}
        canonical = load_vocabulary().canonical("concern", str(raw))
        if canonical is None:
            return {"concern": None}
        return self._with_implied_area(str(raw), {"concern": canonical}, slot_values(tracker))

    @staticmethod
    def _answer_question(slot: str, response: str, dispatcher: CollectingDispatcher,
                         concern: Optional[str] = None) -> dict[str, Any]:
        utter_faq(dispatcher, response, get_runtime().settings.reply_values(), concern)
        return {slot: None}

    async def parse(self, question: Question, text: str, tracker: Tracker,
                    filled: dict[str, Any]) -> dict[str, Any]:
        """Read ``text`` as an answer to ``question``; raise :class:`Invalid` if it is not one."""
        slot, kind = question.slot, question.kind
        intent, _ = latest_intent(tracker)
        skipped = SKIP.match(text) or (SKIP_SAID.match(text) and not NOT_SKIP.search(text)) \
            or (answers.DECLINED.search(text) and "?" not in text and kind in ("yes_no_unsure", "date", "phototype", "choice")) \
            or (kind in ("phototype", "choice") and answers.yes_no_unsure(text) == answers.UNSURE and len(text.split()) <= 5) \
            or (kind == "phototype" and DONT_KNOW.search(text) and "?" not in text)
        if skipped and slot not in NEVER_SKIPPED and kind in SKIPPED_AS \
                and not (kind == "yes_no_unsure" and re.match(r"^\W*none\b", text, re.IGNORECASE)):
            return {slot: SKIPPED_AS[kind]}     # "skip" always works: the practitioner asks at the consultation
                                                # ("None." to "any allergies?" is a no, not a skip)
        if slot == "health_consent" and (answers.KEEP_HEALTH_OFFLINE.search(text) or (
                answers.DECLINED.search(text) and "?" not in text)):
            await self._record_consent(tracker, False)   # the refusal is recorded like any other answer
            return {slot: answers.NO}           # "not putting medical stuff into a chat, ill tell her in person"
        if slot == "adult":
            choice = answers.adult(self._numbered(question, text) or text, intent,
                                   get_runtime().settings.readiness.minimum_age)
            if choice is None:
                raise Invalid
            return {slot: choice}
        if slot == "areola_reconstruction_done" and NO_RECONSTRUCTION.search(text) \
                and not re.search(r"\b(?:not|isn'?t|hasn'?t|still)\b[^.?!]{0,15}\bheal", text, re.IGNORECASE):
            # "there wasn't any reconstruction… flat closure": no stage left to heal, so nothing to wait for; the
            # operation's date is the one that counts
            found = {slot: answers.YES}
            when = date_in_passing(text, date.today())
            if when is not None:                # said now, it is more exact than a "last year" told before
                found["onset_date"] = when.isoformat()
            return found
        if kind in ("yes_no", "yes_no_unsure"):
            guess = None if QUESTION_ASKED.search(text) else intent   # "should I stop it first?" answers nothing
            if guess in ("affirm", "deny") and answers.yes_no_unsure(text) is None and told_in_passing(text, filled):
                guess = None    # "left side, just the one, the right one is still mine": an area, no yes or no
            choice = answers.yes_no_unsure(self._numbered(question, text) or text, guess, request=kind == "yes_no")
            if question.descriptions and re.match(r"^\W*(?:not|no longer|isn'?t|aren'?t)\b", text, re.IGNORECASE):
                choice = answers.described(text, question.descriptions) or choice   # "not red now, white and shiny"
            recent = _recent_treatment(text)
            if slot in ("chemo_radio", "areola_radiotherapy") and recent is not None:
                choice = answers.YES if recent < 12 or slot == "areola_radiotherapy" else answers.NO
                # "No chemotherapy. Radiotherapy, finished seven months ago." is a yes: radiotherapy was recent
            if choice in (None, answers.UNSURE) or (slot == "pregnant_or_breastfeeding" and choice == answers.NO):
                choice = answers.health_answer(slot, text) or choice    # "not pregnant!! but still breastfeeding",
                # "idk never had one" (no known allergy)
            if choice is None and question.descriptions:
                choice = answers.described(text, question.descriptions)
            if slot == "health_consent" and choice is None and intent in ("deny", "stop"):
                choice = answers.NO             # "hmm actually I don't want to answer medical stuff on here"
            if slot == "summary_confirmed" and choice != answers.YES:
                return {slot: None, "pending_offer": "choose_field"}
            if choice is None or (kind == "yes_no" and choice == answers.UNSURE):
                raise Invalid
            if slot == "health_consent":
                await self._record_consent(tracker, choice == answers.YES)
            if slot == "summary_confirmed":
                return {slot: choice, "pending_offer": None}
            if slot in WHEN_ASKED and choice == answers.NO and not filled.get(WHEN_ASKED[slot]) \
                    and (since := date_in_passing(text, date.today())) is not None:
                return {slot: choice, WHEN_ASKED[slot]: since.isoformat()}  # "no, last new spot july 2024": kept
            return {slot: choice}
        if kind == "choice":
            if slot == "scar_cause" and answers.SUN_REACTION.search(text):
                raise Invalid                   # "I always burn, never tan" describes the skin, not the scar
            if slot == "concern":
                canonical = load_vocabulary().canonical("concern", text)
                if canonical:
                    return self._with_implied_area(text, {slot: canonical}, filled)
            value = answers.choose(text, question.options)
            if slot == "preferred_contact" and is_messaging_app(tracker) and (
                    _THIS_CHAT.search(text) or (value is None and channel_of(tracker) in text.lower())):
                value = _APP_NAMES.get(channel_of(tracker), channel_of(tracker))   # "msg here" on Telegram
            if value is None:
                raise Invalid
            named = [v for v in answers.choose_all(text, question.options) if v != question.several] \
                if question.several else []
            if len(named) > 1:               # "crown and temples", "white ones and some red"
                value = MULTIPLE_SEPARATOR.join(named) if question.several == "all" else question.several
            return {slot: value}
        if kind == "date":
            if answers.yes_no_unsure(text) == answers.UNSURE:
                return {slot: "unsure"}
            if slot in ONGOING_ASKED and ONGOING.search(text) and not re.search(r"\bago\b|\d", text):
                return {slot: date.today().isoformat()}     # "still taking it": the period starts when it ends
            parsed = parse_past_date(text, date.today())
            if parsed is None:
                raise Invalid
            return {slot: parsed.isoformat()}
        if kind == "phototype":
            value = answers.phototype(self._numbered(question, text) or text)
            if value is None:
                raise Invalid
            return {slot: value}
        if kind in ("email", "phone"):
            return self._contact(slot, text, filled)
        if kind == "name":
            name = answers.first_name(text)
            if name is None:
                raise Invalid
            # "kieran doyle. kdoyle99@example.com / 07700 900 719, whatsapp is best": the rest is kept too, never
            # asked for again
            return {slot: name, **{key: value for key, value in contacts_in(text).items()
                                   if key != "first_name" and not filled.get(key)},
                    **self._preference_beside(text, filled)}
        if slot == "body_area" and filled.get("concern") == "areola" and (side := areola_side(text)):
            return {slot: side}                 # "the left one": the side of the breast
        # free text: a few real words, kept short
        cleaned = re.sub(r"<[^>]*>", "", text).strip()
        if len(re.findall(r"[^\W\d_]", cleaned)) < 2:
            raise Invalid
        return {slot: cleaned[:MAX_TEXT]}

    @staticmethod
    def _preference_beside(text: str, filled: dict[str, Any]) -> dict[str, Any]:
        """"…07700900582 whatsapp is best": the way to be contacted, said beside other details."""
        if filled.get("preferred_contact") or not _PREFERENCE_SAID.search(text):
            return {}
        question = QUESTIONS["preferred_contact"]
        rest = without_contact(text, _region())     # the address's "email" letters are no preference
        value = answers.choose(rest, question.options)
        return {"preferred_contact": value} if value else {}

    @staticmethod
    def _contact(slot: str, text: str, filled: dict[str, Any]) -> dict[str, Any]:
        """An email and/or a phone number, both kept when one message has both; "skip" where allowed."""
        if SKIP.match(text) or (SKIP_SAID.match(text) and not NOT_SKIP.search(text)) or \
                re.search(r"\b(?:rather not|prefer not to) (?:give|share)\b", text, re.IGNORECASE) or \
                (slot == "phone" and _NO_PHONE.search(text) and not answers.normalise_phone(text, _region())) or \
                text.lower() in ("no email", "no phone", "i don't have one", "i dont have one"):
            if slot == "phone" and filled.get("email") in (None, SKIPPED):
                raise Invalid     # one way to reach the visitor is needed
            return {slot: SKIPPED}
        email, phone = answers.normalise_email(text), answers.normalise_phone(text, _region())
        found = {k: v for k, v in (("email", email), ("phone", phone)) if v}
        if slot not in found:
            raise Invalid
        if slot == "phone" and filled.get("email") not in (None, SKIPPED):
            found.pop("email", None)          # an email given earlier is not replaced in passing
        return found

    @staticmethod
    def _numbered(question: Question, text: str) -> Optional[str]:
        """"2" typed on a channel that shows numbered options picks the second button."""
        return button_answer(text, question.buttons) if re.match(r"\s*(?:option|number|no\.?|#)?\s*\d", text) \
            else None

    @staticmethod
    def _with_implied_area(text: str, result: dict[str, Any], filled: dict[str, Any]) -> dict[str, Any]:
        area = load_vocabulary().find("body_area", text)
        if area and not filled.get("body_area"):
            result["body_area"] = area
        return result

    @staticmethod
    async def _record_consent(tracker: Tracker, granted: bool) -> None:
        runtime = get_runtime()
        await record_consent(runtime.sessions, tracker.sender_id, channel_of(tracker),
                             runtime.settings.notice_version, granted)


#: a bare number typed for a button ("2", "2.")
NUMBER_ONLY = re.compile(r"^\s*#?(\d{1,2})\s*[.)]?\s*$")
#: words around a correction that are not its new value ("the date isn't right, it's about 6 years ago")
_CORRECTION_NOISE = re.compile(
    r"\b(?:not|isn'?t|rather than|instead of|no longer)\s+(?:an?\s+|the\s+)?[\w@.+-]+|"
    r"\b(?:is|was|are|it'?s|its|my|the|that|should be|actually|really|wrong|right|correct|change|changed|"
    r"update|please|sorry|oops|typo|mistake|answer|one|to|it)\b|'s\b", re.IGNORECASE)


def _area_refined(text: str, filled: dict[str, Any]) -> dict[str, Any]:
    """"left forearm, the inside" after "arm" was noted: the more exact area, told in place of another answer."""
    known = str(filled.get("body_area") or "")
    if not known or known == SKIPPED:
        return {}
    told = str(told_in_passing(text, {**filled, "body_area": None}).get("body_area") or "")
    return {"body_area": told} if told and told != known and known.lower() in told.lower() else {}


def _recent_treatment(text: str) -> Optional[float]:
    """How many months ago radiotherapy or chemotherapy ended, when the answer says so ("finished 7 months ago")."""
    facts = read_facts(text)
    if facts.radiotherapy_months_ago is not None:
        return facts.radiotherapy_months_ago
    if facts.chemotherapy_months_ago is not None:
        return facts.chemotherapy_months_ago
    ended = ended_on(text, ago_counts=False)
    return float(months_between(ended, date.today())) if ended is not None else None


def ended_on(text: str, ago_counts: bool = True) -> Optional[date]:
    """When the answer says something ended ("all finished 2 years ago", "it finished on the 20th of February"):
    the question names what. ``ago_counts``: "3 months ago" alone is enough."""
    if not _ENDED.search(text) and not (ago_counts and re.search(r"\bago\b", text, re.IGNORECASE)):
        return None
    said = re.search(r"\b(?:finished|ended|completed|stopped)\b\s+([^.,;!?]{3,40})", text, re.IGNORECASE)
    when = parse_past_date(said.group(1)) if said and not re.search(r"\bago\b", said.group(1), re.I) else None
    if when is not None:
        return when
    months = age_in_months(text)
    return date.today() - timedelta(days=round(months * 30.44)) if months is not None else None


#: a treatment said to be over, without naming it (the question did)
_ENDED = re.compile(r"\b(?:finished|ended|done|completed|stopped|over)\b", re.IGNORECASE)


def changeable(filled: dict[str, Any]) -> list[str]:
    """The answers listed for a correction, in the order the summary shows them."""
    return [s for s in required_slots(filled) if filled.get(s) is not None
            and s not in ("health_consent", "adult", "summary_confirmed")]


#: a message that is only a date ("no!! MARCH 2026", "march this year")
_DATE_ONLY = re.compile(r"^\W*(?:no+\W+|nope\W+|i said\W+|its\W+|it'?s\W+)?(?:(?:in|the end of|end of|early|late|mid)\s+)?"
                        r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:(?:19|20)\d\d|this year|"
                        r"last year)\W*$", re.IGNORECASE)


def correction_value(text: str, field: str) -> str:
    """What is left of a correction once the field's own words and what it is not are taken out."""
    kind = QUESTIONS[field].kind
    if kind in ("email", "phone"):
        return text                             # the address or number is found inside the sentence
    kept = _CORRECTION_NOISE.sub(" ", text)
    if kind != "date":                          # "6 years ago" keeps its "years"
        for word in (*FIELD_WORDS.get(field, ()), *QUESTIONS[field].label.lower().split()):
            if len(word) > 2:
                kept = re.sub(rf"\b{re.escape(word)}\w*", " ", kept, flags=re.IGNORECASE)
    return re.sub(r"[\s,;:!…-]+|\.(?=\s|$)", " ", kept).strip()


def _not_a_blood_thinner(medicine: str) -> str:
    """"The pill isn't a blood thinner", "Statins aren't blood thinners"."""
    name = {"blood pressure": "blood pressure tablets", "hay fever": "hay fever tablets", "hayfever": "hay fever tablets",
            "hrt": "HRT"}.get(medicine, medicine)
    plural = name.endswith("s") and not name.endswith("ss")
    return f"{name[:1].upper()}{name[1:]} {'aren' if plural else 'isn'}'t {'blood thinners' if plural else 'a blood thinner'}"


def told_earlier(tracker: Tracker, filled: dict[str, Any]) -> dict[str, Any]:
    """Answers the visitor gave before the questions began (asked once consent is given, never again)."""
    found: dict[str, Any] = {}
    asked = next((i for i, e in enumerate(tracker.events) if e.get("event") == "slot"
                  and e.get("name") == "requested_slot" and e.get("value") == "health_consent"), len(tracker.events))
    texts = [str(e.get("text") or "") for e in tracker.events[:asked] if e.get("event") == "user"]
    if asked == len(tracker.events):
        texts = texts[:-1]                      # the consent answer itself is no earlier message
    minimum = get_runtime().settings.readiness.minimum_age
    for text in texts:
        if not text or text.startswith("/"):
            continue
        unsure_area = {k: v for k, v in filled.items() if k != "body_area"}     # one area kept may be less than said
        for slot, value in told_in_passing(text, {**unsure_area, **found}).items():
            found.setdefault(slot, value)
        minor = says_minor(text, minimum)
        if minor is not None:                   # the latest word on age wins ("17… sorry, I meant 27")
            found["adult"] = answers.NO if minor else answers.YES
        for slot, value in contacts_in(text).items():
            found.setdefault(slot, value)
    found.update(contacts_given(tracker))
    return {k: v for k, v in found.items() if filled.get(k) is None
            or (k == "body_area" and (_better_breast(str(v), str(filled[k])) or _more_areas(str(v), str(filled[k]))))}


def _more_areas(told: str, kept: str) -> bool:
    """Areas said in the visitor's words that hold the one kept and more ("lower tummy and hips" over "hips")."""
    told, kept = told.lower(), kept.lower()
    return told != kept and " and " in told and re.search(rf"\b{re.escape(kept)}\b", told) is not None


def _better_breast(told: str, kept: str) -> bool:
    """An areola's area said better than the one kept ("breast (left)" over "breast" or over "tummy")."""
    return (told.startswith("breast (") and not kept.startswith("breast (")) or \
        (told == "breast" and not kept.startswith("breast"))


#: what people say they are that is no name ("I'm Indian", "I'm Black", "I'm Type 1")
NOT_NAMES = answers.SAID_NOT_NAMES
#: "I'm Sophie", "my name is Sophie Hart": a name said with a cue, capitalised as names are
_NAME_SAID = re.compile(r"\b(?i:my name is|my name's|name's|i'?m|i am|this is|it'?s)\s+([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?)"
                        r"(?=[\s,.!?]|$)")


#: the app a messaging channel is, as a preferred way to be contacted
_APP_NAMES = {"facebook": "messenger", "whatsapp_cloud": "whatsapp", "twilio": "sms"}
#: "msg here", "on this app", "just reply on here": the messaging app they are writing on
_THIS_CHAT = re.compile(r"\b(?:here|on here|this (?:chat|app|conversation|thread|number)|in (?:this|the) chat)\b",
                        re.IGNORECASE)


#: a way to be contacted said as the one they like ("whatsapp is best", "prefer a call", "text me pls")
_PREFERENCE_SAID = re.compile(r"\b(?:prefer\w*|best|better|easiest|easier|rather)\b|\b(?:text|call|ring|email|"
                              r"whatsapp) me\b", re.IGNORECASE)


def contacts_in(text: str) -> dict[str, Any]:
    """A name (said with a cue), an email and a phone number in a message written before the questions."""
    found: dict[str, Any] = {}
    contact = read_contact(text, _region())
    if contact.email:
        found["email"] = contact.email
    if contact.phone:
        found["phone"] = contact.phone
    cue = _NAME_SAID.search(text)
    said = cue.group(1) if cue else ""
    not_a_name = said.split()[0].lower() in NOT_NAMES if said else True
    name = answers.first_name(said) if said and not not_a_name else None
    if name:
        found["first_name"] = name
    return found


def contacts_given(tracker: Tracker) -> dict[str, Any]:
    """The name, email and phone already given for a booking or a call-back: never asked twice."""
    found: dict[str, Any] = {}
    name = tracker.get_slot("booking_name") or tracker.get_slot("handoff_name")
    if name and answers.first_name(str(name)):
        found["first_name"] = answers.first_name(str(name))
    for raw in (tracker.get_slot("booking_email"), tracker.get_slot("booking_phone"), tracker.get_slot("handoff_contact")):
        text = str(raw or "")
        email, phone = answers.normalise_email(text), answers.normalise_phone(text, _region())
        if email:
            found.setdefault("email", email)
        if phone:
            found.setdefault("phone", phone)
    return found


def _region() -> str:
    return str(get_runtime().settings.studio.get("country", "GB"))


# --- asking -----------------------------------------------------------------

def privacy_notice(tracker: Tracker) -> str:
    settings = get_runtime().settings
    studio, practitioner = settings.studio.get("name", "the studio"), settings.practitioner.get("name", "")
    months = max(1, round(settings.retention_days / 30))
    text = (f"Before any health questions, a short privacy note: {studio} asks these questions so that "
            f"{practitioner or 'the practitioner'} can prepare your consultation. Only the studio sees your "
            f"answers, they are kept for up to {months} months, and you can erase them at any time by typing "
            f"\"delete my data\". Privacy policy: {settings.studio.get('privacy_policy_url', '')}")
    if is_messaging_app(tracker):
        from bot.channels.resume import DEFAULT_TTL, resume_link

        try:  # a link that continues this very conversation (the same lead) in the website chat
            where = (f"(this link continues this conversation for {DEFAULT_TTL // 3600} hours): "
                     f"{resume_link(tracker.sender_id, settings.env)} — or answer here after you agree.")
        except OSError:  # no secret to sign the link with: the website itself
            where = f": {settings.studio.get('website', '')}"
        text += ("\n\nPlease note: this messaging app keeps its own copy of our chat. If you prefer, you can "
                 f"answer the health questions in the chat on our website instead {where}")
    return text + "\n\nDo you agree to answer a few health questions?"


def summary(tracker: Tracker) -> str:
    values = slot_values(tracker)
    lines = [f"• {QUESTIONS[s].label}: {display_value(s, values.get(s))}"
             for s in required_slots(values) if s not in ("health_consent", "adult", "summary_confirmed")
             and values.get(s) is not None]
    return "Here is a summary of your answers:\n" + "\n".join(lines) + "\n\nIs everything correct?"


def resuming(tracker: Tracker) -> bool:
    """Whether the questions start again this turn after a pause, with consent and answers already given."""
    if tracker.get_slot("health_consent") != "yes" or tracker.get_slot("summary_confirmed") == "yes":
        return False
    before_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            before_message = True
        elif before_message and event.get("event") == "active_loop":
            return not event.get("name")
    return False


def ask(question: Question, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    failures = int(tracker.get_slot("invalid_answers") or 0)
    slot = question.slot
    if slot != "health_consent" and not failures and resuming(tracker):
        dispatcher.utter_message(response="utter_resume_intake")
    if tracker.get_slot("pending_offer") == "paused" and latest_intent(tracker)[0] in PAUSE_INTENTS:
        return      # "thanks, bye" in the middle: the question waits for the visitor's return
    if slot == "summary_confirmed" and tracker.get_slot("pending_offer") == "choose_field":
        values = slot_values(tracker)
        fields = [s for s in required_slots(values) if values.get(s) is not None
                  and s not in ("health_consent", "adult", "summary_confirmed")]
        dispatcher.utter_message(text=("Which answer would you like to change? Tap it, or tell me in your own words "
                                       "(for example \"the keloid answer is wrong\")."),
                                 buttons=buttons((QUESTIONS[s].label, f"change {FIELD_WORDS.get(s, (s,))[0]}")
                                                 for s in fields))
        return
    changed = str(tracker.get_slot("pending_offer") or "")
    if slot == "summary_confirmed" and changed.startswith("changed:") and not failures:
        field = changed.removeprefix("changed:")
        if field in QUESTIONS:
            value = display_value(field, slot_values(tracker).get(field))
            # only what changed: the whole summary again after every change is a wall of text on a phone
            dispatcher.utter_message(text=f"Updated — {QUESTIONS[field].label}: {value}. Is everything correct "
                                          "now?", buttons=buttons(question.buttons))
            return
    if failures:
        text = question.hint
        if failures >= OFFER_PERSON_AFTER:
            text += ("\n\nIf this is getting tricky, I can ask someone from the studio to contact you instead — "
                     "just say \"talk to a person\".")
    elif slot == "health_consent":
        text = privacy_notice(tracker)
    elif slot == "summary_confirmed":
        text = summary(tracker)
    else:
        text = question.render(slot_values(tracker))
    extra = [("Talk to a person", "/human_handoff")] if failures >= OFFER_PERSON_AFTER else []
    dispatcher.utter_message(text=text, buttons=buttons([*question.buttons, *extra]))


class AskAction(Action, ABC):
    """Base of the ``action_ask_<slot>`` actions generated below, one per question."""

    @abstractmethod
    def slot(self) -> str: ...

    def name(self) -> str:
        return f"action_ask_{self.slot()}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        ask(QUESTIONS[self.slot()], dispatcher, tracker)
        return []


def _ask_action(slot: str) -> type[AskAction]:
    name = "ActionAsk" + "".join(part.capitalize() for part in slot.split("_"))
    return type(name, (AskAction,), {"slot": lambda self: slot, "__doc__": f"Ask for `{slot}`.",
                                     "__module__": __name__})


ASK_ACTIONS = [_ask_action(slot) for slot in QUESTIONS]
