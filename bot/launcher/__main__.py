"""Run the whole assistant: ``python -m bot.launcher`` (``make run`` sets up first).

Starts the action server, the Rasa server and the web app, prints where they
are once ready, and stops them all on Ctrl-C or when one of them dies.
"""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from dotenv import load_dotenv

from bot.launcher.network import bind_host
from bot.launcher.private import UMASK, private_dir, stored_secret, tighten_sqlite
from bot.launcher.stack import Ports, Stack
from bot.settings import REPO_ROOT, load_settings
from bot.store.migrate import upgrade
from bot.tools.first_account import ensure_first_account, show_once


def rest_token(var_dir: Path) -> str:
    """The REST channel's bearer token on a laptop: made once, kept owner-only in var/rest-token."""
    return stored_secret(var_dir, "rest-token")


def main() -> int:
    os.umask(UMASK)                        # databases, secrets and logs made from here on are owner-only
    load_dotenv(REPO_ROOT / ".env")
    private_dir(REPO_ROOT / "var")
    env = dict(os.environ)
    env.setdefault("REST_CHANNEL_TOKEN", rest_token(REPO_ROOT / "var"))
    ports = Ports(rasa=int(env.get("RASA_PORT", 5005)), actions=int(env.get("ACTIONS_PORT", 5055)),
                  web=int(env.get("WEB_PORT", 8080)))
    stack = Stack(env=env, ports=ports)
    settings = load_settings(environ=env)
    tighten_sqlite([settings.database_url, settings.tracker_store_url])     # files an older version left 0644
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
        rasa_host = bind_host(env, "RASA_HOST")
        print(f"\nReady in {seconds:.0f} s. The Rasa server listens on {rasa_host}"
              f"{' (this machine only: RASA_HOST opens it)' if rasa_host == '127.0.0.1' else ''}.\n"
              f"  Chat (REST):      http://localhost:{ports.rasa}/webhooks/rest/webhook "
              "(Authorization: Bearer $(cat var/rest-token))\n"
              f"  Chat (socket.io): http://localhost:{ports.rasa}/socket.io\n"
              f"  Demo site:        http://localhost:{ports.web}/demo\n"
              f"  Dashboard:        http://localhost:{ports.web}/dashboard/\n"
              f"  Action server:    http://{bind_host(env, 'ACTIONS_HOST')}:{ports.actions} "
              "(Rasa's calls only: bearer token in var/endpoints.yml)\n"
              "Press Ctrl-C to stop.", flush=True)
        if first is not None:      # the password goes to the terminal (or an owner-only file), never to stdout
            print(show_once(first, stack.var_dir), flush=True)
        while not stopping:
            dead = stack.dead()
            if dead is not None:
                assert dead.process is not None      # dead() picks only started services
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
