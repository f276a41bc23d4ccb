"""URL map of the dashboard sub-application (mounted at /dashboard).

Who may use each route is in :data:`bot.dashboard.roles.ROUTE_ACCESS`, by name:
a route added here without a rule there is refused to everyone.
"""
from __future__ import annotations

from pathlib import Path

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.dashboard.views import account, accounts, audit_log, auth, lead, leads, overview, queues
from bot.dashboard.views import calendar_page
from bot.dashboard.live_routes import add_live_routes
from bot.followup import web as followups
from bot.followup.manage_web import add_followup_routes

STATIC_DIR = Path(__file__).resolve().parent / "static"
LEAD = "/leads/{lead_id:[0-9a-f]{32}}"
ACCOUNT = "/accounts/{user_id:[0-9]{1,18}}"


def _get_post(r: web.UrlDispatcher, path: str, name: str, get: Handler, post: Handler) -> None:
    resource = r.add_resource(path, name=name)
    resource.add_route("GET", get)
    resource.add_route("POST", post)


def setup_routes(app: web.Application) -> None:
    r = app.router
    r.add_get("/", leads.leads_list, name="leads")
    r.add_get("/leads.csv", leads.export_csv, name="export")
    r.add_get(LEAD, lead.lead_page, name="lead")
    r.add_post(LEAD + "/status", lead.change_status, name="lead_status")
    r.add_post(LEAD + "/notes", lead.add_note, name="lead_note")
    r.add_post(LEAD + "/follow-up", lead.set_follow_up, name="lead_follow_up")
    _get_post(r, LEAD + "/erase", "lead_erase", lead.erase_confirm, lead.erase)
    r.add_post(LEAD + "/followups/{message_id:[0-9]{1,18}}/cancel", followups.cancel_message, name="followup_cancel")
    r.add_post(LEAD + "/sessions", followups.session_done, name="lead_session_done")
    add_followup_routes(r, LEAD)          # add / move a follow-up, the week ahead (bot/followup/manage_web.py)
    r.add_get("/queues", queues.queues_page, name="queues")
    r.add_post("/handoffs/{handoff_id:[0-9]{1,18}}/done", queues.handoff_done, name="handoff_done")
    r.add_post("/bookings/{booking_id:[0-9a-f]{32}}/decision", queues.booking_decision, name="booking_decision")
    r.add_get("/calendar", calendar_page.calendar_page, name="calendar")       # week of bookings
    r.add_get("/overview", overview.overview_page, name="overview")
    r.add_get("/audit", audit_log.audit_page, name="audit")
    add_live_routes(r)                    # live conversations, calendar files (bot/dashboard/live_routes.py)

    _get_post(r, "/login", "login", auth.login_page, auth.login)
    _get_post(r, "/login/code", "login_code", auth.code_page, auth.login_code)
    r.add_post("/logout", auth.logout, name="logout")
    r.add_post("/logout-all", auth.logout_all, name="logout_all")

    r.add_get("/account", account.account_page, name="account")
    _get_post(r, "/account/password", "password", account.password_page, account.change_password)
    _get_post(r, "/account/two-factor", "totp_setup", account.totp_page, account.enrol_totp)
    r.add_post("/account/recovery-codes", account.renew_recovery_codes, name="recovery_codes")

    _get_post(r, "/accounts", "accounts", accounts.accounts_page, accounts.create_account)
    r.add_post(ACCOUNT + "/role", accounts.change_role, name="account_role")
    r.add_post(ACCOUNT + "/reset-password", accounts.reset_password, name="account_reset_password")
    r.add_post(ACCOUNT + "/reset-two-factor", accounts.reset_totp, name="account_reset_totp")
    r.add_post(ACCOUNT + "/delete", accounts.delete_account, name="account_delete")
    r.add_static("/static/", STATIC_DIR, name="static", append_version=True)
