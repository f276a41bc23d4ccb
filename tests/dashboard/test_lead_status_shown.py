"""The status a lead is shown with follows its bookings: header, list and tabs, CSV and overview agree."""
from __future__ import annotations

import csv
import io
import itertools
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient

from bot.dashboard import queries, stats
from bot.dashboard.filters import LeadFilter
from bot.store.models import Booking, BookingStatus, LeadStatus
from tests.dashboard.factories import Store, add_booking, add_lead, post

LONDON = ZoneInfo("Europe/London")
SOON = datetime(2031, 5, 6, 9, 0, tzinfo=timezone.utc)
_slots = itertools.count()


async def _lead(store: Store, name: str, status: LeadStatus, *bookings: BookingStatus) -> str:
    lead = await add_lead(store.sessions, name, status=status)
    for booking_status in bookings:           # each at a time of its own (a time is bookable once)
        await add_booking(store.sessions, lead, SOON + timedelta(hours=next(_slots)), status=booking_status)
    return lead.id


async def test_the_rule_for_each_combination(store: Store) -> None:
    booked, confirmed, requested = LeadStatus.consultation_booked, BookingStatus.confirmed, BookingStatus.requested
    declined, cancelled = BookingStatus.declined, BookingStatus.cancelled
    cases = {
        await _lead(store, "Req", booked, requested): "consultation_requested",
        await _lead(store, "Conf", booked, confirmed): "consultation_booked",
        await _lead(store, "Decl", booked, declined): "booking_declined",
        await _lead(store, "Canc", booked, cancelled): "booking_cancelled",
        await _lead(store, "ByHand", booked): "consultation_booked",             # set by hand, no booking row
        await _lead(store, "Again", booked, declined, requested): "consultation_requested",
        # Any other stored status was set later (by the practitioner, or moved back): it is shown as it is.
        await _lead(store, "NewDecl", LeadStatus.new, declined): "new",
        await _lead(store, "Contacted", LeadStatus.contacted, requested): "contacted",
        await _lead(store, "Closed", LeadStatus.closed, confirmed): "closed",
        await _lead(store, "NotYet", LeadStatus.not_yet_ready, requested): "not_yet_ready",
    }
    async with store.sessions() as session:
        page = await queries.list_leads(session, LeadFilter(), LONDON)
        counts = await queries.status_counts(session, LeadFilter(), LONDON)
        only_declined = await queries.list_leads(session, LeadFilter(status="booking_declined"), LONDON)
    assert page.shown == cases
    assert counts["consultation_booked"] == 2 and counts["consultation_requested"] == 2
    assert counts["booking_declined"] == 1 and counts["booking_cancelled"] == 1
    assert counts["new"] == 1 and counts["contacted"] == 1
    assert [lead.first_name for lead in only_declined.leads] == ["Decl"]


async def test_a_booking_linked_only_by_its_conversation_counts(store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna", status=LeadStatus.consultation_booked)
    async with store.sessions.begin() as session:
        session.add(Booking(lead_id=None, conversation_id=lead.conversation_id, provider="calcom", start_at=SOON,
                            end_at=SOON + timedelta(minutes=30), status=BookingStatus.requested))
    async with store.sessions() as session:
        page = await queries.list_leads(session, LeadFilter(), LONDON)
    assert page.shown == {lead.id: "consultation_requested"}


async def test_a_declined_request_no_longer_shows_as_booked_anywhere(signed_in: TestClient, store: Store) -> None:
    """The assistant stores "consultation booked" for a request; declining it in To do changes what is shown,
    the same in the header, the list, the CSV and the overview (whether or not the stored status moves back)."""
    lead = await add_lead(store.sessions, "Anna", status=LeadStatus.consultation_booked)
    booking = await add_booking(store.sessions, lead, SOON)

    header = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert _header_status(header) == "Consultation requested"
    assert "Confirm or decline the consultation request" in header

    response = await post(signed_in, f"/dashboard/bookings/{booking.id}/decision",
                          {"decision": "decline", "reason": "The studio is closed that day"})
    assert response.status == 303

    shown = _header_status(await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text())
    assert shown not in ("Consultation booked", "Consultation requested")
    listing = await (await signed_in.get("/dashboard/")).text()
    assert re.findall(r'<td class="status"><span class="badge status-[a-z_]+">([^<]+)</span>', listing) == [shown]
    assert re.search(r'Consultation booked <span class="tab-count">0</span>', listing)
    booked_tab = await (await signed_in.get("/dashboard/?status=consultation_booked")).text()
    assert "No leads match these filters" in booked_tab

    body = (await (await signed_in.get("/dashboard/leads.csv")).read()).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert row["Status"] == shown and row["Next consultation"] == ""

    async with store.sessions() as session:
        data = await stats.overview(session, LONDON)
    assert dict(data.funnel) == {"Leads received": 1, "Contacted": 1, "Booking requested": 1,
                                 "Consultation booked": 0}
    overview = await (await signed_in.get("/dashboard/overview")).text()
    assert re.search(r'<div class="stat-value">0%</div><div class="stat-label">Booked, of all leads', overview)


async def test_a_lead_left_booked_after_a_decline_shows_the_decline(signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna", status=LeadStatus.consultation_booked)
    await add_booking(store.sessions, lead, SOON, status=BookingStatus.declined)
    header = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert _header_status(header) == "Booking declined" and "The booking was declined: offer another time" in header
    listing = await (await signed_in.get("/dashboard/")).text()
    assert '<td class="status"><span class="badge status-booking_declined">Booking declined</span>' in listing
    assert re.search(r'Booking declined <span class="tab-count">1</span>', listing)
    assert "Offer another time" in listing


async def test_a_confirmed_request_shows_as_booked_everywhere(signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna", status=LeadStatus.consultation_booked)
    booking = await add_booking(store.sessions, lead, SOON)
    await post(signed_in, f"/dashboard/bookings/{booking.id}/decision", {"decision": "confirm"})
    header = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert _header_status(header) == "Consultation booked"
    body = (await (await signed_in.get("/dashboard/leads.csv")).read()).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert row["Status"] == "Consultation booked" and row["Consultation status"] == "Confirmed"
    async with store.sessions() as session:
        data = await stats.overview(session, LONDON)
    assert dict(data.funnel)["Consultation booked"] == 1


async def test_the_occasional_tabs_show_only_when_used(signed_in: TestClient, store: Store) -> None:
    await add_lead(store.sessions, "Anna")
    html = await (await signed_in.get("/dashboard/")).text()
    assert "Consultation requested <span" in html and "Booking declined" not in html
    assert "Booking cancelled" not in html
    # A tab can still be chosen by its address, and says it is empty.
    html = await (await signed_in.get("/dashboard/?status=booking_cancelled")).text()
    assert re.search(r'Booking cancelled <span class="tab-count">0</span>', html)


async def test_the_status_form_never_preselects_a_status_the_lead_is_not_shown_with(signed_in: TestClient,
                                                                                    store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna", status=LeadStatus.consultation_booked)
    await add_booking(store.sessions, lead, SOON, status=BookingStatus.declined)
    html = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert '<option value="" selected disabled>Choose a status</option>' in html
    assert 'value="consultation_booked" selected' not in html


def _header_status(html: str) -> str:
    match = re.search(r'<p class="badges"><span class="badge status-[a-z_]+">([^<]+)</span>', html)
    assert match, "no status badge in the lead's header"
    return match.group(1)
