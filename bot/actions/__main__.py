"""The action server: ``python -m bot.actions [--port 5055]``.

Builds the runtime (settings, engines) once, then hands over to rasa-sdk.
"""
from __future__ import annotations

import argparse
import logging
import os

from rasa_sdk import endpoint

from bot.actions.runtime import build_runtime, set_runtime
from bot.store.migrate import upgrade


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTIONS_PORT", "5055")))
    args = parser.parse_args()
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    runtime = build_runtime()
    upgrade(runtime.settings.database_url)
    set_runtime(runtime)
    endpoint.run("bot.actions", port=args.port, auto_reload=False)


if __name__ == "__main__":
    main()
