"""Handing the conversation to a person at the studio."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import channel_of, notify_practitioner
from bot.actions.runtime import get_runtime
from bot.hours import contact_expectation
from bot.intake import answers
from bot.store.leads import add_handoff, get_lead, get_or_create_lead

MESSAGING_REACHABLE = {"whatsapp", "whatsapp_cloud", "telegram", "twilio", "facebook"}


async def _has_contact(tracker: Tracker) -> bool:
    if channel_of(tracker) in MESSAGING_REACHABLE:
        return True   # the studio can answer in the same app
    async with get_runtime().sessions() as session:
        lead = await get_lead(session, tracker.sender_id)
    return bool(lead and (lead.email or lead.phone))


async def _open_handoff(tracker: Tracker, details: str = "") -> None:
    runtime = get_runtime()
    handoff, created = await add_handoff(runtime.sessions, tracker.sender_id, channel_of(tracker), "person", details)
    if created:
        await notify_practitioner("handoff", handoff.lead_id, "A visitor asked to talk to a person")


class ActionHumanHandoff(Action):
    def name(self) -> str:
        return "action_human_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        pause = [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("pending_offer", None)]
        if not await _has_contact(tracker):
            dispatcher.utter_message(text="Of course — I'll pass you to a person at the studio.")
            return [*pause, FollowupAction("handoff_contact_form")]
        await _open_handoff(tracker)
        expectation = contact_expectation(get_runtime().settings, datetime.now(timezone.utc))
        dispatcher.utter_message(text=f"I've asked a person at the studio to contact you. {expectation}")
        return pause


class ActionAskHandoffContact(Action):
    def name(self) -> str:
        return "action_ask_handoff_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text="So they can reach you, what's the best email address or phone number?")
        return []


class ValidateHandoffContactForm(FormValidationAction):
    def name(self) -> str:
        return "validate_handoff_contact_form"

    async def validate_handoff_contact(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        region = str(get_runtime().settings.studio.get("country", "GB"))
        email, phone = answers.normalise_email(text), answers.normalise_phone(text, region)
        if not email and not phone:
            dispatcher.utter_message(text=("I couldn't read an email address or a phone number there. Could you "
                                           "type it again, for example name@example.com or +44 7911 123456?"))
            return {"handoff_contact": None}
        runtime = get_runtime()
        async with runtime.sessions.begin() as session:
            lead = await get_or_create_lead(session, tracker.sender_id, channel_of(tracker))
            lead.email = lead.email or email
            lead.phone = lead.phone or phone
        return {"handoff_contact": "given"}


class ActionHandoffContactSaved(Action):
    def name(self) -> str:
        return "action_handoff_contact_saved"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        await _open_handoff(tracker)
        expectation = contact_expectation(get_runtime().settings, datetime.now(timezone.utc))
        dispatcher.utter_message(text=f"Thank you. I've asked a person at the studio to contact you. {expectation}")
        return [SlotSet("handoff_contact", None)]
