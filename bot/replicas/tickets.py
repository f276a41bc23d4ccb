"""A ticket lock per conversation in Redis, each step atomic (one Lua script): no two replicas hold it at once.

Rasa processes a conversation's messages one at a time and in the order they
came, with a *ticket lock*: each message takes the next ticket, and the lowest
ticket still valid is served. Rasa's ``RedisLockStore`` keeps the whole lock as
one JSON value and changes it by reading it, changing it in Python and writing it
back; two replicas doing that at the same moment both take ticket 0 and both
process (RasaHQ/rasa#11256). Here every step is a Lua script, which Redis runs
alone:

* **issue** — drop expired tickets, ``INCR`` the conversation's counter, record the new ticket with its
  expiry time (Redis's own clock, so replicas' clocks need not agree);
* **try to acquire** — drop expired tickets; served when the ticket is the lowest one left, gone (an error
  for the caller) when it has expired;
* **release** — remove the ticket; the last one out deletes the keys.

A ticket expires ``lifetime`` seconds after it was issued, as in Rasa: a replica
that dies while holding the lock blocks its conversation for at most that long.

Only redis-py's asyncio client is used (``eval``), present in redis-py 4.6 (the
Rasa environment) and 8.x (the app environment), so the tests run it directly.
"""
from __future__ import annotations

import asyncio
from typing import Any, Optional

#: Redis keys: ``<prefix>{<conversation>}:tickets`` (hash ticket -> expiry in ms) and ``…:next`` (the counter)
DEFAULT_PREFIX = "studio:lock:"

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

_ISSUE = _NOW + """
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  if tonumber(entries[i + 1]) <= now then redis.call('HDEL', KEYS[1], entries[i]) end
end
local ticket = redis.call('INCR', KEYS[2])
local lifetime = tonumber(ARGV[1])
redis.call('HSET', KEYS[1], ticket, now + lifetime)
local keep = lifetime + 1000
for _, key in ipairs(KEYS) do
  if redis.call('PTTL', key) < keep then redis.call('PEXPIRE', key, keep) end
end
return ticket
"""

_ACQUIRE = _NOW + """
local mine = tonumber(ARGV[1])
local entries = redis.call('HGETALL', KEYS[1])
local lowest = nil
local present = false
for i = 1, #entries, 2 do
  local number = tonumber(entries[i])
  if tonumber(entries[i + 1]) <= now then
    redis.call('HDEL', KEYS[1], entries[i])
  else
    if number == mine then present = true end
    if lowest == nil or number < lowest then lowest = number end
  end
end
if not present then return -1 end
if lowest == mine then return 1 end
return 0
"""

_RELEASE = """
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
end
return 1
"""

ACQUIRED, WAITING, EXPIRED = 1, 0, -1


class TicketExpired(Exception):
    """The ticket expired before it was served (the conversation was locked for longer than its lifetime)."""


class RedisTickets:
    """The ticket locks of every conversation, in the Redis at ``url``; safe to share between replicas."""

    def __init__(self, url: str, prefix: str = DEFAULT_PREFIX, socket_timeout: float = 5.0) -> None:
        self.url, self.prefix, self.socket_timeout = url, prefix, socket_timeout
        self._clients: dict[int, Any] = {}

    def client(self) -> Any:
        loop_id = id(asyncio.get_running_loop())        # a redis.asyncio client belongs to one event loop
        client = self._clients.get(loop_id)
        if client is None:
            from redis import asyncio as redis_asyncio

            client = redis_asyncio.from_url(self.url, socket_timeout=self.socket_timeout,
                                            socket_connect_timeout=self.socket_timeout)
            self._clients[loop_id] = client
        return client

    def keys(self, conversation_id: str) -> tuple[str, str]:
        tag = f"{self.prefix}{{{conversation_id}}}"          # one hash slot for both keys (Redis Cluster)
        return f"{tag}:tickets", f"{tag}:next"

    async def issue(self, conversation_id: str, lifetime: float) -> int:
        """A new ticket, valid for ``lifetime`` seconds; served after every earlier ticket still valid."""
        return int(await self.client().eval(_ISSUE, 2, *self.keys(conversation_id),
                                            str(max(1, int(lifetime * 1000)))))

    async def try_acquire(self, conversation_id: str, ticket: int) -> int:
        """:data:`ACQUIRED`, :data:`WAITING` (an earlier ticket is being served) or :data:`EXPIRED`."""
        return int(await self.client().eval(_ACQUIRE, 2, *self.keys(conversation_id), str(ticket)))

    async def acquire(self, conversation_id: str, ticket: int, poll: float = 0.05,
                      timeout: Optional[float] = None) -> None:
        """Wait until ``ticket`` is served; raises :class:`TicketExpired` if it expires first."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while True:
            state = await self.try_acquire(conversation_id, ticket)
            if state == ACQUIRED:
                return
            if state == EXPIRED or (deadline is not None and loop.time() > deadline):
                raise TicketExpired(conversation_id)
            await asyncio.sleep(poll)

    async def release(self, conversation_id: str, ticket: int) -> None:
        await self.client().eval(_RELEASE, 2, *self.keys(conversation_id), str(ticket))

    async def waiting(self, conversation_id: str) -> int:
        """How many tickets (served or waiting, maybe expired) the conversation has."""
        return int(await self.client().hlen(self.keys(conversation_id)[0]))

    async def close(self) -> None:
        for client in list(self._clients.values()):
            try:
                await client.close()
            except Exception:       # closing a client whose loop is gone: nothing left to free
                pass
        self._clients.clear()
