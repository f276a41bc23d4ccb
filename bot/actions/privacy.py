"""Erasure on request: "delete my data" asks once, then erases everything."""
from __future__ import annotations

import asyncio
import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import buttons
from bot.actions.runtime import get_runtime
from bot.actions.session import studio_facts
from bot.store.leads import erase_conversation, sweep_erasures

log = logging.getLogger(__name__)
#: Rasa saves the turn after the action ran; sweep again once that is done.
RESWEEP_AFTER_SECONDS = (2.0, 10.0)
_background: set[asyncio.Task[None]] = set()


class ActionConfirmErasure(Action):
    def name(self) -> str:
        return "action_confirm_erasure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("pending_offer") == "erase":    # asked already: "yes delete it all" confirms it
            return [*await erase_now(dispatcher, tracker)]
        dispatcher.utter_message(
            text=("I can erase everything the studio holds from this conversation: your answers, contact details, "
                  "consent records, bookings and the chat itself. This can't be undone. Shall I go ahead?"),
            buttons=buttons([("Yes, delete everything", "yes"), ("No, keep it", "no")]))
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("pending_offer", "erase"),
                FollowupAction("action_listen")]      # the answer to "shall I go ahead?" comes next


async def _sweep_later() -> None:
    runtime = get_runtime()
    for delay in RESWEEP_AFTER_SECONDS:
        await asyncio.sleep(delay)
        try:
            await sweep_erasures(runtime.sessions, runtime.tracker_engine)
        except Exception:  # the web process sweeps too; never crash the action server
            log.exception("erasure sweep failed")


ERASED = ("Done. I've erased your details, answers and this conversation from the studio's records. If you "
          "write again, we'll start afresh.")


async def erase_now(dispatcher: CollectingDispatcher, tracker: Tracker, message: str = ERASED) -> list[EventType]:
    """Erase the conversation's data now and sweep the tracker store again shortly."""
    runtime = get_runtime()
    await erase_conversation(runtime.sessions, runtime.tracker_engine, tracker.sender_id)
    task = asyncio.create_task(_sweep_later())
    _background.add(task)
    task.add_done_callback(_background.discard)
    dispatcher.utter_message(text=message)
    return [AllSlotsReset(), *studio_facts()]      # the answers still need the studio's name, prices …
