"""The action server: ``python -m bot.actions [--host 127.0.0.1] [--port 5055]``.

Builds the runtime (settings, engines) once, then serves rasa-sdk's app,
locked down (:mod:`bot.hardening.action_server`): only calls carrying
``ACTION_SERVER_TOKEN`` are served (the launcher gives Rasa and this server the
same token), bodies must be JSON, no CORS. It listens on 127.0.0.1 unless
``ACTIONS_HOST`` says otherwise; logs go through the visitor-text filter.
"""
from __future__ import annotations

import argparse
import os
import sys

from rasa_sdk import endpoint, utils
from rasa_sdk.plugin import plugin_manager

from bot.actions.runtime import build_runtime, set_runtime
from bot.hardening.action_server import protect
from bot.hardening.logs import configure_logging
from bot.store.migrate import upgrade


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("ACTIONS_HOST") or "127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTIONS_PORT", "5055")))
    return parser.parse_args(argv)


def main() -> int:
    args = parse_args()
    configure_logging(os.environ.get("LOG_LEVEL", "INFO"))
    token = os.environ.get("ACTION_SERVER_TOKEN", "")
    if not token:
        print("ACTION_SERVER_TOKEN is not set: the action server refuses to start without it "
              "(`make run` sets it; Rasa must send the same token).", file=sys.stderr)
        return 2
    runtime = build_runtime()
    upgrade(runtime.settings.database_url)
    set_runtime(runtime)
    app = protect(endpoint.create_app("bot.actions", cors_origins=None, auto_reload=False), token)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    # no access log: with rasa-sdk's logging set-up its lines are empty
    app.run(args.host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
