"""URL map of the dashboard sub-application (mounted at /dashboard)."""
from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.dashboard.views import audit_log, auth, lead, leads, overview, queues

STATIC_DIR = Path(__file__).resolve().parent / "static"
LEAD = "/leads/{lead_id:[0-9a-f]{32}}"


def setup_routes(app: web.Application) -> None:
    r = app.router
    r.add_get("/", leads.leads_list, name="leads")
    r.add_get("/leads.csv", leads.export_csv, name="export")
    r.add_get(LEAD, lead.lead_page, name="lead")
    r.add_post(LEAD + "/status", lead.change_status, name="lead_status")
    r.add_post(LEAD + "/notes", lead.add_note, name="lead_note")
    r.add_post(LEAD + "/follow-up", lead.set_follow_up, name="lead_follow_up")
    erase = r.add_resource(LEAD + "/erase", name="lead_erase")
    erase.add_route("GET", lead.erase_confirm)
    erase.add_route("POST", lead.erase)
    r.add_get("/queues", queues.queues_page, name="queues")
    r.add_post("/handoffs/{handoff_id:[0-9]{1,18}}/done", queues.handoff_done, name="handoff_done")
    r.add_post("/bookings/{booking_id:[0-9a-f]{32}}/decision", queues.booking_decision, name="booking_decision")
    r.add_get("/overview", overview.overview_page, name="overview")
    r.add_get("/audit", audit_log.audit_page, name="audit")
    login = r.add_resource("/login", name="login")
    login.add_route("GET", auth.login_page)
    login.add_route("POST", auth.login)
    r.add_post("/logout", auth.logout, name="logout")
    r.add_post("/logout-all", auth.logout_all, name="logout_all")
    r.add_static("/static/", STATIC_DIR, name="static", append_version=True)
