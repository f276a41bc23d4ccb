"""One way to handle a form turn, shared by the forms (in the spirit of financial-demo's ``custom_forms.py``).

Every answer to a form question is decided in this order:

1. **the question's own expected answers** (its buttons, a number for a button,
   "skip" where the question offers it, a plain yes/no): the word the assistant
   suggests always works;
2. **leaving** ("stop", "talk to a person", "delete my data", "start over"): the
   form ends through a ``FollowupAction`` to the action that carries it out;
3. **an urgent sign or a question asked instead of an answer**: answered, then the
   pending question is asked again (the subclass's ``check``);
4. **parsing** the answer (the subclass's validators);
5. **one counter** of answers in a row that could not be read (``invalid_answers``).

Forms' slot mappings take every message as a candidate answer (no ``not_intent``),
so nothing is decided by rules behind the form's back.
"""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any, Mapping, Sequence

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import latest_intent
from bot.nlp.readable import STOP_SENDING, explicit_request
from bot.understanding.facts import follow_up_in

#: what a visitor types to leave an answer out; never a reason to leave the form
SKIP = re.compile(r"^\W*((?:skip|skip it|skip this|skip that)(?: then| please| for now)?|pass|next|no thanks|"
                  r"(?:i'?d )?rather not(?: say| answer| give (?:it|one|my (?:number|phone|email)|a (?:number|phone)))?|"
                  r"(?:i'?d )?prefer not to (?:say|answer)|leave it( out)?|none|n/?a|not telling|"
                  r"(?:nah,? |no,? )?(?:i )?(?:don'?t|do not|dont) have (?:one|(?:an? |any )?(?:email|e-mail|phone|mobile|number)"
                  r"(?: address)?)|(?:please )?(?:don'?t|do not|dont) (?:call|ring|phone)(?: me)?|no calls?(?: please)?|"
                  r"(?:nah,? |no,? )?no (?:email|e-mail|phone|mobile|number)(?: sorry)?)\W*$", re.IGNORECASE)
#: "skip" said in a short answer ("skip that one idk", "idk honestly skip", "can we just leave that one out")
SKIP_SAID = re.compile(r"^\W*(?:\w+\W+){0,6}(?:skip|leave (?:it|that|this)(?: one)? out|pass on (?:that|this))\b(?:\W+\w+){0,3}"
                       r"\W*$", re.IGNORECASE)
#: stopping in words, for questions whose answers are free text (where the classifier is unreliable)
STOP_WORDS = re.compile(r"^\W*(stop|quit|exit|cancel|enough|end|no more questions|stop (it|this|please|the "
                        r"questions|asking)|please stop|i want to stop|i'?d like to stop|forget it|never ?mind|"
                        r"not now|don'?t bother|i'?ve changed my mind|changed my mind|"
                        r"i don'?t want to (continue|go on|do this))\W*$", re.IGNORECASE)
#: turning the form down for now ("not yet, I'll wait for an email first", "No, I don't want booking now",
#: "n. later"): leaving, in any question, free text or not
NOT_NOW = re.compile(r"^\W*(?:(?:no|nah|nope|n)\b\W*(?:thanks?|thank you)?\W*)?(?:not (?:yet|now|right now|today|for now)\b|"
                     r"(?:maybe )?later\W*(?:thanks?|thank you|x+)?\W*$|i'?ll (?:wait|think about it|have a think|come back)|"
                     r"i (?:don'?t|do not) want (?:to )?(?:book\w*|a booking|an appointment)|not booking\b)",
                     re.IGNORECASE)
#: saying plainly, anywhere in the answer, that they do not want this ("Oh, I'm sorry, I wasn't quite ready to
#: book anything yet", "Please stop, I don't want to book a consultation")
NOT_BOOKING = re.compile(r"\b(?:wasn'?t|was not|i'?m not|am not|not) (?:quite |really )?ready to book\b|"
                         r"\b(?:wasn'?t|wasnt|was not|i'?m not|im not|not) (?:trying|wanting|meaning|looking|planning) to book\b|"
                         r"\b(?:don'?t|do not|didn'?t|did not|dont|didnt) (?:want|wanna|mean) (?:to )?book\b|^\W*(?:please )?stop\b",
                         re.IGNORECASE)
#: a number for a button, maybe hedged ("2", "2.", "2 i think", "option 3 please")
NUMBERED = re.compile(r"\s*(?:option|number|no\.?|#)?\s*(\d{1,2})\s*[.)]?\s*(?:i think|i guess|probably|maybe|"
                      r"please|pls|plz|thanks|thx)?\W*", re.IGNORECASE)
#: a leaving intent counts when the classifier is at least this sure
LEAVE_CONFIDENCE = 0.8
#: longer answers are read as answers unless the request is spelled out
LEAVE_MAX_WORDS = 6
FREE_TEXT_KINDS = ("text", "name")
#: leaving to change a booking may take a sentence ("my shifts changed, can I move my appointment to Saturday?")
ABOUT_THE_BOOKING = ("reschedule_booking", "cancel_booking")
BOOKING_WORDS = re.compile(r"\b(appointment|appt|booking|consultation|reschedul\w*|move it|cancel)\b", re.IGNORECASE)


#: a past told after "not now" answers a question about now ("not now, I had it when pregnant")
_PAST_TOLD = re.compile(r"\b(?:i had|i was|i'?ve had|i have had|used to|during|when i was|ago|back in|in the past|"
                        r"years? back|with my (?:first|second|last|pregnancy))\b", re.IGNORECASE)


def leaving(tracker: Tracker, text: str, exits: Mapping[str, str], free_text: bool) -> str | None:
    """The intent of a request to leave the form, if the visitor made one."""
    if SKIP.match(text):
        return None
    spelled_out = explicit_request(text)
    if spelled_out in exits:
        return spelled_out
    if "follow_up" in exits and follow_up_in(text) is not None:
        return "follow_up"                      # "can you get in touch when it's been long enough?"
    not_now = NOT_NOW.match(text)
    if not_now and _PAST_TOLD.search(text[not_now.end():]):
        not_now = None                          # "Not now, I had gestational diabetes with my first": an answer
    if (STOP_WORDS.match(text) or not_now or NOT_BOOKING.search(text) or STOP_SENDING.search(text)) \
            and "stop" in exits:
        return "stop"
    if free_text:
        return None
    intent, confidence = latest_intent(tracker)
    if intent in exits and confidence >= LEAVE_CONFIDENCE and (len(text.split()) <= LEAVE_MAX_WORDS or (
            intent in ABOUT_THE_BOOKING and BOOKING_WORDS.search(text))):
        return intent
    return None


def exit_events(slot: str, action: str, forget: list[EventType] | None = None) -> list[EventType]:
    """End the form now and run ``action`` next; the pending question's slot stays empty (and ``forget``)."""
    return [*(forget or []), SlotSet(slot, None), SlotSet("requested_slot", None), ActiveLoop(None),
            FollowupAction(action)]


def button_answer(text: str, buttons: Sequence[tuple[str, str]]) -> str | None:
    """The payload of the button the visitor tapped, typed, or chose by number ("2")."""
    cleaned = text.strip().strip(".!").lower()
    for title, payload in buttons:
        if cleaned in (title.lower(), payload.lower()):
            return payload
    number = NUMBERED.fullmatch(text)
    if number and 1 <= int(number.group(1)) <= len(buttons):
        return buttons[int(number.group(1)) - 1][1]
    return None


class FormTurn(FormValidationAction, ABC):
    """A form validation action that decides each turn in the documented order.

    Subclasses set :attr:`exits` (leaving intent -> action), and may override
    :meth:`expected` (is this one of the question's own answers?) and
    :meth:`is_free_text`.
    """

    exits: Mapping[str, str] = {}
    #: answers that turn the whole form down in this form's own words ("I don't want a call" to a call-back)
    refusal: re.Pattern[str] | None = None

    @abstractmethod
    def name(self) -> str: ...

    def expected(self, slot: str, text: str, tracker: Tracker) -> bool:
        return bool(SKIP.match(text))

    def is_free_text(self, slot: str) -> bool:
        return False

    def leaving_events(self) -> list[EventType]:
        """Slots to forget when the visitor leaves the form (the form's own working state)."""
        return []

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        slot = tracker.get_slot("requested_slot")
        text = str(tracker.latest_message.get("text") or "").strip()
        if slot and text and not text.startswith("/") and "follow_up" in self.exits \
                and follow_up_in(text) is not None:   # "get in touch in May instead": a date named, but no visit
            return exit_events(slot, self.exits["follow_up"], self.leaving_events())
        if slot and text and not text.startswith("/") and "delete_my_data" in self.exits \
                and explicit_request(text) == "delete_my_data":
            # "NO dont send! pls delete everything": erasure is a right, whatever else the answer looks like
            return exit_events(slot, self.exits["delete_my_data"], self.leaving_events())
        if slot and text and not text.startswith("/") and self.refusal is not None and self.refusal.search(text) \
                and "stop" in self.exits:
            return exit_events(slot, self.exits["stop"], self.leaving_events())
        if slot and text and not text.startswith("/") and not self.expected(slot, text, tracker):
            intent = leaving(tracker, text, self.exits, self.is_free_text(slot))
            if intent:
                return exit_events(slot, self.exits[intent], self.leaving_events())
        elif slot and text.startswith("/"):
            intent, _ = latest_intent(tracker)
            if intent is not None and intent in self.exits:
                return exit_events(slot, self.exits[intent], self.leaving_events())
        return await super().run(dispatcher, tracker, domain)

    @staticmethod
    def invalid(slot: str, tracker: Tracker) -> dict[str, Any]:
        """An answer that could not be read: the slot stays empty and the one counter goes up."""
        return {slot: None, "invalid_answers": float(tracker.get_slot("invalid_answers") or 0) + 1}
