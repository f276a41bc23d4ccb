"""Run by test_lock_store.py inside the Rasa environment: Rasa's RedisLockStore races, ours does not.

Usage: python -m tests.replicas.lock_probe <redis url> <key prefix (alphanumeric)> <endpoints.yml>
Prints one JSON line of findings; the test checks them.
"""
from __future__ import annotations

import asyncio
import json
import sys
import threading
from urllib.parse import urlsplit

from rasa.core.lock_store import LockStore, RedisLockStore
from rasa.utils.endpoints import read_endpoint_config

CONVERSATION = "probe-visitor"


def stock_race(url: str, prefix: str) -> list[int]:
    """Two replicas interleave Rasa's issue_ticket (read, change, write): both get the same ticket."""
    parts = urlsplit(url)
    first, second = (RedisLockStore(host=parts.hostname or "localhost", port=parts.port or 6379,
                                    db=int(parts.path.lstrip("/") or 0), key_prefix=prefix + "stock")
                     for _ in range(2))
    first.delete_lock(CONVERSATION)
    lock_a, lock_b = first.get_or_create_lock(CONVERSATION), second.get_or_create_lock(CONVERSATION)   # both read
    tickets = [lock_a.issue_ticket(60), lock_b.issue_ticket(60)]                                        # both change
    first.save_lock(lock_a)
    second.save_lock(lock_b)                                                                            # both write
    served = [t for t, store in zip(tickets, (first, second)) if not store.get_lock(CONVERSATION).is_locked(t)]
    first.delete_lock(CONVERSATION)
    return served


def atomic_race(endpoints: str) -> dict[str, int]:
    """Two replicas (threads with their own loop and store, from endpoints.yml) race for one conversation."""
    state = {"inside": 0, "most": 0, "value": 0, "kind": ""}
    guard = threading.Lock()

    async def message(store: LockStore) -> None:
        async with store.lock(CONVERSATION, lock_lifetime=30, wait_time_in_seconds=0.002):
            with guard:
                state["inside"] += 1
                state["most"] = max(state["most"], state["inside"])
            value = state["value"]
            await asyncio.sleep(0.001)
            state["value"] = value + 1
            with guard:
                state["inside"] -= 1

    def replica() -> None:
        store = LockStore.create(read_endpoint_config(endpoints, "lock_store"))
        state["kind"] = type(store).__name__

        async def main() -> None:
            await asyncio.gather(*(message(store) for _ in range(20)))
            await store.tickets.close()

        asyncio.run(main())

    threads = [threading.Thread(target=replica) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return state


def redis_down() -> dict[str, object]:
    """No Redis: by default the replica's own lock still serialises its messages; `refuse` refuses them."""
    from rasa.core.lock_store import LockError

    from bot.replicas.lock_store import AtomicRedisLockStore

    state = {"inside": 0, "most": 0, "done": 0}

    async def message(store: LockStore) -> None:
        async with store.lock(CONVERSATION, lock_lifetime=30, wait_time_in_seconds=0.002):
            state["inside"] += 1
            state["most"] = max(state["most"], state["inside"])
            await asyncio.sleep(0.01)
            state["inside"] -= 1
            state["done"] += 1

    async def main() -> bool:
        down = "redis://127.0.0.1:1/0"                     # nothing listens there
        replica = AtomicRedisLockStore(url=down)
        await asyncio.gather(*(message(replica) for _ in range(6)))
        try:
            await message(AtomicRedisLockStore(url=down, redis_down="refuse"))
        except LockError:
            return True
        return False

    refused = asyncio.run(main())
    return {"down_most": state["most"], "down_done": state["done"], "down_refused": refused}


if __name__ == "__main__":
    redis_url, key_prefix, endpoints_file = sys.argv[1:4]
    print(json.dumps({"stock_served": stock_race(redis_url, key_prefix), **atomic_race(endpoints_file),
                      **redis_down()}))
