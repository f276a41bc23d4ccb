"""Run the whole assistant: ``python -m bot.launcher`` (``make run`` sets up first).

Starts the action server, the Rasa server and the web app, prints where they
are once ready, and stops them all on Ctrl-C or when one of them dies.
"""
from __future__ import annotations

import os
import secrets
import signal
import sys
import time
from pathlib import Path

from dotenv import load_dotenv

from bot.launcher.stack import Ports, Stack
from bot.settings import REPO_ROOT, load_settings
from bot.store.migrate import upgrade
from bot.tools.first_account import ensure_first_account


def rest_token(var_dir: Path) -> str:
    """The REST channel's bearer token on a laptop: made once, kept owner-only in var/rest-token."""
    path = var_dir / "rest-token"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(32))
    return path.read_text().strip()


def main() -> int:
    load_dotenv(REPO_ROOT / ".env")
    env = dict(os.environ)
    env.setdefault("REST_CHANNEL_TOKEN", rest_token(REPO_ROOT / "var"))
    ports = Ports(rasa=int(env.get("RASA_PORT", 5005)), actions=int(env.get("ACTIONS_PORT", 5055)),
                  web=int(env.get("WEB_PORT", 8080)))
    stack = Stack(env=env, ports=ports)
    settings = load_settings(environ=env)
    upgrade(settings.database_url)
    first = ensure_first_account(settings, stack.var_dir)
    stopping = False

    def request_stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    print("Starting the action server, the Rasa server and the web app…", flush=True)
    stack.start()
    try:
        seconds = stack.wait_ready()
        print(f"\nReady in {seconds:.0f} s.\n"
              f"  Chat (REST):      http://localhost:{ports.rasa}/webhooks/rest/webhook "
              "(Authorization: Bearer $(cat var/rest-token))\n"
              f"  Chat (socket.io): http://localhost:{ports.rasa}/socket.io\n"
              f"  Demo site:        http://localhost:{ports.web}/demo\n"
              f"  Dashboard:        http://localhost:{ports.web}/dashboard/\n"
              f"  Action server:    http://127.0.0.1:{ports.actions} (private)\n"
              "Press Ctrl-C to stop.", flush=True)
        if first is not None:
            print(f"\nA first dashboard account was created: user {first[0]!r}, password {first[1]!r}\n"
                  f"(also in var/initial-dashboard-password.txt; change it with "
                  f"`python -m bot.tools.users reset {first[0]}`).", flush=True)
        while not stopping:
            dead = stack.dead()
            if dead is not None:
                print(f"{dead.name} stopped unexpectedly (exit code {dead.process.returncode}); stopping everything.",
                      file=sys.stderr)
                return 1
            time.sleep(1)
        return 0
    except (RuntimeError, TimeoutError) as error:
        print(f"Start-up failed: {error}", file=sys.stderr)
        return 1
    finally:
        print("Stopping…", flush=True)
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
