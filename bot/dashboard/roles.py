"""Roles and what each may do, and the access rule of every dashboard route.

Two roles: the **owner** may do everything; **staff** work with leads (view,
status, notes, follow-ups, queues, overview, audit log) but cannot export,
erase or manage accounts. The guard in :mod:`bot.dashboard.auth` looks up every
request's route in :data:`ROUTE_ACCESS`; a route missing from it is refused
(fail closed), and a test checks that every route is listed.
"""
from __future__ import annotations

import enum
from typing import Union


class Role(str, enum.Enum):
    owner = "owner"
    staff = "staff"

    @property
    def label(self) -> str:
        return {"owner": "Owner", "staff": "Staff"}[self.value]

    @classmethod
    def parse(cls, value: str) -> "Role | None":
        try:
            return cls(value)
        except ValueError:
            return None


class Permission(str, enum.Enum):
    view = "view"                       # leads, queues, overview, audit log, and the everyday changes
    export = "export"                   # the CSV of leads
    erase = "erase"                     # erase a lead and its conversation
    manage_accounts = "manage_accounts"


class Stage(str, enum.Enum):
    """Access that needs no permission."""

    public = "public"                   # anybody (sign-in page, static files)
    pending = "pending"                 # between the password and the second-factor code
    any_session = "any_session"         # signed in, even while a forced step (new password, TOTP) is due


Access = Union[Permission, Stage]

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.owner: frozenset(Permission),
    Role.staff: frozenset({Permission.view}),
}

ROUTE_ACCESS: dict[str, Access] = {
    "static": Stage.public,
    "login": Stage.public,
    "login_code": Stage.pending,
    "logout": Stage.any_session,
    "password": Stage.any_session,
    "totp_setup": Stage.any_session,
    "logout_all": Permission.view,
    "account": Permission.view,
    "recovery_codes": Permission.view,
    "leads": Permission.view,
    "lead": Permission.view,
    "lead_status": Permission.view,
    "lead_note": Permission.view,
    "lead_follow_up": Permission.view,
    "followup_cancel": Permission.view,
    "lead_session_done": Permission.view,
    "followup_add": Permission.view,
    "followup_move": Permission.view,
    "followups_week": Permission.view,
    "queues": Permission.view,
    "handoff_done": Permission.view,
    "booking_decision": Permission.view,
    "calendar": Permission.view,
    "overview": Permission.view,
    "audit": Permission.view,
    "export": Permission.export,
    "lead_erase": Permission.erase,
    "accounts": Permission.manage_accounts,
    "account_role": Permission.manage_accounts,
    "account_reset_password": Permission.manage_accounts,
    "account_reset_totp": Permission.manage_accounts,
    "account_delete": Permission.manage_accounts,
    # the live conversations and calendar files (bot/dashboard/live_routes.py)
    "conversations": Permission.view,
    "conversation": Permission.view,
    "conversation_takeover": Permission.view,
    "conversation_reply": Permission.view,
    "conversation_handback": Permission.view,
    "conversation_stream": Permission.view,
    "live_stream": Permission.view,
    "booking_ics": Permission.view,
}


def can(role: str, permission: Union[Permission, str]) -> bool:
    parsed = Role.parse(role)
    try:
        wanted = Permission(permission)
    except ValueError:
        return False
    return parsed is not None and wanted in PERMISSIONS[parsed]
