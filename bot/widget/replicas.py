"""The widget's socket.io server shared by every Rasa replica through Redis (``REDIS_URL``).

python-socketio's :class:`~socketio.AsyncRedisManager` publishes every emit on a
Redis channel, so a message emitted by one replica (a practitioner's reply
arriving through the relay, :mod:`bot.channels.relay`) reaches the visitor's
socket on whichever replica holds it. Without ``REDIS_URL`` the default
in-process manager stays: one machine, nothing to configure.

Runs inside the Rasa environment (python-socketio 5.x, redis-py 4.6).
"""
from __future__ import annotations

import logging
from typing import Any, Mapping

from sanic import Blueprint
from socketio import AsyncServer

logger = logging.getLogger(__name__)
#: the Redis pub/sub channel of the widget's socket.io server (the same in every replica)
CHANNEL = "studio-socketio"


def share_across_replicas(sio: AsyncServer, blueprint: Blueprint, env: Mapping[str, str]) -> bool:
    """Give ``sio`` a Redis client manager when ``REDIS_URL`` is set; returns whether it did.

    python-socketio starts a manager's listener on the first connection; here it
    starts with the server, so a replica that no browser has reached yet still
    relays emits and receives those of the others.
    """
    url = (env.get("REDIS_URL") or "").strip()
    if not url:
        return False
    from socketio import AsyncRedisManager

    manager = AsyncRedisManager(url, channel=CHANNEL, logger=logger)
    manager.set_server(sio)
    sio.manager = manager

    @blueprint.listener("after_server_start")
    async def _start_listening(*_: Any) -> None:
        if not sio.manager_initialized:
            sio.manager_initialized = True
            sio.manager.initialize()

    return True
