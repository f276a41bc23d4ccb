"""One process per container: ``python -m bot.replicas.serve rasa|actions|web|migrate``.

The images in ``deploy/`` start one process each (a container runtime, not the
launcher, supervises and restarts them), configured only by the environment, as
``make run`` is: the Rasa server gets the same var/endpoints.yml and
var/credentials.yml the launcher writes (tracker store from
``TRACKER_STORE_URL``, the atomic Redis lock store from ``REDIS_URL``, the
channels whose credentials are set). ``migrate`` brings the leads store's schema
up to date and exits (a one-shot job before the web and action servers start).

Ports: ``RASA_PORT`` (5005), ``ACTIONS_PORT`` (5055), ``WEB_PORT`` (8080);
interfaces: ``RASA_HOST``, ``ACTIONS_HOST``, ``WEB_HOST`` (containers set
0.0.0.0). The model is ``MODEL_PATH`` or the one baked into the image.
Runs under either environment's Python (standard library and PyYAML).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Mapping, Optional

from bot.launcher.paths import APP_BIN, MODELS
from bot.launcher.private import UMASK, private_dir
from bot.launcher.stack import Ports, Stack
from bot.settings import REPO_ROOT

ROLES = ("rasa", "actions", "web", "migrate")


def baked_model(env: Mapping[str, str]) -> Optional[Path]:
    """``MODEL_PATH``, else the newest model in bot/models (an image carries exactly one)."""
    if env.get("MODEL_PATH"):
        return Path(env["MODEL_PATH"])
    models = sorted(MODELS.glob("model-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def stack_from_env(env: Mapping[str, str]) -> Stack:
    ports = Ports(rasa=int(env.get("RASA_PORT", 5005)), actions=int(env.get("ACTIONS_PORT", 5055)),
                  web=int(env.get("WEB_PORT", 8080)))
    var_dir = Path(env.get("VAR_DIR") or REPO_ROOT / "var")
    return Stack(env=dict(env), ports=ports, var_dir=var_dir, model=baked_model(env), with_web=False)


def command_for(role: str, stack: Stack) -> list[str]:
    """The command line of ``role``; for ``rasa`` this also writes var/endpoints.yml and var/credentials.yml."""
    if role == "rasa":
        return next(s for s in stack.build() if s.name == "rasa").command
    if role == "actions":
        return [str(APP_BIN / "python"), "-m", "bot.actions", "--host", stack.env.get("ACTIONS_HOST", "127.0.0.1"),
                "--port", str(stack.ports.actions)]
    if role == "web":
        return [str(APP_BIN / "python"), "-m", "bot.web"]
    raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")


def migrate(database_url: str) -> None:
    """The leads store's schema up to date (several pods may start at once: upgrade takes a lock)."""
    from bot.store.migrate import upgrade

    upgrade(database_url)


def main(argv: list[str]) -> int:
    role = argv[0] if argv else ""
    if role not in ROLES:
        print(f"usage: python -m bot.replicas.serve {{{'|'.join(ROLES)}}}", file=sys.stderr)
        return 2
    os.umask(UMASK)
    stack = stack_from_env(os.environ)
    private_dir(stack.var_dir)
    if role == "migrate":
        migrate(stack.env.get("DATABASE_URL") or f"sqlite:///{stack.var_dir / 'leads.db'}")
        return 0
    command = command_for(role, stack)
    env = stack._process_env()
    os.chdir(REPO_ROOT)
    os.execve(command[0], command, env)     # the container's main process: signals reach it directly


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
