"""A person in the conversation, on the Rasa side: take over, reply, hand back, and notices (Rasa environment).

Taking over appends Rasa's own ``ConversationPaused`` event: Rasa still logs the
visitor's messages (NLU included) but predicts no action, so the bot stays
silent until ``ConversationResumed``. Every text the practitioner sends is
appended as a ``BotUttered`` whose metadata names them (``{"staff": name}``),
so the transcript shows it, and is sent on the conversation's own channel:

* the website chat: emitted on the widget's socket.io server to the session's
  room (with Redis, through every replica), with a ``staff`` field the widget
  shows as the practitioner's name;
* WhatsApp Cloud, Telegram, Messenger, Twilio: through the connector's output
  channel. Within WhatsApp's and Messenger's 24-hour window only; outside it
  WhatsApp gets the configured template instead (once) and nothing else is sent.

The tracker is changed under the conversation's lock (the lock store Rasa uses
for messages), and the text is sent once the lock is released. Handing back ends
a request-for-a-person form left open (the person has answered); other forms
carry on.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Optional

from rasa.core.channels.channel import InputChannel
from rasa.shared.core.events import (ActiveLoop, BotUttered, ConversationPaused, ConversationResumed, SlotSet,
                                     UserUttered)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.window import CLOSED as WINDOW_CLOSED
from bot.channels.window import TEMPLATE as WINDOW_TEMPLATE

logger = logging.getLogger(__name__)

JOINED = "{name} from the studio has joined the chat."
LEFT = "{name} has left the chat. You're chatting with the assistant again."
#: forms a person in the chat has answered: handing back ends them (the details for a call-back are not
#: asked any more); any other form (the intake, a booking) carries on where it was
ANSWERED_BY_A_PERSON = ("handoff_contact_form",)
#: seconds between attempts to take a conversation's lock (Rasa's default of 1 s would delay a reply)
LOCK_WAIT = 0.05

DELIVERED = "delivered"          # sent to an open chat, or handed to the messaging platform
NOT_CONNECTED = "not_connected"  # the website chat is not open now
TEMPLATE = "template"            # outside the 24-hour window: the approved template went instead
CLOSED = "closed"                # outside the 24-hour window, and no template may be sent
UNSUPPORTED = "unsupported"      # a channel that cannot push (REST), or an unknown one
FAILED = "failed"                # the send raised
RECORDED = (DELIVERED, NOT_CONNECTED)


@dataclass(frozen=True)
class Result:
    status: int
    body: dict[str, Any] = field(default_factory=dict)


def find_channel(app: Any, name: Optional[str]) -> Optional[InputChannel]:
    """The running input channel called ``name`` (Rasa keeps them in ``app.ctx.input_channels``)."""
    for channel in getattr(app.ctx, "input_channels", None) or []:
        if name and channel.name() == name:
            return channel
    return None


def latest_inbound(tracker: DialogueStateTracker) -> tuple[Optional[str], Optional[float]]:
    """The input channel and time of the visitor's latest message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return event.input_channel, event.timestamp
    return None, None


def _window(channel: InputChannel, conversation_id: str) -> Optional[bool]:
    """None when the channel has no 24-hour window, else whether a template may be sent outside it."""
    name = channel.name()
    if name == "whatsapp_cloud":
        return bool(getattr(channel, "template_name", ""))
    if name == "facebook" or (name == "twilio" and conversation_id.startswith("whatsapp:")):
        return False
    return None


async def reach(channel: Optional[InputChannel], tracker: DialogueStateTracker) -> str:
    """What sending a text to this conversation would do now (nothing is sent)."""
    conversation_id = tracker.sender_id
    if channel is None:
        return UNSUPPORTED
    if channel.name() == "socketio":
        presence = getattr(channel, "presence", None)
        return DELIVERED if presence is not None and await presence.is_open(conversation_id) else NOT_CONNECTED
    state = getattr(channel, "state", None)
    if state is None or not hasattr(channel, "get_output_channel"):
        return UNSUPPORTED
    template = _window(channel, conversation_id)
    if template is None:
        return DELIVERED
    await state.window.learn(conversation_id, latest_inbound(tracker)[1])
    decision = await state.window.decide(conversation_id, template)
    return {WINDOW_CLOSED: CLOSED, WINDOW_TEMPLATE: TEMPLATE}.get(decision, DELIVERED)


async def send(channel: Optional[InputChannel], conversation_id: str, text: str, how: str,
               staff: Optional[str] = None, buttons: Optional[list[dict[str, str]]] = None) -> str:
    """Send ``text`` (with ``buttons``, each ``{title, payload}``) as :func:`reach` decided (``how``); returns what
    happened."""
    if channel is None or how in (CLOSED, UNSUPPORTED):
        return how
    try:
        if channel.name() == "socketio":
            sio = getattr(channel, "sio", None)
            if sio is None:
                return UNSUPPORTED
            payload: dict[str, Any] = {"text": text, **({"staff": staff} if staff else {})}
            if buttons:
                payload["quick_replies"] = [{"content_type": "text", **b} for b in buttons]
            await sio.emit(getattr(channel, "bot_message_evt", "bot_uttered"), payload, room=conversation_id,
                           namespace=getattr(channel, "namespace", None))
            return how
        output = channel.get_output_channel()
        if buttons and how != TEMPLATE:
            await output.send_text_with_buttons(conversation_id, text, buttons)
        else:
            await output.send_text_message(conversation_id, text)
        return how
    except Exception as error:          # the type only: the text may hold anything
        logger.error("relay: sending to %s failed (%s)", channel.name(), type(error).__name__)
        return FAILED


class Conversations:
    """The operations, given Rasa's running app (its agent and input channels)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    @property
    def agent(self) -> Any:
        return self.app.ctx.agent

    async def _change(self, conversation_id: str, change: Any) -> tuple[Optional[DialogueStateTracker], Any]:
        """Run ``change(tracker)`` under the lock and save the tracker; (None, None) for an unknown conversation."""
        agent = self.agent
        async with agent.lock_store.lock(conversation_id, wait_time_in_seconds=LOCK_WAIT):
            tracker = await agent.tracker_store.retrieve(conversation_id)
            if tracker is None or not tracker.events:
                return None, None
            outcome = await change(tracker)
            await agent.tracker_store.save(tracker)
        return tracker, outcome

    def _channel(self, tracker: DialogueStateTracker) -> Optional[InputChannel]:
        return find_channel(self.app, latest_inbound(tracker)[0])

    async def _say(self, tracker: DialogueStateTracker, text: str, metadata: dict[str, Any],
                   only_if: tuple[str, ...] = RECORDED, buttons: Optional[list[dict[str, str]]] = None) -> str:
        """Decide how ``text`` would reach the visitor; record it in the tracker if it will."""
        how = await reach(self._channel(tracker), tracker)
        if how in only_if:
            tracker.update(BotUttered(text, {"buttons": buttons} if buttons else {}, metadata))
        return how

    async def take_over(self, conversation_id: str, staff: str) -> Result:
        """Pause the bot and announce the practitioner; refused (409) on a channel that cannot receive pushes."""
        text = JOINED.format(name=staff)

        async def change(tracker: DialogueStateTracker) -> str:
            if await reach(self._channel(tracker), tracker) == UNSUPPORTED:
                return UNSUPPORTED
            if not tracker.is_paused():
                tracker.update(ConversationPaused())
            return await self._say(tracker, text, {"staff": staff, "live": "joined"})

        tracker, how = await self._change(conversation_id, change)
        if tracker is None:
            return Result(404, {"error": "unknown conversation"})
        if how == UNSUPPORTED:
            return Result(409, {"error": "this channel cannot receive live messages"})
        how = await send(self._channel(tracker), conversation_id, text, how, staff)
        return Result(200, self._state(tracker, how))

    async def reply(self, conversation_id: str, staff: str, text: str) -> Result:
        async def change(tracker: DialogueStateTracker) -> Optional[str]:
            if not tracker.is_paused():
                return None
            return await self._say(tracker, text, {"staff": staff})

        tracker, how = await self._change(conversation_id, change)
        if tracker is None:
            return Result(404, {"error": "unknown conversation"})
        if how is None:
            return Result(409, {"error": "the conversation has not been taken over"})
        how = await send(self._channel(tracker), conversation_id, text, how, staff)
        return Result(200, self._state(tracker, how))

    async def hand_back(self, conversation_id: str, staff: str) -> Result:
        text = LEFT.format(name=staff)

        async def change(tracker: DialogueStateTracker) -> Optional[str]:
            if not tracker.is_paused():
                return None
            tracker.update(ConversationResumed())
            if tracker.active_loop_name in ANSWERED_BY_A_PERSON:
                tracker.update(ActiveLoop(None))
                tracker.update(SlotSet("requested_slot", None))
            return await self._say(tracker, text, {"live": "left"})

        tracker, how = await self._change(conversation_id, change)
        if tracker is None:
            return Result(404, {"error": "unknown conversation"})
        if how is not None:
            how = await send(self._channel(tracker), conversation_id, text, how)
        return Result(200, self._state(tracker, how))

    async def notify(self, conversation_id: str, text: str,
                     buttons: Optional[list[dict[str, str]]] = None) -> Result:
        """A notice (an outcome) for the open chat, with its buttons; ``delivered`` says whether it reached one."""
        async def change(tracker: DialogueStateTracker) -> str:
            return await self._say(tracker, text, {"notice": True}, only_if=(DELIVERED,), buttons=buttons)

        tracker, how = await self._change(conversation_id, change)
        if tracker is None:
            return Result(404, {"error": "unknown conversation"})
        if how in (DELIVERED, TEMPLATE):
            how = await send(self._channel(tracker), conversation_id, text, how, buttons=buttons)
        return Result(200, {**self._state(tracker, how), "delivered": how == DELIVERED})

    async def status(self, conversation_id: str) -> Result:
        tracker = await self.agent.tracker_store.retrieve(conversation_id)
        if tracker is None or not tracker.events:
            return Result(404, {"error": "unknown conversation"})
        return Result(200, self._state(tracker, await reach(self._channel(tracker), tracker)))

    def _state(self, tracker: DialogueStateTracker, how: Optional[str]) -> dict[str, Any]:
        return {"channel": latest_inbound(tracker)[0], "paused": tracker.is_paused(), "delivery": how}
