"""The Cal.com webhook on the real web app: signed deliveries become booking rows the dashboard shows."""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import datetime, timedelta, timezone
from typing import Any, Optional
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.booking.base import as_utc
from bot.booking.link import LinkProvider, booking_url
from bot.booking.webhooks import PATH, SECRET_ENV, SIGNATURE_HEADER, delivery_time, fresh, signature_ok
from bot.store.deliveries import DeliveryLog, WebhookDelivery, body_id
from bot.store.models import Booking, BookingStatus, Lead, LeadStatus, StatusChange
from bot.web.app import create_app
from tests.booking.conftest import MakeSettings
from tests.dashboard.factories import add_lead, add_user, sign_in

SECRET = "whsec-test-only"
START = datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc)
Sessions = async_sessionmaker[AsyncSession]


def now_iso(delta: timedelta = timedelta(0)) -> str:
    """A ``createdAt`` as Cal.com writes it, ``delta`` from now (microseconds keep two deliveries apart)."""
    return (datetime.now(timezone.utc) + delta).isoformat().replace("+00:00", "Z")


def delivery(trigger: str, uid: str, start: datetime = START, *, email: str = "anna@example.com",
             metadata: Optional[dict[str, Any]] = None, created: Optional[str] = None,
             **extra: Any) -> dict[str, Any]:
    """A delivery shaped like Cal.com's (only the fields that matter here, plus some noise), created now."""
    payload = {"type": "consultation", "title": "Consultation between Lumen Skin Studio and Anna",
               "startTime": start.isoformat().replace("+00:00", "Z"),
               "endTime": (start + timedelta(minutes=30)).isoformat().replace("+00:00", "Z"),
               "organizer": {"name": "Marta Ruiz", "email": "marta@lumenskin.example", "timeZone": "Europe/London"},
               "attendees": [{"name": "Anna", "email": email, "timeZone": "Europe/London",
                              "language": {"locale": "en"}}],
               "uid": uid, "bookingId": 4711, "status": "ACCEPTED", "metadata": metadata or {}, **extra}
    return {"triggerEvent": trigger, "createdAt": created or now_iso(), "payload": payload}


def sign(body: bytes, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def post(client: TestClient, data: Any, *, signature: Optional[str] = "valid", raw: Optional[bytes] = None
               ) -> tuple[int, dict[str, Any]]:
    body = raw if raw is not None else json.dumps(data).encode()
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers[SIGNATURE_HEADER] = sign(body) if signature == "valid" else signature
    response = await client.post(PATH, data=body, headers=headers)
    answer = await response.json() if response.content_type == "application/json" else {}
    return response.status, answer


async def bookings(sessions: Sessions) -> list[Booking]:
    async with sessions() as session:
        return list(await session.scalars(select(Booking).order_by(Booking.created_at)))


async def lead_status(sessions: Sessions, lead_id: str) -> LeadStatus:
    async with sessions() as session:
        lead = await session.get(Lead, lead_id)
        assert lead is not None
        return lead.status


@pytest.fixture
async def client(aiohttp_client, make_settings: MakeSettings,  # type: ignore[no-untyped-def]
                 database_url: str) -> TestClient:
    settings = make_settings(database_url=database_url, env={SECRET_ENV: SECRET})
    return await aiohttp_client(create_app(settings, run_jobs=False))


async def test_a_booking_made_on_the_page_reaches_the_dashboard(client: TestClient, sessions: Sessions) -> None:
    lead = await add_lead(sessions, "Anna", email="anna@example.com")
    start = datetime(2026, 12, 2, 11, 0, tzinfo=timezone(timedelta(hours=1)))     # 10:00 UTC
    data = delivery("BOOKING_CREATED", "uid-created-1", start, email="Anna@Example.COM")
    data["payload"]["startTime"], data["payload"]["endTime"] = "2026-12-02T11:00:00.000+01:00", \
        "2026-12-02T11:30:00.000+01:00"
    assert await post(client, data) == (200, {"status": "recorded"})

    [row] = await bookings(sessions)
    assert (row.lead_id, row.conversation_id, row.provider, row.external_id, row.status) == \
        (lead.id, lead.conversation_id, "calcom", "uid-created-1", BookingStatus.confirmed)
    assert (as_utc(row.start_at), as_utc(row.end_at)) == (START, START + timedelta(minutes=30))
    assert await lead_status(sessions, lead.id) == LeadStatus.consultation_booked

    # The practitioner sees the lead under "Consultation booked".
    await add_user(sessions, "marta", "a calm and long passphrase")
    await sign_in(client, "marta", "a calm and long passphrase")
    html = await (await client.get("/dashboard/?status=consultation_booked")).text()
    assert f'href="/dashboard/leads/{lead.id}">Anna</a>' in html


async def test_a_replayed_delivery_changes_nothing(client: TestClient, sessions: Sessions) -> None:
    lead = await add_lead(sessions, "Anna", email="anna@example.com")
    data = delivery("BOOKING_CREATED", "uid-replayed")
    assert await post(client, data) == (200, {"status": "recorded"})
    assert await post(client, data) == (200, {"status": "already processed"})       # the same delivery again
    again = delivery("BOOKING_CREATED", "uid-replayed")                             # a second delivery of it
    assert await post(client, again) == (200, {"status": "already recorded"})
    assert len(await bookings(sessions)) == 1
    async with sessions() as session:
        changes = await session.scalar(select(func.count()).select_from(StatusChange).where(
            StatusChange.lead_id == lead.id, StatusChange.to_status == LeadStatus.consultation_booked.value))
    assert changes == 1


@pytest.mark.parametrize("signature", [None, "", "0" * 64, "not hex at all", "sign-with-another-secret"])
async def test_unsigned_or_wrongly_signed_deliveries_are_refused(client: TestClient, sessions: Sessions,
                                                                 signature: Optional[str]) -> None:
    await add_lead(sessions, "Anna", email="anna@example.com")
    body = json.dumps(delivery("BOOKING_CREATED", "uid-forged")).encode()
    if signature == "sign-with-another-secret":
        signature = sign(body, "another secret")
    headers = {} if signature is None else {SIGNATURE_HEADER: signature}
    response = await client.post(PATH, data=body, headers=headers)
    assert response.status == 401
    assert await bookings(sessions) == []


async def test_a_booking_cancelled_in_calcom_is_cancelled_here(client: TestClient, sessions: Sessions) -> None:
    lead = await add_lead(sessions, "Anna", email="anna@example.com", status=LeadStatus.contacted)
    await post(client, delivery("BOOKING_CREATED", "uid-to-cancel"))
    cancelled = delivery("BOOKING_CANCELLED", "uid-to-cancel", cancellationReason="I feel unwell")
    assert await post(client, cancelled) == (200, {"status": "cancelled"})
    [row] = await bookings(sessions)
    assert row.status == BookingStatus.cancelled
    assert await lead_status(sessions, lead.id) == LeadStatus.contacted     # back to before the booking
    assert await post(client, cancelled) == (200, {"status": "already processed"})
    cancelled_again = delivery("BOOKING_CANCELLED", "uid-to-cancel", cancellationReason="I feel unwell")
    assert await post(client, cancelled_again) == (200, {"status": "already cancelled"})
    assert await post(client, delivery("BOOKING_CANCELLED", "uid-never-seen")) == (200, {"status": "unknown booking"})
    async with sessions() as session:                           # the visitor's reason is not stored
        reasons = list(await session.scalars(select(StatusChange.reason).where(StatusChange.lead_id == lead.id)))
    assert not any("unwell" in reason for reason in reasons)


async def test_a_booking_rescheduled_in_calcom_moves_here(client: TestClient, sessions: Sessions) -> None:
    await add_lead(sessions, "Anna", email="anna@example.com")
    await post(client, delivery("BOOKING_CREATED", "uid-first"))
    later = START + timedelta(days=2, hours=3)
    moved = delivery("BOOKING_RESCHEDULED", "uid-second", later, rescheduleUid="uid-first",
                     rescheduleStartTime="2026-12-02T10:00:00Z")
    assert await post(client, moved) == (200, {"status": "rescheduled"})
    assert await post(client, moved) == (200, {"status": "already processed"})
    moved_again = {**moved, "createdAt": now_iso()}                             # Cal.com sending it twice
    assert await post(client, moved_again) == (200, {"status": "rescheduled"})  # finds the new uid
    [row] = await bookings(sessions)
    assert (row.external_id, row.status) == ("uid-second", BookingStatus.confirmed)
    assert (as_utc(row.start_at), as_utc(row.end_at)) == (later, later + timedelta(minutes=30))

    # fromReschedule names the old uid too.
    again = START + timedelta(days=5)
    assert await post(client, delivery("BOOKING_RESCHEDULED", "uid-third", again, fromReschedule="uid-second")) \
        == (200, {"status": "rescheduled"})
    [row] = await bookings(sessions)
    assert (row.external_id, as_utc(row.start_at)) == ("uid-third", again)


async def test_a_reschedule_of_an_unknown_booking_is_recorded(client: TestClient, sessions: Sessions) -> None:
    lead = await add_lead(sessions, "Anna", email="anna@example.com")
    moved = delivery("BOOKING_RESCHEDULED", "uid-new", rescheduleUid="uid-from-before-the-webhook")
    assert await post(client, moved) == (200, {"status": "recorded"})
    [row] = await bookings(sessions)
    assert (row.lead_id, row.external_id) == (lead.id, "uid-new")


async def test_the_lead_is_matched_by_the_link_metadata_then_by_the_latest_lead_with_the_email(
        client: TestClient, sessions: Sessions) -> None:
    newer = await add_lead(sessions, "Anna", email="ANNA@example.com")
    older = await add_lead(sessions, "Anna", email="anna@example.com")      # created later, updated earlier
    other = await add_lead(sessions, "Bea", email="bea@example.com")
    async with sessions.begin() as session:
        await session.execute(update(Lead).where(Lead.id == older.id)
                              .values(updated_at=datetime.now(timezone.utc) - timedelta(days=3)))
    await post(client, delivery("BOOKING_CREATED", "uid-by-email"))
    await post(client, delivery("BOOKING_CREATED", "uid-by-metadata", START + timedelta(hours=1),
                                metadata={"lead_id": other.id, "videoCallUrl": "https://cal.video/x"}))
    await post(client, delivery("BOOKING_CREATED", "uid-stale-metadata", START + timedelta(hours=2),
                                metadata={"lead_id": "0" * 32}))
    linked = {row.external_id: row.lead_id for row in await bookings(sessions)}
    assert linked == {"uid-by-email": newer.id, "uid-by-metadata": other.id, "uid-stale-metadata": newer.id}


async def test_deliveries_without_a_lead_or_of_our_own_bookings_record_nothing(client: TestClient,
                                                                               sessions: Sessions) -> None:
    await add_lead(sessions, "Anna", email="anna@example.com")
    assert await post(client, delivery("BOOKING_CREATED", "uid-stranger", email="someone@else.example")) == \
        (200, {"status": "no matching lead"})
    own = delivery("BOOKING_CREATED", "uid-own", metadata={"lead_id": "", "source": "chat assistant"})
    assert await post(client, own) == (200, {"status": "made in the chat"})
    assert await bookings(sessions) == []


async def test_unreadable_and_unknown_deliveries(client: TestClient, sessions: Sessions) -> None:
    await add_lead(sessions, "Anna", email="anna@example.com")
    assert (await post(client, None, raw=b"{not json"))[0] == 400
    assert (await post(client, None, raw=b"\xff\xfe"))[0] == 400
    assert (await post(client, {"triggerEvent": "BOOKING_CREATED", "payload": {"startTime": "x"}}))[0] == 400
    bad_time = delivery("BOOKING_CREATED", "uid-bad-time")
    bad_time["payload"]["startTime"] = "next Tuesday"
    assert (await post(client, bad_time))[0] == 400
    assert await post(client, {"triggerEvent": "PING", "payload": {}}) == (200, {"status": "ignored"})
    assert await post(client, delivery("MEETING_ENDED", "uid-x")) == (200, {"status": "ignored"})
    assert await post(client, [1, 2]) == (200, {"status": "ignored"})
    assert await bookings(sessions) == []


async def test_logs_name_the_event_and_uid_but_nobody(client: TestClient, sessions: Sessions,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    await add_lead(sessions, "Anna", email="anna@example.com")
    with caplog.at_level(logging.INFO, logger="bot.booking.webhooks"):
        await post(client, delivery("BOOKING_CREATED", "uid-logged"))
        await post(client, delivery("BOOKING_CANCELLED", "uid-logged"))
        await post(client, delivery("BOOKING_CREATED", "uid-nobody", email="nobody@else.example"))
    text = caplog.text
    assert "BOOKING_CREATED uid-logged: recorded" in text and "BOOKING_CANCELLED uid-logged: cancelled" in text
    for personal in ("anna@", "nobody@", "Anna", "Marta"):
        assert personal not in text


async def test_without_a_secret_the_webhook_is_off(aiohttp_client,  # type: ignore[no-untyped-def]
                                                  make_settings: MakeSettings, database_url: str,
                                                  sessions: Sessions) -> None:
    client = await aiohttp_client(create_app(make_settings(database_url=database_url), run_jobs=False))
    await add_lead(sessions, "Anna", email="anna@example.com")
    body = json.dumps(delivery("BOOKING_CREATED", "uid-off")).encode()
    response = await client.post(PATH, data=body, headers={SIGNATURE_HEADER: sign(body)})
    assert response.status == 404
    assert await bookings(sessions) == []


def test_signature_check() -> None:
    body = b'{"triggerEvent":"PING"}'
    good = sign(body)
    assert signature_ok(SECRET.encode(), body, good)
    assert signature_ok(SECRET.encode(), body, f" {good.upper()} ")
    assert not signature_ok(SECRET.encode(), body + b" ", good)
    assert not signature_ok(SECRET.encode(), body, None)
    assert not signature_ok(SECRET.encode(), body, "é" * 64)


def test_the_link_can_carry_the_lead_id_and_still_no_health_data() -> None:
    lead_id = "0123456789abcdef0123456789abcdef"
    url = booking_url("https://cal.com/lumenskin/consultation?metadata%5Blead_id%5D=old", "Anna", None, lead_id)
    assert parse_qs(urlsplit(url).query) == {"name": ["Anna"], "metadata[lead_id]": [lead_id]}
    url = LinkProvider("https://cal.com/lumenskin/consultation").url_for(None, lead_id)
    assert parse_qs(urlsplit(url).query) == {"metadata[lead_id]": [lead_id]}


# --- replays (issue 15, finding 8) ----------------------------------------------------------------------------

async def deliveries_recorded(sessions: Sessions) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(WebhookDelivery)) or 0)


async def test_a_replayed_delivery_changes_nothing_after_a_cancellation(client: TestClient, sessions: Sessions) -> None:
    lead = await add_lead(sessions, "Anna", email="anna@example.com", status=LeadStatus.contacted)
    created = delivery("BOOKING_CREATED", "uid-comes-back")
    assert await post(client, created) == (200, {"status": "recorded"})
    assert await post(client, delivery("BOOKING_CANCELLED", "uid-comes-back")) == (200, {"status": "cancelled"})

    # The captured "created" delivery, sent again with its valid signature: within the age limit it is a replay,
    # after it a stale delivery. Either way the booking stays cancelled and the lead where it was.
    assert await post(client, created) == (200, {"status": "already processed"})
    old = delivery("BOOKING_CREATED", "uid-comes-back", created=now_iso(-timedelta(minutes=10)))
    assert await post(client, old) == (400, {"status": "stale delivery"})
    [row] = await bookings(sessions)
    assert row.status == BookingStatus.cancelled
    assert await lead_status(sessions, lead.id) == LeadStatus.contacted


async def test_a_replayed_reschedule_does_not_move_the_booking_back(client: TestClient, sessions: Sessions) -> None:
    await add_lead(sessions, "Anna", email="anna@example.com")
    await post(client, delivery("BOOKING_CREATED", "uid-a"))
    first_move = delivery("BOOKING_RESCHEDULED", "uid-b", START + timedelta(days=1), rescheduleUid="uid-a")
    assert await post(client, first_move) == (200, {"status": "rescheduled"})
    second_move = delivery("BOOKING_RESCHEDULED", "uid-c", START + timedelta(days=3), rescheduleUid="uid-b")
    assert await post(client, second_move) == (200, {"status": "rescheduled"})
    assert await post(client, first_move) == (200, {"status": "already processed"})
    [row] = await bookings(sessions)
    assert (row.external_id, as_utc(row.start_at)) == ("uid-c", START + timedelta(days=3))


@pytest.mark.parametrize("created", [timedelta(minutes=-6), timedelta(minutes=6), None, "", "yesterday",
                                     1_700_000_000, "2026-13-45T99:00:00Z"])
async def test_deliveries_without_a_recent_creation_time_are_refused(client: TestClient, sessions: Sessions,
                                                                     created: Any) -> None:
    await add_lead(sessions, "Anna", email="anna@example.com")
    data = delivery("BOOKING_CREATED", "uid-stale")
    data["createdAt"] = now_iso(created) if isinstance(created, timedelta) else created
    assert await post(client, data) == (400, {"status": "stale delivery"})
    assert await bookings(sessions) == [] and await deliveries_recorded(sessions) == 0


@pytest.mark.parametrize("stamp", ["seconds", "milliseconds"])
async def test_a_timestamp_instead_of_created_at_is_accepted(client: TestClient, sessions: Sessions,
                                                             stamp: str) -> None:
    await add_lead(sessions, "Anna", email="anna@example.com")
    data = delivery("BOOKING_CREATED", f"uid-{stamp}")
    del data["createdAt"]
    now = datetime.now(timezone.utc).timestamp()
    data["timestamp"] = now if stamp == "seconds" else int(now * 1000)
    assert await post(client, data) == (200, {"status": "recorded"})


async def test_a_delivery_that_fails_can_be_sent_again(client: TestClient, sessions: Sessions) -> None:
    await add_lead(sessions, "Anna", email="anna@example.com")
    backwards = delivery("BOOKING_CREATED", "uid-backwards")
    backwards["payload"]["endTime"] = "2026-12-02T09:00:00Z"            # before the start: refused, nothing kept
    assert (await post(client, backwards))[0] == 400
    assert await deliveries_recorded(sessions) == 0


async def test_processed_deliveries_are_recorded_by_hash_and_pruned(sessions: Sessions) -> None:
    log = DeliveryLog(sessions)
    delivery_id = body_id(b'{"triggerEvent": "BOOKING_CREATED"}')
    assert delivery_id.startswith("sha256:") and len(delivery_id) == 71
    old = datetime.now(timezone.utc) - timedelta(days=3)
    assert await log.claim("calcom", delivery_id, now=old)
    assert not await log.claim("calcom", delivery_id)
    assert await log.claim("other", delivery_id)                       # ids are per source
    assert await log.prune(datetime.now(timezone.utc) - timedelta(days=2)) == 1
    assert await log.claim("calcom", delivery_id)


def test_delivery_times() -> None:
    now = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    assert delivery_time({"createdAt": "2026-12-01T11:58:00.123Z"}) == datetime(2026, 12, 1, 11, 58, 0, 123000,
                                                                                 tzinfo=timezone.utc)
    assert delivery_time({"timestamp": 1_796_126_400}) == datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    assert delivery_time({"timestamp": 1_796_126_400_000}) == datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    for unusable in ({}, {"createdAt": 5}, {"timestamp": True}, {"timestamp": float("nan")}, {"timestamp": -1},
                     {"timestamp": 10**30}, {"createdAt": "9999-12-31T23:59:59-14:00"}):
        assert delivery_time(unusable) is None or not fresh(delivery_time(unusable), now, 300)
    assert fresh(now - timedelta(seconds=299), now, 300) and fresh(now + timedelta(seconds=60), now, 300)
    assert not fresh(now - timedelta(seconds=301), now, 300) and not fresh(None, now, 300)


# --- fuzzing: random and hostile deliveries, correctly signed --------------------------------------------------

JSON_LEAF = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
             | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=40))
JSON = st.recursive(JSON_LEAF, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12),
                                                                                          inner, max_size=4),
                    max_leaves=12)
TIMES = st.one_of(st.just("2026-12-02T10:00:00Z"), st.just("2026-12-02T10:30:00.000+01:00"),
                  st.just("9999-12-31T23:59:59-14:00"), st.just("0001-01-01T00:00:00+14:00"), st.text(max_size=30),
                  JSON_LEAF)
PAYLOADS = st.fixed_dictionaries({}, optional={
    "uid": st.one_of(st.text(max_size=200), JSON_LEAF), "startTime": TIMES, "endTime": TIMES,
    "attendees": st.one_of(st.lists(st.fixed_dictionaries({}, optional={
        "email": st.one_of(st.just("anna@example.com"), st.emails(), JSON_LEAF), "name": JSON_LEAF}), max_size=3),
        JSON),
    "metadata": st.one_of(st.fixed_dictionaries({}, optional={"lead_id": JSON_LEAF, "source": JSON_LEAF}), JSON),
    "rescheduleUid": st.one_of(st.text(max_size=200), JSON_LEAF), "fromReschedule": JSON_LEAF})
DELIVERIES = st.fixed_dictionaries({
    "triggerEvent": st.one_of(st.sampled_from(["BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED"]),
                              JSON_LEAF),
    "createdAt": st.one_of(st.builds(now_iso), JSON_LEAF)}, optional={"payload": st.one_of(PAYLOADS, JSON)})
BODIES = st.one_of(DELIVERIES.map(lambda d: json.dumps(d).encode()), JSON.map(lambda d: json.dumps(d).encode()),
                   st.binary(max_size=200), st.just(b"[" * 5000), st.just(b'{"a": "\\ud800"}'))
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(body=BODIES)
async def test_fuzzed_deliveries_never_fail_the_server(client: TestClient, sessions: Sessions, body: bytes,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    caplog.clear()
    with caplog.at_level(logging.INFO):
        response = await client.post(PATH, data=body, headers={SIGNATURE_HEADER: sign(body),
                                                               "Content-Type": "application/json"})
        answer = await response.json()
    assert response.status in (200, 400), (response.status, body[:200])
    assert set(answer) == {"status"}
    assert not any(record.exc_info for record in caplog.records), caplog.text
    assert "Traceback" not in caplog.text
    for row in await bookings(sessions):                  # nothing unreadable was stored
        assert row.provider == "calcom" and row.lead_id and row.end_at > row.start_at
        assert row.external_id and len(row.external_id) <= 128
