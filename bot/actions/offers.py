"""A plain "yes" or "no" answers whatever the assistant offered last."""
from __future__ import annotations

from datetime import date

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.privacy import erase_now
from bot.actions.runtime import get_runtime
from bot.store.leads import get_lead
from bot.store.models import LeadStatus, StatusChange


async def _keep_lead(tracker: Tracker) -> date | None:
    runtime = get_runtime()
    async with runtime.sessions.begin() as session:
        lead = await get_lead(session, tracker.sender_id)
        if lead is None:
            return None
        lead.follow_up_date = lead.earliest_date
        if lead.status != LeadStatus.not_yet_ready:
            session.add(StatusChange(lead_id=lead.id, from_status=lead.status.value,
                                     to_status=LeadStatus.not_yet_ready.value, reason="follow-up requested",
                                     changed_by="assistant"))
            lead.status = LeadStatus.not_yet_ready
        return lead.follow_up_date


class ActionAcceptOffer(Action):
    def name(self) -> str:
        return "action_accept_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        offer = tracker.get_slot("pending_offer")
        done = SlotSet("pending_offer", None)
        if offer == "intake":
            return [done, FollowupAction("intake_form")]
        if offer == "booking":
            return [done, FollowupAction("action_start_booking")]
        if offer == "person":
            return [done, FollowupAction("action_human_handoff")]
        if offer == "erase":
            return [*await erase_now(dispatcher, tracker)]
        if offer == "keep_lead":
            follow_up = await _keep_lead(tracker)
            when = follow_up.strftime("%B %Y") if follow_up else "the right time"
            dispatcher.utter_message(text=(f"Done — the studio will get in touch around {when}. Until then, feel "
                                           "free to ask me anything, or say \"delete my data\" to be removed."))
            return [done]
        dispatcher.utter_message(text="Great! What would you like to know? You can ask me anything about the "
                                      "treatments, prices or aftercare.")
        return [done]


class ActionDeclineOffer(Action):
    def name(self) -> str:
        return "action_decline_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        offer = tracker.get_slot("pending_offer")
        done = SlotSet("pending_offer", None)
        if offer == "erase":
            dispatcher.utter_message(text="Okay, I haven't deleted anything.")
        elif offer == "keep_lead":    # no reminder, but the answers stay for the practitioner (erasure is asked for)
            dispatcher.utter_message(text=("Of course — nobody will contact you. Your answers stay with the studio "
                                           "for when you're ready to get in touch, and you can say \"delete my "
                                           "data\" at any time to erase them."))
        elif offer == "booking":
            dispatcher.utter_message(text=("Of course. Whenever you're ready, just say \"book a consultation\". "
                                           "Is there anything else I can help with?"))
        else:
            dispatcher.utter_message(text="No problem. Is there anything else you'd like to know?")
        return [done]
