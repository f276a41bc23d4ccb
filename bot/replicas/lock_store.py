"""Rasa's lock store on :class:`~bot.replicas.tickets.RedisTickets`: atomic acquire, shared by every replica.

Rasa environment. Named in endpoints.yml (the launcher writes it when ``REDIS_URL`` is set)::

    lock_store:
      type: bot.replicas.lock_store.AtomicRedisLockStore
      url: redis://redis:6379/0        # the password, if any, in the URL (var/endpoints.yml is owner-only)
      key_prefix: studio               # optional; keys are studio:lock:{<conversation>}:…
      lock_wait: 0.05                  # optional; seconds between attempts while another message is served
      redis_down: local                # optional; or `refuse` (see below)

Rasa takes the lock with :meth:`LockStore.lock` everywhere (messages, the HTTP
API, our relay): that method is replaced here, so the read-modify-write steps
of Rasa's base class (``issue_ticket``, ``save_lock``, ``finish_serving``) are
never used. It keeps Rasa's order (first come, first served), ticket lifetime
(``TICKET_LOCK_LIFETIME``, 60 s by default) and error (:class:`LockError` when a
ticket expires while waiting). Rasa polls a waiting ticket once a second by
default; here at most every ``lock_wait`` seconds, so a visitor's second message
is not held up by a second.

When Redis cannot be reached the assistant degrades, and says so in the log
(once a minute): with ``redis_down: local`` (the default) each replica goes on
with its own in-process lock — messages keep being answered, and one replica
never handles a conversation twice at once, but two replicas could if the same
visitor's messages reach both during the outage (sticky sessions make that rare);
with ``redis_down: refuse`` the message is refused with :class:`LockError`.
"""
from __future__ import annotations

import logging
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from bot.replicas.tickets import DEFAULT_PREFIX, RedisTickets, TicketExpired

logger = logging.getLogger(__name__)
DEFAULT_LOCK_WAIT = 0.05
LOCAL, REFUSE = "local", "refuse"


class AtomicRedisLockStore(LockStore):
    """A ticket lock per conversation in Redis whose every step is one Lua script."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, url: Optional[str] = None,
                 key_prefix: Optional[str] = None, lock_wait: Optional[float] = None,
                 redis_down: Optional[str] = None) -> None:
        kwargs: dict[str, Any] = dict(endpoint_config.kwargs) if endpoint_config is not None else {}
        url = url or (endpoint_config.url if endpoint_config is not None else None) or "redis://localhost:6379/0"
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("lock_store url must be a redis:// or rediss:// URL")
        prefix = key_prefix if key_prefix is not None else str(kwargs.get("key_prefix") or "")
        self.tickets = RedisTickets(url, f"{prefix}:lock:" if prefix.isalnum() else DEFAULT_PREFIX, socket_timeout=2)
        self.lock_wait = float(lock_wait if lock_wait is not None else kwargs.get("lock_wait") or DEFAULT_LOCK_WAIT)
        self.redis_down = str(redis_down or kwargs.get("redis_down") or LOCAL)
        if self.redis_down not in (LOCAL, REFUSE):
            raise ValueError("lock_store redis_down must be 'local' or 'refuse'")
        self.local = InMemoryLockStore()
        self._warned_at = -1e9
        super().__init__()

    def _redis_down(self, error: Exception) -> None:
        now = time.monotonic()
        if now - self._warned_at > 60:
            self._warned_at = now
            logger.warning("lock store: Redis unavailable (%s); %s", type(error).__name__,
                           "this replica's own lock until it is back" if self.redis_down == LOCAL
                           else "messages are refused until it is back")
        if self.redis_down == REFUSE:
            raise LockError(f"Could not reach the lock store ({type(error).__name__}).") from error

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        """Hold the conversation's lock; tickets are served in the order they were issued."""
        poll = min(wait_time_in_seconds, self.lock_wait)
        ticket: Optional[int] = None
        try:
            ticket = await self.tickets.issue(conversation_id, lock_lifetime)
        except Exception as error:          # Redis unreachable: this replica's own lock, or refuse
            self._redis_down(error)
        if ticket is None:
            async with self.local.lock(conversation_id, lock_lifetime, poll) as lock:
                yield lock
            return
        try:
            shared = True
            try:
                await self.tickets.acquire(conversation_id, ticket, poll=poll)
            except TicketExpired:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            except Exception as error:      # Redis went away while waiting
                self._redis_down(error)
                shared = False
            if shared:
                yield TicketLock(conversation_id)
            else:
                async with self.local.lock(conversation_id, lock_lifetime, poll) as lock:
                    yield lock
        finally:
            try:
                await self.tickets.release(conversation_id, ticket)
            except Exception as error:      # the ticket expires by itself after its lifetime
                logger.warning("lock store: releasing a ticket failed (%s)", type(error).__name__)

    # Rasa's read-modify-write steps: never used, and refused so that nothing uses them by mistake.
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        raise NotImplementedError("AtomicRedisLockStore is used only through lock()")

    def delete_lock(self, conversation_id: Text) -> None:
        raise NotImplementedError("AtomicRedisLockStore is used only through lock()")

    def save_lock(self, lock: TicketLock) -> None:
        raise NotImplementedError("AtomicRedisLockStore is used only through lock()")
