"""Rasa's socket.io channel with session persistence that delivers replies, and only to their owner.

Rasa 3.6.21 calls ``sio.enter_room(...)`` without ``await`` in its
``session_request`` handler (RasaHQ/rasa#13027). With python-socketio >= 5.10
``enter_room`` is a coroutine, so the socket never joins the session's room and
every bot reply (emitted to ``room=session_id``) is lost. This subclass
re-registers that handler with the ``await``.

Rasa also lets a browser claim any session id, and the messages of a socket go
to whatever ``session_id`` each one names: a page could claim a messaging-app
conversation (a WhatsApp phone number) and read its replies. Here:

* ``session_request {session_id}`` confirms a client-chosen id only when it has
  the widget's own random format (32 lowercase hex characters), else a fresh
  random id is issued;
* ``session_request {session_id, resume_token}`` with a valid, unexpired token
  from :func:`bot.channels.resume.resume_link` confirms the token's conversation
  (the link a messaging app gets to continue in the website chat). When the
  browser did not have that conversation yet, the pending bot messages (those
  since the visitor's last message) are sent to it, so it sees where it left off;
* a message is only taken for the session confirmed on its socket: one naming
  another ``session_id`` (or sent before any confirmation) is dropped;
* the limits of :mod:`bot.limits`, before NLU: an over-long message, or one beyond
  the rate of its conversation or of its client address, gets a kind reply
  (``bot_uttered``) and is neither processed nor stored; socket.io packets above
  ``MAX_REQUEST_BYTES`` are refused;
* malformed input (a packet that is not socket.io, an event without its payload,
  a message that is not text, metadata that is not an object) is dropped with
  one short log line: never a traceback, never the visitor's text;
* every confirmed session is recorded in :attr:`SocketIOInput.presence` (which
  conversations have a chat open, for the practitioner's relay,
  :mod:`bot.channels.relay`), and with ``REDIS_URL`` the socket.io server shares
  its emits with every replica (:mod:`bot.widget.replicas`).

Use it in credentials.yml (the Rasa process needs the repository on PYTHONPATH)::

    bot.widget.channel.SocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true

Runs inside the Rasa environment: import nothing of ours here but the
standard-library-only :mod:`bot.channels.resume` and :mod:`bot.limits`, and
the Sanic helpers of :mod:`bot.channels.guard`.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput
from sanic import Blueprint, response
from socketio import AsyncServer

from bot.channels.guard import limit_request_size
from bot.channels.presence import Presence, presence_from_env
from bot.channels.resume import open_token, resume_secret
from bot.limits import Gate, shared_gate, well_formed
from bot.widget.replicas import share_across_replicas

logger = logging.getLogger(__name__)

#: the widget's own session ids (and Rasa's): 128 random bits as lowercase hex
OWN_SESSION_ID = re.compile(r"[0-9a-f]{32}")
MAX_TOKEN_LENGTH = 2048
#: at most this many pending bot messages are replayed to a resumed conversation
REPLAY_LIMIT = 5


def resumed_conversation(token: Any) -> Optional[str]:
    """The conversation id in a valid resume token, else None."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        return open_token(token, resume_secret()) or None
    except Exception:  # an unreadable secret file must not break the chat
        logger.exception("Could not open a resume token.")
        return None


def confirmed_session_id(data: Dict[str, Any]) -> tuple[str, bool]:
    """The session id to confirm for a ``session_request``, and whether it came from a resume token."""
    conversation = resumed_conversation(data.get("resume_token"))
    if conversation:
        return conversation, True
    requested = data.get("session_id")
    if isinstance(requested, str) and OWN_SESSION_ID.fullmatch(requested):
        return requested, False
    return uuid.uuid4().hex, False


def pending_bot_messages(events: List[Any]) -> List[Dict[str, Any]]:
    """What the bot said since the visitor's last message, as responses for an output channel."""
    messages: List[Dict[str, Any]] = []
    for event in reversed(events):
        kind = getattr(event, "type_name", "")
        if kind == "user":
            break
        if kind != "bot":
            continue
        data = getattr(event, "data", None) or {}
        message = {"text": getattr(event, "text", None) or "",
                   **{k: data[k] for k in ("buttons", "quick_replies", "image", "attachment", "elements")
                      if data.get(k)}}
        staff = (getattr(event, "metadata", None) or {}).get("staff")
        if any(message.values()):
            messages.append({**message, "staff": staff} if isinstance(staff, str) and staff else message)
    return list(reversed(messages))[-REPLAY_LIMIT:]


def message_parts(data: Any, metadata_key: str) -> Optional[tuple[str, Dict[str, Any]]]:
    """(text, metadata) of a ``user_uttered`` payload, or None when it is malformed or has no text at all."""
    text = data.get("message")
    metadata: Any = data.get(metadata_key) or {}
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except (ValueError, RecursionError):
            return None
    if not well_formed(text) or not text.strip() or not isinstance(metadata, dict):
        return None
    return text, metadata


def peer_address(sio: AsyncServer, sid: str, namespace: Optional[str], gate: Gate) -> str:
    """The client address of a socket (a trusted local proxy's ``X-Forwarded-For``, else the peer)."""
    environ = sio.get_environ(sid, namespace=namespace) or {}
    request = environ.get("sanic.request")
    if request is None:
        return gate.client_ip(None, None)
    return gate.client_ip(request.ip, request.headers.get("X-Forwarded-For"))


def drop_malformed_input(sio: AsyncServer) -> None:
    """Errors caused by what a client sent become one short log line instead of a traceback.

    Two places: python-engineio decodes WebSocket frames outside any ``try``
    (a frame that is not an Engine.IO packet escapes to Sanic, which logs a
    traceback), and event handlers raise on payloads they did not expect. Event
    handlers run inside the packet's own task (``async_handlers`` off on the
    socket.io level; Engine.IO still gives every packet a task), so their errors
    reach the packet guard too. The request guard is in place before the
    blueprint is registered, when python-engineio adds ``handle_request`` as the route.
    """
    handle_packet = sio._handle_eio_message      # python-socketio registers it with Engine.IO the same way
    handle_request = sio.eio.handle_request

    async def guarded_packet(eio_sid: str, data: Any) -> None:
        try:
            await handle_packet(eio_sid, data)
        except Exception as error:
            logger.warning("socketio: a packet could not be handled (%s)", type(error).__name__)

    @functools.wraps(handle_request)
    async def guarded_request(*args: Any, **kwargs: Any) -> Any:
        try:
            return await handle_request(*args, **kwargs)
        except Exception as error:
            logger.warning("socketio: a request could not be handled (%s)", type(error).__name__)
            return response.text("bad request", status=400)

    sio.async_handlers = False
    sio.eio.on("message", guarded_packet)
    sio.eio.handle_request = guarded_request


class SocketIOInput(RasaSocketIOInput):
    """socket.io input channel whose sessions work with python-socketio 5.x and cannot be hijacked."""

    presence: Presence

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socketio_webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None
        self.presence = presence_from_env(os.environ)
        share_across_replicas(sio, socketio_webhook, os.environ)
        namespace = self.namespace or "/"
        rasa_disconnect = sio.handlers[namespace]["disconnect"]
        sessions: Dict[Text, Text] = {}  # socket sid -> the session id confirmed for it
        addresses: Dict[Text, Text] = {}  # socket sid -> its client address
        gate = shared_gate()
        limit_request_size(socketio_webhook, gate)
        sio.eio.max_http_buffer_size = min(sio.eio.max_http_buffer_size, gate.limits.max_request_bytes)
        drop_malformed_input(sio)

        async def replay(sid: Text, conversation_id: Text) -> None:
            """Send a resumed conversation's pending bot messages to the socket that took it over."""
            try:
                app = next(iter(socketio_webhook.apps))
                tracker = await app.ctx.agent.tracker_store.retrieve(conversation_id)
            except Exception:
                logger.exception("Could not read the resumed conversation.")
                return
            output = SocketIOOutput(sio, self.bot_message_evt)  # every socket is in a room named by its sid
            for message in pending_bot_messages(list(tracker.events) if tracker else []):
                await output.send_response(sid, message)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any = None, *_extra: Any) -> None:
            data = data if isinstance(data, dict) else {}
            session_id, resumed = confirmed_session_id(data)
            previous = sessions.get(sid)
            if self.session_persistence:
                if previous and previous != session_id:
                    await sio.leave_room(sid, previous, namespace=self.namespace)
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            if previous and previous != session_id:
                await self.presence.leave(previous, sid)
            sessions[sid] = session_id
            await self.presence.enter(session_id, sid)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)
            if resumed and data.get("session_id") != session_id:
                await replay(sid, session_id)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any = None, *_extra: Any) -> None:
            if not isinstance(data, dict):
                logger.info("socketio: a message without a payload object was dropped")
                return
            if self.session_persistence:
                sender = sessions.get(sid)
                if not sender or data.get("session_id") != sender:
                    logger.warning("Dropped a socket.io message for a session not confirmed on its socket.")
                    return
            else:
                sender = sid
            parts = message_parts(data, self.metadata_key or "metadata")
            if parts is None:
                logger.info("socketio: a malformed message was dropped")
                return
            text, metadata = parts
            output = SocketIOOutput(sio, self.bot_message_evt)
            if sid not in addresses:
                addresses[sid] = peer_address(sio, sid, self.namespace, gate)
            decision = await gate.check(self.name(), sender, text, addresses[sid])
            if not decision.accepted:
                logger.info("socketio: a message was refused (%s, %d characters)", decision.verdict.value, len(text))
                await output.send_text_message(sender, decision.reply or "")
                return
            try:
                await on_new_message(UserMessage(text, output, sender, input_channel=self.name(), metadata=metadata))
            except Exception as error:       # the type only: an error message could quote the visitor
                logger.error("socketio: handling a message failed (%s)", type(error).__name__)

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: Text, *_reason: Any) -> None:
            confirmed = sessions.pop(sid, None)
            addresses.pop(sid, None)
            if confirmed:
                await self.presence.leave(confirmed, sid)
            await rasa_disconnect(sid)

        return socketio_webhook
