"""When a visitor describes their own case ("it's still a bit pink", "my vitiligo is stable").

The assistant cannot judge a case from a description, and must not: it says
what usually matters for that concern (the studio's own periods, from
studio.yml), then offers the readiness check, which a plain "yes" accepts.
"""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.answers import BOOK, CHECK_READY
from bot.actions.common import buttons, concern_of
from bot.actions.runtime import get_runtime
from bot.intake.readiness import guidance


class ActionShareSituation(Action):
    """Thank the visitor, say what usually matters, offer the readiness check (never a verdict)."""

    def name(self) -> str:
        return "action_share_situation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        settings = get_runtime().settings
        practitioner = settings.practitioner_name
        intake_done = tracker.get_slot("summary_confirmed") == "yes"
        text = (f"Thank you for telling me. {guidance(concern_of(tracker), settings.readiness)}\n\n"
                f"I can't judge your skin from here, and I won't try: {practitioner} decides at the consultation. ")
        if intake_done:
            dispatcher.utter_message(text=text + "Would you like to book a free consultation?",
                                     buttons=buttons([BOOK]))
            return [SlotSet("pending_offer", "booking")]
        dispatcher.utter_message(text=text + ("A few quick questions (about three minutes) can show whether now "
                                              "looks like a good time. Shall we do that?"),
                                 buttons=buttons([CHECK_READY, BOOK]))
        return [SlotSet("pending_offer", "intake")]
