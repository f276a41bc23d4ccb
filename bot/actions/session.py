"""Session start: carry slots over, keep a person's takeover, load the studio's facts, deliver news left for the
visitor."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ConversationPaused, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.runtime import get_runtime
from bot.store.leads import take_notices


def studio_facts() -> list[EventType]:
    """The studio's facts as slots, for the placeholders in the answers ({studio_name} …)."""
    return [SlotSet(key, value) for key, value in get_runtime().settings.answer_values().items()]


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        studio = get_runtime().settings.answer_values()
        carried = [SlotSet(key, value) for key, value in tracker.slots.items()
                   if value is not None and key not in studio
                   and key not in ("requested_slot", "session_started_metadata")]
        for text in await take_notices(get_runtime().sessions, tracker.sender_id):
            dispatcher.utter_message(text=text)
        # Rasa's SessionStarted un-pauses the conversation: a person answering it live (bot.channels.live) must not
        # be silently replaced by the assistant because the visitor wrote after the session expired
        kept = [ConversationPaused()] if tracker.is_paused() else []
        return [SessionStarted(), *kept, *carried, *studio_facts(), ActionExecuted("action_listen")]
