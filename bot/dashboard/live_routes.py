"""URL map of the live conversations (the practitioner in the chat) and booking calendar files.

Kept apart from :mod:`bot.dashboard.routes`, which calls :func:`add_live_routes`;
each route's access rule is in :data:`bot.dashboard.roles.ROUTE_ACCESS` like every other.
"""
from __future__ import annotations

from aiohttp import web

from bot.dashboard.views import calendar_file, conversations

CONVERSATION = "/conversations/{ref:[0-9a-f]{32}}"


def add_live_routes(r: web.UrlDispatcher) -> None:
    r.add_get("/conversations", conversations.conversations_page, name="conversations")
    r.add_get(CONVERSATION, conversations.conversation_page, name="conversation")
    r.add_post(CONVERSATION + "/takeover", conversations.take_over, name="conversation_takeover")
    r.add_post(CONVERSATION + "/reply", conversations.reply, name="conversation_reply")
    r.add_post(CONVERSATION + "/handback", conversations.hand_back, name="conversation_handback")
    r.add_get(CONVERSATION + "/stream", conversations.conversation_stream, name="conversation_stream")
    r.add_get("/live/stream", conversations.live_stream, name="live_stream")
    r.add_get("/bookings/{booking_id:[0-9a-f]{32}}/calendar.ics", calendar_file.booking_ics, name="booking_ics")
