"""Dashboard accounts: ``python -m bot.tools.users COMMAND [USERNAME] [...]``.

Commands: ``create``, ``reset`` (password), ``role`` (owner or staff),
``reset-2fa`` (a lost phone: the account sets up sign-in codes again at its
next sign-in), ``delete``, ``list``.

The password is asked twice (not echoed), or read from the first line of
stdin with ``--password-stdin`` (for scripts). Passwords are stored as
argon2 hashes only. ``--temporary`` makes the account choose its own password
at its next sign-in (use it when you set a password for someone else).
Resetting a password or the second factor signs that account out everywhere.
Every change is written to the dashboard's audit log as "(command line)".

Roles: an **owner** can do everything; **staff** cannot export, erase or
manage accounts. ``create`` makes an owner when there is none yet, staff
otherwise, unless ``--role`` says.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from typing import Optional, Sequence, TextIO

from sqlalchemy import delete as sql_delete
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.dashboard import audit
from bot.dashboard.passwords import hash_password, normalise_username, password_problem, username_problem
from bot.dashboard.roles import Role
from bot.settings import load_settings
from bot.store.db import create_sync_engine_for
from bot.store.migrate import upgrade
from bot.store.models import RecoveryCode, User, utcnow

ACTOR = "(command line)"


class UsageError(Exception):
    pass


def normalise(username: str) -> str:
    name = normalise_username(username)
    problem = username_problem(name)
    if problem:
        raise UsageError(problem)
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


def _find(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UsageError(f"There is no account {username}.")
    return user


def _owners(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(User.role == Role.owner.value)) or 0


def create(engine: Engine, username: str, password: str, role: Optional[str] = None,
           temporary: bool = False) -> str:
    """Create the account; returns its role."""
    with Session(engine) as session, session.begin():
        if session.scalar(select(User).where(User.username == username)) is not None:
            raise UsageError(f"{username} already exists: use 'reset' to change the password.")
        role = role or (Role.owner.value if _owners(session) == 0 else Role.staff.value)
        session.add(User(username=username, password_hash=hash_password(password), role=role,
                         must_change_password=temporary))
        audit.add(session, ACTOR, "account_create", details=f"{username} ({role})")
    return role


def reset(engine: Engine, username: str, password: str, temporary: bool = False) -> None:
    with Session(engine) as session, session.begin():
        user = _find(session, username)
        user.password_hash = hash_password(password)
        user.must_change_password = temporary
        audit.add(session, ACTOR, "password_reset", details=username)


def set_role(engine: Engine, username: str, role: str) -> None:
    with Session(engine) as session, session.begin():
        user = _find(session, username)
        if user.role == role:
            return
        if user.role == Role.owner.value and _owners(session) <= 1:
            raise UsageError("There must be at least one owner: make another account an owner first.")
        audit.add(session, ACTOR, "role", details=f"{username}: {user.role} → {role}")
        user.role = role


def reset_totp(engine: Engine, username: str) -> None:
    with Session(engine) as session, session.begin():
        user = _find(session, username)
        user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
        user.sessions_valid_after = utcnow()
        session.execute(sql_delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
        audit.add(session, ACTOR, "totp_reset", details=username)


def delete(engine: Engine, username: str) -> None:
    with Session(engine) as session, session.begin():
        user = _find(session, username)
        if user.role == Role.owner.value and _owners(session) <= 1 and \
                (session.scalar(select(func.count()).select_from(User)) or 0) > 1:
            raise UsageError("There must be at least one owner: make another account an owner first.")
        session.delete(user)
        audit.add(session, ACTOR, "account_delete", details=username)


def list_users(engine: Engine, out: Optional[TextIO] = None) -> None:
    out = out or sys.stdout
    with Session(engine) as session:
        users = session.scalars(select(User).order_by(User.username)).all()
    if not users:
        print("No accounts yet. Create one with: python -m bot.tools.users create USERNAME", file=out)
    for user in users:
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if user.last_login_at else "never"
        second = "sign-in codes on" if user.totp_secret else "sign-in codes not set up"
        pending = "\tmust choose a password" if user.must_change_password else ""
        print(f"{user.username}\t{user.role}\tcreated {user.created_at:%Y-%m-%d}\tlast sign-in {last}\t{second}"
              f"{pending}", file=out)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot.tools.users", description="Manage dashboard accounts.")
    p.add_argument("command", choices=["create", "reset", "role", "reset-2fa", "delete", "list"])
    p.add_argument("username", nargs="?")
    p.add_argument("new_role", nargs="?", choices=[r.value for r in Role], help="for 'role': owner or staff")
    p.add_argument("--role", choices=[r.value for r in Role], help="for 'create' (default: owner if none yet)")
    p.add_argument("--temporary", action="store_true",
                   help="the account must choose its own password at its next sign-in")
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    return p


def _run(engine: Engine, args: argparse.Namespace) -> str:
    """Carry out one command; returns the line to print."""
    if args.command == "list":
        list_users(engine)
        return ""
    name = normalise(args.username)
    if args.command == "delete":
        delete(engine, name)
        return f"Deleted {name}."
    if args.command == "reset-2fa":
        reset_totp(engine, name)
        return f"{name} was signed out and sets up sign-in codes again at the next sign-in."
    if args.command == "role":
        if not args.new_role:
            raise UsageError("'role' needs USERNAME and owner or staff.")
        set_role(engine, name, args.new_role)
        return f"{name} is now {args.new_role}."
    password = read_password(args.password_stdin)
    then = " They choose their own password at their next sign-in." if args.temporary else ""
    if args.command == "create":
        role = create(engine, name, password, args.role, args.temporary)
        return f"Created {name} ({role}).{then}"
    reset(engine, name, password, args.temporary)
    return f"Reset the password of {name}.{then}"


def main(argv: Optional[Sequence[str]] = None, database_url: Optional[str] = None) -> int:
    args = parser().parse_args(argv)
    url = database_url or load_settings().database_url
    try:
        if args.command != "list" and not args.username:
            raise UsageError(f"'{args.command}' needs a USERNAME.")
        upgrade(url)
        engine = create_sync_engine_for(url)
        try:
            message = _run(engine, args)
        finally:
            engine.dispose()
    except UsageError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    if message:
        print(message)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
