"""Talk to a running assistant from the shell, and look at what it stored: for exploring and blind play.

    python -m bench.chat say SENDER "message"      # prints the replies, buttons numbered
    python -m bench.chat state SENDER              # the lead, answers, bookings and handoffs stored

The Rasa URL is ``RASA_URL`` (default http://127.0.0.1:5005), its REST token ``REST_CHANNEL_TOKEN``
(default var/rest-token, as ``make run`` makes it); the leads database is
``DATABASE_URL`` (default the laptop one, var/leads.db), as ``make run`` uses them.
"""
from __future__ import annotations

import json
import os
import sys
import urllib.request
from typing import Any

from sqlalchemy import text

from bot.settings import REPO_ROOT, load_settings
from bot.store.db import create_sync_engine_for


def say(sender: str, message: str) -> list[dict[str, Any]]:
    url = os.environ.get("RASA_URL", "http://127.0.0.1:5005") + "/webhooks/rest/webhook"
    token_file = REPO_ROOT / "var" / "rest-token"
    token = os.environ.get("REST_CHANNEL_TOKEN") or (token_file.read_text().strip() if token_file.exists() else "")
    body = json.dumps({"sender": sender, "message": message}).encode()
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(url, data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return list(json.loads(response.read() or b"[]"))


def show_replies(replies: list[dict[str, Any]]) -> None:
    for reply in replies:
        print(f"BOT: {reply.get('text') or ''}")
        for i, button in enumerate(reply.get("buttons") or [], 1):
            print(f"   [{i}] {button.get('title')}  (sends: {button.get('payload')})")


def state(sender: str) -> dict[str, Any]:
    engine = create_sync_engine_for(load_settings().database_url)
    found: dict[str, Any] = {}
    with engine.connect() as conn:
        def rows(sql: str, **params: Any) -> list[dict[str, Any]]:
            return [{k: str(v) if v is not None else None for k, v in dict(r._mapping).items()}
                    for r in conn.execute(text(sql), params)]
        found["leads"] = rows("SELECT * FROM leads WHERE conversation_id = :c", c=sender)
        for lead in found["leads"]:
            lead["answers"] = {r["key"]: r["answer"] for r in rows(
                "SELECT key, answer FROM intake_answers WHERE lead_id = :l", l=lead["id"])}
        found["bookings"] = rows("SELECT * FROM bookings WHERE conversation_id = :c", c=sender)
        found["handoffs"] = rows("SELECT * FROM handoffs WHERE conversation_id = :c", c=sender)
        found["consent"] = rows("SELECT granted, channel, created_at FROM consent_records "
                                "WHERE conversation_id = :c", c=sender)
    engine.dispose()
    return found


def main(argv: list[str]) -> None:
    if len(argv) >= 3 and argv[0] == "say":
        show_replies(say(argv[1], " ".join(argv[2:])))
    elif len(argv) == 2 and argv[0] == "state":
        print(json.dumps(state(argv[1]), indent=1, default=str))
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
