"""After the intake form: submit, stop, start over."""
from __future__ import annotations

from datetime import date

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import buttons, channel_of, notify_practitioner
from bot.actions.booking_flow import cancel_quietly
from bot.actions.intake_form import mentioned_field, slot_values
from bot.actions.name_fix import FIX_DETAIL, fix_name
from bot.booking.base import as_utc
from bot.booking.store import upcoming_bookings
from bot.booking.text import short_label
from bot.actions.runtime import get_runtime
from bot.intake.answers import addressed
from bot.nlp.readable import explicit_request
from bot.intake.questions import ALL_SLOTS, CONTACT_SLOTS, QUESTIONS, SKIPPED, display_value, required_slots
from bot.intake.readiness import NOT_YET, READY, assess
from bot.store.leads import IntakeSubmission, save_intake
from bot.store.models import LeadStatus, Readiness

BOOK_NOW = (("Yes, let's book", "/book_consultation"), ("Not now", "no"))


def reset_intake() -> list[EventType]:
    """Forget every intake answer held in the conversation."""
    return [SlotSet(slot, None) for slot in ALL_SLOTS] + [SlotSet("invalid_answers", 0), SlotSet("requested_slot", None)]


def _month(d: date) -> str:
    return d.strftime("%B %Y")


async def cancel_bookings_of_minor(tracker: Tracker) -> int:
    """Cancel the upcoming bookings made in this chat by someone who turns out to be under age; how many."""
    runtime = get_runtime()
    upcoming = await upcoming_bookings(runtime.sessions, tracker.sender_id)
    for booking in upcoming:
        await cancel_quietly(runtime, tracker, booking.id, "The visitor said they are under 18.")
    return len(upcoming)


class ActionSubmitIntake(Action):
    def name(self) -> str:
        return "action_submit_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        values = slot_values(tracker)
        if values.get("health_consent") == "no":
            dispatcher.utter_message(
                text=("That's completely fine — I won't ask any health questions. I'm still happy to answer "
                      "anything you'd like to know, and you can book a free consultation without sharing health "
                      "details."),
                buttons=buttons([("Book a consultation", "/book_consultation")]))
            return [*reset_intake(), SlotSet("pending_offer", "booking")]
        if values.get("adult") == "no":
            dispatcher.utter_message(
                text=("Thank you for telling me. The studio only treats adults, so I can't go further with the "
                      "questions, and I haven't kept your answers. A parent or guardian is welcome to contact the "
                      "studio to talk it through. (If I misunderstood and you are 18 or over, just say \"start "
                      "over\".)"))
            if await cancel_bookings_of_minor(tracker):
                dispatcher.utter_message(text=("For the same reason I've cancelled the consultation booked in this "
                                               "chat; the studio will be glad to see you once you're 18."))
            return [*reset_intake(), SlotSet("pending_offer", None), SlotSet("booking_id", None)]
        if values.get("summary_confirmed") != "yes":
            return []
        return await self._submit(dispatcher, tracker, values)

    async def _submit(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                      values: dict[str, object]) -> list[EventType]:
        runtime = get_runtime()
        settings = runtime.settings
        today = date.today()
        assessment = assess(values, settings.readiness, today)
        asked = [s for s in required_slots(values) if s not in ("health_consent", "summary_confirmed")]
        contact = {k: (None if values.get(k) in (None, SKIPPED) else str(values[k])) for k in ("email", "phone")}
        lead, created = await save_intake(runtime.sessions, IntakeSubmission(
            conversation_id=tracker.sender_id, channel=channel_of(tracker),
            first_name=str(values.get("first_name") or "") or None, email=contact["email"], phone=contact["phone"],
            preferred_contact=str(values.get("preferred_contact") or "") or None, concern=str(values["concern"]),
            # hair loss is on the scalp, whatever else a message named in passing ("hairline going back")
            body_area="scalp" if values.get("concern") == "scalp" else str(values.get("body_area") or "")[:100] or None,
            answers=[(s, QUESTIONS[s].label, display_value(s, values.get(s))) for s in asked],
            readiness=Readiness(assessment.outcome), reasons=assessment.reasons,
            earliest_date=assessment.earliest,
            status=LeadStatus.not_yet_ready if assessment.outcome == NOT_YET else LeadStatus.new))
        if created:
            await notify_practitioner("new_lead", lead.id, f"New lead from {lead.first_name or 'a visitor'}")
        name = addressed(str(values.get("first_name") or "")) or "you"
        practitioner = settings.practitioner.get("name", "the practitioner")
        events: list[EventType] = [SlotSet("lead_id", lead.id)]
        if assessment.outcome == NOT_YET and assessment.earliest:
            reason = assessment.reasons[0] if assessment.reasons else ""
            dispatcher.utter_message(text=(
                f"Thank you, {name}. From what you've told me it may be a little early: {reason}. "
                f"A sensible time to look at it again would be around {_month(assessment.earliest)}. "
                f"{practitioner} makes the final call, and this is not a medical decision."))
            dispatcher.utter_message(
                text=(f"Would you like the studio to get in touch around {_month(assessment.earliest)}? Your answers "
                      "are kept either way, for when you're ready; say \"delete my data\" to erase them."),
                buttons=buttons([("Yes, please", "yes"), ("No, thanks", "no")]))
            return [*events, SlotSet("pending_offer", "keep_lead")]
        if assessment.outcome == READY:
            dispatcher.utter_message(text=(
                f"Thank you, {name}. Nothing in your answers stands in the way of a consultation — "
                f"{practitioner} will look at your skin in person and make the final assessment."))
        else:
            dispatcher.utter_message(text=(
                f"Thank you, {name}. A few of your answers are worth {practitioner}'s personal review before "
                "anything is planned. That's common and doesn't mean no — it means the studio takes care."))
        if await upcoming_bookings(runtime.sessions, tracker.sender_id):     # booked first, questions after
            dispatcher.utter_message(text=f"{practitioner} will have your answers before your consultation.")
            return [*events, SlotSet("pending_offer", None)]
        dispatcher.utter_message(text="Would you like to book a free consultation now?", buttons=buttons(BOOK_NOW))
        return [*events, SlotSet("pending_offer", "booking")]


class ActionStopIntake(Action):
    def name(self) -> str:
        return "action_stop_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        # the form ends itself before this runs (bot/actions/form_turn.py), so look at its answers, not the loop
        in_progress = tracker.active_loop.get("name") == "intake_form" or (
            tracker.get_slot("health_consent") is not None and tracker.get_slot("summary_confirmed") != "yes")
        listen = FollowupAction("action_listen")      # nothing else this turn, whatever the message's intent
        if in_progress:
            runtime = get_runtime()
            booked = await upcoming_bookings(runtime.sessions, tracker.sender_id)
            kept = (f" Your consultation on {short_label(as_utc(booked[0].start_at), runtime.settings.time_zone)} "
                    f"stays as it is, and {runtime.settings.practitioner_name} can go through the rest with you "
                    "there.") if booked else ""
            # paused, not thrown away: the answers stay in this conversation only (nothing reaches the studio until
            # the summary is confirmed), so "can we finish the questions?" later picks up at the next question
            dispatcher.utter_message(text=(
                "No problem — I've paused the questions. Nothing has been sent to the studio; what you've answered so "
                "far stays in this chat only." + kept + " Say \"let's carry on\" whenever you want to pick up where "
                "we left off, or \"delete my data\" to clear it. I'm still here for any question."))
            return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("invalid_answers", 0),
                    SlotSet("pending_offer", None), listen]
        dispatcher.utter_message(text="Okay, we'll leave it there. Is there anything else I can help with?")
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("pending_offer", None), listen]


class ActionRestartIntake(Action):
    """Start the questions again from the top (consent is asked again too)."""

    def name(self) -> str:
        return "action_restart_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text="Sure, let's start again from the beginning.")
        return [ActiveLoop(None), *reset_intake(), SlotSet("pending_offer", None), FollowupAction("intake_form")]


#: a contact detail as the reply names it
DETAIL_NAMES = {"first_name": "name", "email": "email address", "phone": "phone number",
                "preferred_contact": "contact details"}


class ActionCorrectAnswer(Action):
    """"My email is wrong" after the intake: ask that one question again, then the summary."""

    def name(self) -> str:
        return "action_correct_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        values = slot_values(tracker)
        text = tracker.latest_message.get("text") or ""
        renamed = await fix_name(dispatcher, tracker, text)
        if renamed:                             # "pls fix the name, its Asha": done, not asked for again
            return renamed
        field = mentioned_field(text, values)
        given = [values.get(slot) for slot in (*CONTACT_SLOTS, "health_consent")]
        given += [tracker.get_slot(slot) for slot in ("booking_name", "booking_email", "booking_phone")]
        if not any(value is not None for value in given):
            detail = mentioned_field(text, {slot: "" for slot in CONTACT_SLOTS})
            if detail is not None or explicit_request(text) == "correct_answer":
                # "can I change my phone number?" before giving any: nothing of theirs to change
                dispatcher.utter_message(response="utter_nothing_to_correct",
                                         detail=DETAIL_NAMES.get(detail or "", "details"))
                return []
            # nothing given yet ("can you correct what another studio did?"): the message is answered instead
            return [FollowupAction("action_answer")]
        if values.get("health_consent") != "yes" or field is None:
            dispatcher.utter_message(text=("Of course. Which detail would you like to correct — your name, email or "
                                           "phone number? You can also ask a person at the studio to update it."))
            return [SlotSet("pending_offer", FIX_DETAIL)]
        dispatcher.utter_message(text="Of course — let's fix that.")
        return [SlotSet(field, None), SlotSet("summary_confirmed", None), SlotSet("pending_offer", None),
                FollowupAction("intake_form")]
