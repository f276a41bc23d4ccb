"""Live conversations: the list, one conversation as the visitor saw it, take over / reply / hand back, the streams.

Conversations are named in URLs by a keyed reference (:mod:`bot.live.refs`),
never by their id (which can be a phone number). The actions answer JSON to the
page's script (``Accept: application/json``) and redirect with a message
otherwise, so they also work without JavaScript.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Callable, Optional

from aiohttp import web

from bot.dashboard import audit
from bot.dashboard.render import flash_for, redirect, render
from bot.dashboard.views.common import actor, form_text, sessions, settings, tracker
from bot.live import board, conversations, refs
from bot.live.relay_client import RELAY, RelayError
from bot.live.service import MAX_REPLY, DELIVERY, Done, Live
from bot.live.sse import stream
from bot.live.web import REF_KEY
from bot.store import takeovers

log = logging.getLogger(__name__)
#: what a send would do now, said before the practitioner types (see bot.channels.live)
REACH = {"not_connected": "The visitor's chat is not open right now: they may not see new messages.",
         "template": DELIVERY["template"][0], "closed": DELIVERY["closed"][0],
         "unsupported": DELIVERY["unsupported"][0]}


def _key(request: web.Request) -> bytes:
    return request.config_dict[REF_KEY]


async def _board(request: web.Request) -> list[board.Row]:
    return await board.rows(sessions(request), tracker(request), _key(request))


async def _resolve(request: web.Request) -> str:
    """The conversation id behind the URL's reference (404 when there is none)."""
    found = await refs.resolve(_key(request), tracker(request), request.match_info["ref"])
    if found is None:
        raise web.HTTPNotFound()
    return found


def _live(request: web.Request) -> Live:
    return Live(sessions(request), request.config_dict[RELAY], settings(request))


async def conversations_page(request: web.Request) -> web.StreamResponse:
    rows = await _board(request)
    counts = await board.counts(sessions(request), rows)
    return await render(request, "conversations.html", {"rows": rows, "counts": counts, "ago": board.ago})


async def conversation_page(request: web.Request) -> web.StreamResponse:
    conversation_id = await _resolve(request)
    reference = request.match_info["ref"]
    lines = await conversations.transcript(tracker(request), conversation_id)
    takeover = await takeovers.active(sessions(request), conversation_id)
    row = next((r for r in await _board(request) if r.conversation_id == conversation_id), None)
    reach, paused, channel = await _reach(request, conversation_id)
    live = _live(request)
    await audit.record(sessions(request), actor(request), "view_conversation",
                       await live.target(conversation_id, reference))
    return await render(request, "conversation.html", {
        "ref": reference, "lines": lines, "after": lines[-1].id if lines else 0, "row": row,
        "channel": channel or (row.channel if row else ""), "takeover": takeover,
        "mine": takeover is not None and takeover.taken_by == actor(request), "paused": paused,
        "reach": REACH.get(reach or "", ""), "max_reply": MAX_REPLY, "clock": _clock(request)})


def _clock(request: web.Request) -> Callable[[float], str]:
    tz = settings(request).time_zone
    return lambda at: f"{datetime.fromtimestamp(at, tz):%H:%M}" if at else ""


async def _reach(request: web.Request, conversation_id: str) -> tuple[Optional[str], bool, Optional[str]]:
    """What a send would do now, whether paused, and the channel (from the relay; unknown if it is down)."""
    try:
        answer = await request.config_dict[RELAY].status(conversation_id)
    except RelayError as error:
        log.info("relay status unavailable (%s)", error.status)
        return None, False, None
    return answer.delivery, answer.paused, answer.channel


async def _answer(request: web.Request, done: Done) -> web.StreamResponse:
    if "application/json" in request.headers.get("Accept", ""):
        return web.json_response({"ok": done.ok, "message": done.message, "kind": done.kind,
                                  "delivery": done.delivery}, headers={"Cache-Control": "no-store"})
    await flash_for(request, done.message, done.kind)
    raise redirect(request, "conversation", ref=request.match_info["ref"])


async def take_over(request: web.Request) -> web.StreamResponse:
    conversation_id = await _resolve(request)
    row = next((r for r in await _board(request) if r.conversation_id == conversation_id), None)
    done = await _live(request).take_over(conversation_id, request.match_info["ref"], row.channel if row else "",
                                          actor(request))
    return await _answer(request, done)


async def reply(request: web.Request) -> web.StreamResponse:
    conversation_id = await _resolve(request)
    text = await form_text(request, "text", MAX_REPLY + 1)
    done = await _live(request).reply(conversation_id, request.match_info["ref"], actor(request), text)
    return await _answer(request, done)


async def hand_back(request: web.Request) -> web.StreamResponse:
    conversation_id = await _resolve(request)
    done = await _live(request).hand_back(conversation_id, request.match_info["ref"], actor(request))
    return await _answer(request, done)


def _after(request: web.Request) -> int:
    value = request.headers.get("Last-Event-ID") or request.query.get("after") or "0"
    return int(value) if value.isdigit() and len(value) < 19 else 0


async def live_stream(request: web.Request) -> web.StreamResponse:
    """The badge's counts (and with ``?list=1`` the active conversations), whenever they change."""
    with_list = request.query.get("list") == "1"
    state: dict[str, Any] = {"tracker": -1, "ticks": 0, "counts": None, "rows": None, "table": False}

    async def produce() -> list[tuple[str, Any, Optional[int]]]:
        state["table"] = state["table"] or await conversations.has_events(tracker(request))
        latest = await conversations.latest_id(tracker(request)) if state["table"] else 0
        state["ticks"] += 1
        if latest == state["tracker"] and state["ticks"] % 5:
            return []                      # nothing new in the conversations; the leads store is asked every 5 s
        state["tracker"] = latest
        rows = await _board(request)
        found: list[tuple[str, Any, Optional[int]]] = []
        counts = (await board.counts(sessions(request), rows)).as_json()
        if counts != state["counts"]:
            state["counts"] = counts
            found.append(("counts", counts, None))
        listed = [r.as_json() for r in rows]
        if with_list and listed != state["rows"]:
            state["rows"] = listed
            found.append(("conversations", listed, None))
        return found

    return await stream(request, produce)


async def conversation_stream(request: web.Request) -> web.StreamResponse:
    """New lines of one conversation (after ``Last-Event-ID`` or ``?after=``) and who is answering."""
    conversation_id = await _resolve(request)
    me = actor(request)
    state: dict[str, Any] = {"after": _after(request), "seen": -1, "answering": None}

    async def produce() -> list[tuple[str, Any, Optional[int]]]:
        found: list[tuple[str, Any, Optional[int]]] = []
        latest = await conversations.latest_id(tracker(request), conversation_id)
        if latest != state["seen"]:
            state["seen"] = latest
            for line in await conversations.transcript(tracker(request), conversation_id):
                if line.id > state["after"]:
                    found.append(("line", line.as_json(), line.id))
                    state["after"] = line.id
        takeover = await takeovers.active(sessions(request), conversation_id)
        paused = conversation_id in await conversations.paused(tracker(request), [conversation_id])
        answering = {"taken_by": takeover.taken_by if takeover else "", "mine": bool(takeover and
                     takeover.taken_by == me), "paused": paused}
        if answering != state["answering"]:
            state["answering"] = answering
            found.append(("state", answering, None))
        return found

    return await stream(request, produce)
