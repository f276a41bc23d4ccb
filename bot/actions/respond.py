"""``action_answer``: one reply to everything a message said (see :mod:`bot.replies.plan`).

Questions (``faq``), a visitor describing their case (``share_situation``) and
out-of-scope requests all come here; so does every message that the NLU's
:class:`~bot.nlp.components.MessageUnderstanding` found to hold several parts, an
urgent sign or another language.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import concern_of, latest_intent
from bot.actions.redirects import pointer
from bot.actions.runtime import get_runtime
from bot.booking.store import upcoming_bookings
from bot.replies.plan import Context, Plan, plan_reply
from bot.replies.spanish import spanish_values
from bot.settings import Settings
from bot.understanding import Understanding, understand


#: actions that mean the assistant did not understand a message
STRUGGLED = ("action_clarify", "action_default_fallback")


def understanding_of(tracker: Tracker) -> Understanding:
    """The NLU's understanding of the latest message (read again from its text if the NLU gave none)."""
    data = tracker.latest_message.get("understanding")
    if isinstance(data, dict) and data.get("text") is not None:
        return Understanding.from_dict(data)
    return understand(str(tracker.latest_message.get("text") or ""))


def reply_values(settings: Settings) -> dict[str, Any]:
    """The studio's facts and periods, for the placeholders in the responses (the Spanish ones too)."""
    values = settings.reply_values()
    return {**values, **spanish_values(values, settings.day_hours())}


async def context_of(tracker: Tracker, settings: Settings) -> Context:
    runtime = get_runtime()
    has_booking = bool(await upcoming_bookings(runtime.sessions, tracker.sender_id))
    events = tracker.events_after_latest_restart()
    r = settings.readiness
    return Context(concern=concern_of(tracker), intent=latest_intent(tracker)[0],
                   intake_done=tracker.get_slot("summary_confirmed") == "yes", has_booking=has_booking,
                   known_minor=tracker.get_slot("adult") == "no",
                   languages=tuple(settings.studio.get("languages") or ("English",)),
                   scar_min_months=r.scar_min_months, burn_min_months=r.burn_scar_min_months,
                   vitiligo_stable_months=r.vitiligo_stable_months, day_hours=settings.day_hours(),
                   radiotherapy_min_months=r.areola_min_months_after_radiotherapy,
                   areola_min_months=r.areola_min_months_after_reconstruction, minimum_age=r.minimum_age,
                   isotretinoin_clear_months=r.isotretinoin_clear_months,
                   struggled=any(e.get("event") == "action" and e.get("name") in STRUGGLED for e in events),
                   language_replied=any(str((e.get("metadata") or {}).get("utter_action") or "").startswith(
                       "utter_other_language") for e in events if e.get("event") == "bot"))


def speak(plan: Plan, dispatcher: CollectingDispatcher, tracker: Tracker, settings: Settings) -> None:
    """Send the plan's responses; an out-of-scope plan gets the studio's scope and where to go instead."""
    values = reply_values(settings)
    where_else = pointer(tracker.latest_message.get("text") or "", settings.studio, plan.redirect) \
        if plan.out_of_scope or plan.redirect else ""
    acknowledged = 0
    while acknowledged < len(plan.responses) and plan.responses[acknowledged][0].startswith("utter_ack_"):
        acknowledged += 1                       # a feeling is acknowledged before anything else, refusals included
    for response, extra in plan.responses[:acknowledged]:
        dispatcher.utter_message(response=response, **{**values, **extra})
    if plan.out_of_scope and plan.redirect and where_else:
        dispatcher.utter_message(text=where_else)   # a service named: where to go first, then what we do
        dispatcher.utter_message(response="utter_what_we_do", **values)
    elif plan.out_of_scope:
        dispatcher.utter_message(response="utter_out_of_scope", **values)
    if where_else and not (plan.out_of_scope and plan.redirect):
        dispatcher.utter_message(text=where_else)
    for response, extra in plan.responses[acknowledged:]:
        dispatcher.utter_message(response=response, **{**values, **extra})


def plan_events(plan: Plan) -> list[EventType]:
    events: list[EventType] = [SlotSet("pending_offer", plan.offer)]
    if plan.followup:
        events.append(FollowupAction(plan.followup))
    return events


class ActionAnswer(Action):
    """Acknowledge, answer every question in order, add what the person's facts change, one next step."""

    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        settings = get_runtime().settings
        plan = plan_reply(understanding_of(tracker), await context_of(tracker, settings))
        speak(plan, dispatcher, tracker, settings)
        return plan_events(plan)
