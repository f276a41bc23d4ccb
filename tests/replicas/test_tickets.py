"""The conversation lock shared by replicas (bot/replicas/tickets.py), raced against the real Redis.

Two "replicas" are two threads, each with its own event loop and its own Redis connection, as two Rasa
processes would be; the critical section reads, yields and writes a shared value, so any overlap shows.
"""
from __future__ import annotations

import asyncio
import threading
import time

from bot.replicas.tickets import ACQUIRED, EXPIRED, WAITING, RedisTickets, TicketExpired

CONVERSATION = "race-visitor"


class Section:
    """A critical section that notices when two holders are inside at once."""

    def __init__(self) -> None:
        self.guard = threading.Lock()
        self.inside = 0
        self.most_inside = 0
        self.value = 0

    def enter(self) -> None:
        with self.guard:
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)

    def leave(self) -> None:
        with self.guard:
            self.inside -= 1


def run_replica(url: str, prefix: str, section: Section, messages: int, served: list[int]) -> None:
    async def one_message(tickets: RedisTickets) -> None:
        ticket = await tickets.issue(CONVERSATION, lifetime=30)
        try:
            await tickets.acquire(CONVERSATION, ticket, poll=0.002)
            section.enter()
            try:
                value = section.value                  # read, wait, write: lost updates if two hold the lock
                await asyncio.sleep(0.001)
                section.value = value + 1
                served.append(ticket)
            finally:
                section.leave()
        finally:
            await tickets.release(CONVERSATION, ticket)

    async def main() -> None:
        tickets = RedisTickets(url, prefix)
        try:
            await asyncio.gather(*(one_message(tickets) for _ in range(messages)))
        finally:
            await tickets.close()

    asyncio.run(main())


def test_two_replicas_racing_for_one_conversation_never_hold_it_together(redis_url: str, prefix: str) -> None:
    section, served = Section(), []
    replicas = [threading.Thread(target=run_replica, args=(redis_url, prefix, section, 25, served))
                for _ in range(2)]
    for replica in replicas:
        replica.start()
    for replica in replicas:
        replica.join(timeout=60)
    assert section.most_inside == 1
    assert section.value == 50                          # no update lost
    assert sorted(served) == list(range(1, 51))         # every ticket unique…
    assert served == sorted(served)                     # …and served in the order issued


async def test_tickets_issued_at_the_same_moment_by_two_replicas_are_unique(redis_url: str, prefix: str) -> None:
    first, second = RedisTickets(redis_url, prefix), RedisTickets(redis_url, prefix)
    try:
        numbers = await asyncio.gather(*(replica.issue(CONVERSATION, 30) for replica in (first, second) * 100))
        assert len(set(numbers)) == 200
        assert await first.try_acquire(CONVERSATION, min(numbers)) == ACQUIRED
        assert await second.try_acquire(CONVERSATION, max(numbers)) == WAITING
    finally:
        await first.close()
        await second.close()


async def test_a_dead_replicas_ticket_expires_and_the_conversation_goes_on(redis_url: str, prefix: str) -> None:
    dead, alive = RedisTickets(redis_url, prefix), RedisTickets(redis_url, prefix)
    try:
        held = await dead.issue(CONVERSATION, lifetime=0.4)
        await dead.acquire(CONVERSATION, held)            # …and the process dies without releasing
        mine = await alive.issue(CONVERSATION, lifetime=30)
        assert await alive.try_acquire(CONVERSATION, mine) == WAITING
        started = time.monotonic()
        await alive.acquire(CONVERSATION, mine, poll=0.02, timeout=5)
        assert 0.2 < time.monotonic() - started < 2
        assert await dead.try_acquire(CONVERSATION, held) == EXPIRED
        await alive.release(CONVERSATION, mine)
        assert await alive.waiting(CONVERSATION) == 0     # the last one out leaves no keys behind
        assert await alive.client().exists(*alive.keys(CONVERSATION)) == 0
    finally:
        await dead.close()
        await alive.close()


async def test_a_ticket_that_expires_while_waiting_is_an_error_not_a_lock(redis_url: str, prefix: str) -> None:
    tickets = RedisTickets(redis_url, prefix)
    try:
        first = await tickets.issue(CONVERSATION, lifetime=30)
        second = await tickets.issue(CONVERSATION, lifetime=0.2)
        try:
            await tickets.acquire(CONVERSATION, second, poll=0.02, timeout=5)
            raise AssertionError("acquired a lock someone else holds")
        except TicketExpired:
            pass
        await tickets.release(CONVERSATION, first)
    finally:
        await tickets.close()
