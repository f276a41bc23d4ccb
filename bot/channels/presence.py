"""Which conversations have a website chat (socket.io) open right now. Standard library, Redis optional.

The widget channel records each socket that confirms a session and forgets it
when the socket leaves; the relay (:mod:`bot.channels.relay`) asks before it says
whether a notice reached an open chat. With ``REDIS_URL`` every Rasa replica
writes to one Redis set per conversation (members ``<replica>:<socket>``, keys
named by a hash of the conversation id, expiring after :data:`TTL_SECONDS`
without activity), so any replica can answer. Without Redis, or when Redis
fails, this process's own record answers.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import time
import uuid
from typing import Any, Mapping, Optional

logger = logging.getLogger(__name__)
#: a replica that died without cleaning up stops counting after this long (the widget forgets after 2 h)
TTL_SECONDS = 3 * 3600
PREFIX = "studio:presence:"


class Presence:
    """Sockets per conversation, in this process and, with a Redis URL, shared by every replica."""

    def __init__(self, redis_url: str = "", prefix: str = PREFIX, ttl: int = TTL_SECONDS) -> None:
        self.redis_url, self.prefix, self.ttl = redis_url, prefix, ttl
        self.replica = uuid.uuid4().hex[:12]
        self._local: dict[str, set[str]] = {}
        self._clients: dict[int, Any] = {}
        self._warned_at = -1e9

    def _key(self, conversation: str) -> str:
        return self.prefix + hashlib.sha256(conversation.encode()).hexdigest()[:32]

    def _client(self) -> Any:
        loop_id = id(asyncio.get_running_loop())        # a redis.asyncio client belongs to one event loop
        client = self._clients.get(loop_id)
        if client is None:
            from redis import asyncio as redis_asyncio

            client = redis_asyncio.from_url(self.redis_url, socket_timeout=2, socket_connect_timeout=2)
            self._clients[loop_id] = client
        return client

    def _unavailable(self, error: Exception) -> None:
        now = time.monotonic()
        if now - self._warned_at > 60:
            self._warned_at = now
            logger.warning("presence: Redis unavailable (%s); this replica's sockets only", type(error).__name__)

    async def enter(self, conversation: str, sid: str) -> None:
        self._local.setdefault(conversation, set()).add(sid)
        if self.redis_url:
            try:
                key = self._key(conversation)
                await self._client().sadd(key, f"{self.replica}:{sid}")
                await self._client().expire(key, self.ttl)
            except Exception as error:
                self._unavailable(error)

    async def leave(self, conversation: str, sid: str) -> None:
        sockets = self._local.get(conversation)
        if sockets is not None:
            sockets.discard(sid)
            if not sockets:
                del self._local[conversation]
        if self.redis_url:
            try:
                await self._client().srem(self._key(conversation), f"{self.replica}:{sid}")
            except Exception as error:
                self._unavailable(error)

    async def is_open(self, conversation: str) -> bool:
        """Whether a socket of this conversation is connected to this replica (or, with Redis, to any)."""
        if self._local.get(conversation):
            return True
        if not self.redis_url:
            return False
        try:
            return int(await self._client().scard(self._key(conversation))) > 0
        except Exception as error:
            self._unavailable(error)
            return False

    async def close(self) -> None:
        for client in list(self._clients.values()):
            try:
                await client.close()
            except Exception:
                pass
        self._clients.clear()


def presence_from_env(env: Mapping[str, str]) -> Presence:
    return Presence((env.get("REDIS_URL") or "").strip())


def redis_url(env: Mapping[str, str]) -> Optional[str]:
    return (env.get("REDIS_URL") or "").strip() or None
