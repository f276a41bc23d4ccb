"""Erasure on request: "delete my data" asks once, then erases everything."""
from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import buttons, is_messaging_app
from bot.actions.respond import understanding_of
from bot.actions.runtime import get_runtime
from bot.actions.session import studio_facts
from bot.store.leads import erase_conversation, sweep_erasures

log = logging.getLogger(__name__)
#: an answer to "shall I go ahead?" that keeps everything, whatever the classifier made of it ("No, keep it")
KEEP = re.compile(r"^\W*(?:no|nope|nah|don'?t|do not|keep|wait|hold on|not yet|not now|cancel that|never ?mind)\b|"
                  r"\b(?:keep (?:it|them|my|everything)|(?:don'?t|do not|not) (?:delete|erase|remove))\b", re.IGNORECASE)
#: asked with the erasure: who sees what they wrote
WHO_READS = re.compile(r"\bwho (?:actually |even )?(?:reads|sees|can see|looks at|has access|gets to see|will see|would see)\b|"
                       r"\bwhere does (?:it|this|that|my \w+) (?:all )?go\b", re.IGNORECASE)
#: Rasa saves the turn after the action ran; sweep again once that is done.
RESWEEP_AFTER_SECONDS = (2.0, 10.0)
_background: set[asyncio.Task[None]] = set()


class ActionConfirmErasure(Action):
    def name(self) -> str:
        return "action_confirm_erasure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("pending_offer") == "erase":    # asked already: "yes delete it all" confirms it…
            if KEEP.search(str(tracker.latest_message.get("text") or "")):
                dispatcher.utter_message(text="Okay, I haven't deleted anything.")     # …"No, keep it" never does
                return [SlotSet("pending_offer", None)]
            return [*await erase_now(dispatcher, tracker)]
        if understanding_of(tracker).tone in ("complaint", "frustration"):
            dispatcher.utter_message(response="utter_ack_sort_it")     # "you should have made that clearer. delete it"
        if WHO_READS.search(str(tracker.latest_message.get("text") or "")):    # "…who reads this stuff anyway?"
            dispatcher.utter_message(response="utter_who_reads_app" if is_messaging_app(tracker) else "utter_who_reads",
                                     **get_runtime().settings.reply_values())
        dispatcher.utter_message(
            text=("I can erase everything the studio holds from this conversation: your answers, contact details, "
                  "consent records, bookings and the chat itself. This can't be undone. Shall I go ahead?"
                  + (" (The messaging app keeps its own copy of the chat on your phone and with the app's company: you "
                     "can delete the conversation in the app too.)" if is_messaging_app(tracker) else "")),
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
#: What the website widget understands as "erasure confirmed": it then clears its copy of the conversation
#: from the browser and starts a new session (bot/widget/src/ui.js). Rasa's socket.io channel emits a custom
#: message's ``data`` as the bot message.
WIDGET_ERASED_EVENT = "conversation_erased"


def widget_erased_message() -> dict[str, Any]:
    """The custom message for the socket.io channel (a fresh dict: the channel adds its ``room`` to it)."""
    return {"data": {"event": WIDGET_ERASED_EVENT}}


def erased_message() -> str:
    """The confirmation, with the studio's number: someone who erased everything may still want to ring."""
    phone = get_runtime().settings.reply_values().get("studio_phone")
    return f"{ERASED} If you'd like to talk to the studio, the number is {phone}." if phone else ERASED


async def erase_now(dispatcher: CollectingDispatcher, tracker: Tracker,
                    message: Optional[str] = None) -> list[EventType]:
    """Erase the conversation's data now and sweep the tracker store again shortly."""
    message = message or erased_message()
    runtime = get_runtime()
    await erase_conversation(runtime.sessions, runtime.tracker_engine, tracker.sender_id)
    task = asyncio.create_task(_sweep_later())
    _background.add(task)
    task.add_done_callback(_background.discard)
    dispatcher.utter_message(text=message)
    if tracker.get_latest_input_channel() == "socketio":    # other channels would show the JSON as text
        dispatcher.utter_message(json_message=widget_erased_message())
    return [AllSlotsReset(), *studio_facts()]      # the answers still need the studio's name, prices …
