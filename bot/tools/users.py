"""Dashboard accounts: ``python -m bot.tools.users create|reset|delete|list [USERNAME]``.

The password is asked twice (not echoed), or read from the first line of
stdin with ``--password-stdin`` (for scripts). Passwords are stored as
argon2 hashes only. Resetting a password signs that account out everywhere.
"""
from __future__ import annotations

import argparse
import getpass
import re
import sys
from typing import Optional, Sequence, TextIO

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.dashboard.passwords import hash_password, password_problem
from bot.settings import load_settings
from bot.store.db import create_sync_engine_for
from bot.store.migrate import upgrade
from bot.store.models import User

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,99}$")


class UsageError(Exception):
    pass


def normalise(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise UsageError("A username is 2-100 characters: letters, digits, and . _ @ - (no spaces).")
    return name


def read_password(from_stdin: bool, stdin: Optional[TextIO] = None) -> str:
    if from_stdin:
        password = (stdin or sys.stdin).readline().rstrip("\r\n")
    else:
        password = getpass.getpass("New password: ")
        if getpass.getpass("Repeat it: ") != password:
            raise UsageError("The two passwords differ.")
    problem = password_problem(password)
    if problem:
        raise UsageError(problem)
    return password


def create(engine: Engine, username: str, password: str) -> None:
    with Session(engine) as session, session.begin():
        if session.scalar(select(User).where(User.username == username)) is not None:
            raise UsageError(f"{username} already exists: use 'reset' to change the password.")
        session.add(User(username=username, password_hash=hash_password(password)))


def reset(engine: Engine, username: str, password: str) -> None:
    with Session(engine) as session, session.begin():
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise UsageError(f"There is no account {username}.")
        user.password_hash = hash_password(password)


def delete(engine: Engine, username: str) -> None:
    with Session(engine) as session, session.begin():
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise UsageError(f"There is no account {username}.")
        session.delete(user)


def list_users(engine: Engine, out: Optional[TextIO] = None) -> None:
    out = out or sys.stdout
    with Session(engine) as session:
        users = session.scalars(select(User).order_by(User.username)).all()
    if not users:
        print("No accounts yet. Create one with: python -m bot.tools.users create USERNAME", file=out)
    for user in users:
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if user.last_login_at else "never"
        print(f"{user.username}\tcreated {user.created_at:%Y-%m-%d}\tlast sign-in {last}", file=out)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot.tools.users", description="Manage dashboard accounts.")
    p.add_argument("command", choices=["create", "reset", "delete", "list"])
    p.add_argument("username", nargs="?")
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    return p


def main(argv: Optional[Sequence[str]] = None, database_url: Optional[str] = None) -> int:
    args = parser().parse_args(argv)
    url = database_url or load_settings().database_url
    try:
        if args.command != "list" and not args.username:
            raise UsageError(f"'{args.command}' needs a USERNAME.")
        upgrade(url)
        engine = create_sync_engine_for(url)
        try:
            if args.command == "list":
                list_users(engine)
            elif args.command == "delete":
                delete(engine, normalise(args.username))
                print(f"Deleted {normalise(args.username)}.")
            else:
                name = normalise(args.username)
                password = read_password(args.password_stdin)
                (create if args.command == "create" else reset)(engine, name, password)
                print(f"{'Created' if args.command == 'create' else 'Reset the password of'} {name}.")
        finally:
            engine.dispose()
    except UsageError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
