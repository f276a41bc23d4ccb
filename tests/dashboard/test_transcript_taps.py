"""The transcript shows what the visitor saw and tapped: button titles, never payloads."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import insert

from bot.store import tracker_events
from bot.store.transcript_taps import offered, shown_as
from tests.dashboard.factories import Store, add_lead

GREETING = [{"title": "What is it?", "payload": "What is paramedical micropigmentation?"},
            {"title": "Am I ready?", "payload": "/check_suitability"},
            {"title": "Book a consultation", "payload": "/book_consultation"}]


def test_a_payload_is_shown_as_the_title_of_the_button_offered() -> None:
    choices = offered(GREETING)
    assert shown_as("/book_consultation", choices) == "Book a consultation"
    assert shown_as("What is paramedical micropigmentation?", choices) == "What is it?"
    assert shown_as("  what is paramedical micropigmentation? ", choices) == "What is it?"
    assert shown_as("I have a scar on my arm", choices) is None                    # typed: shown as it is
    # A button further up the chat: an intent payload is still its title; a sentence is taken as typed.
    assert shown_as("/check_suitability", {}, choices) == "Am I ready?"
    assert shown_as("What is paramedical micropigmentation?", {}, choices) is None


def test_payloads_without_a_matching_button() -> None:
    assert shown_as("/human_handoff", {}) == "Talk to a person"                    # the widget's own button
    assert shown_as("/delete_my_data", {}) == "Delete my data"
    assert shown_as('/inform{"concern": "scar"}', {}) == "Inform"
    assert shown_as("/greet", {}) == ""                                           # sent unseen: left out
    assert shown_as("/", {}) is None and shown_as("/ hello", {}) is None          # not a payload after all
    assert offered([{"title": "Skip"}, {"payload": "x"}]) == {"skip": "Skip"}     # no payload: the title is sent


async def _events(store: Store, conversation_id: str, events: list[tuple[str, dict[str, Any]]]) -> None:
    at = (datetime.now(timezone.utc) - timedelta(hours=1)).timestamp()
    rows = [{"sender_id": conversation_id, "type_name": kind, "timestamp": at + 10 * i, "data": json.dumps(data),
             "intent_name": None, "action_name": None} for i, (kind, data) in enumerate(events)]
    async with store.tracker.begin() as conn:
        await conn.execute(insert(tracker_events.events), rows)


def _bot(text: str, buttons: list[dict[str, str]] | None = None) -> tuple[str, dict[str, Any]]:
    return "bot", {"event": "bot", "text": text, "data": {"buttons": buttons} if buttons else {}}


def _user(text: str) -> tuple[str, dict[str, Any]]:
    return "user", {"event": "user", "text": text, "parse_data": {"intent": {"name": "x"}}}


SLOT_PAYLOAD = '/choose_slot{"slot": "2031-03-04T10:00"}'
CONVERSATION = [
    _user("/greet"),
    _bot("Hello, and welcome!", GREETING),
    _user("What is paramedical micropigmentation?"),
    _bot("It is a tattooing technique that camouflages scars.",
         [{"title": "Book a consultation", "payload": "/book_consultation"}]),
    _user("/book_consultation"),
    _bot("Here is how it works.", [{"title": "Not now", "payload": "no"}]),
    _user("/check_suitability"),                             # "Am I ready?", tapped in the greeting further up
    _bot("Which time suits you?", [{"title": "Tue 4 Mar, 10:00", "payload": SLOT_PAYLOAD}]),
    _user(SLOT_PAYLOAD),
    _bot("Is there anything else?", [{"title": "No, thanks", "payload": "no"}]),
    _user("what is paramedical micropigmentation?"),        # typed again: no such button offered just before
]


async def test_the_transcript_reads_as_the_visitor_saw_it(store: Store) -> None:
    await _events(store, "conv-taps", CONVERSATION)
    lines = await tracker_events.transcript(store.tracker, "conv-taps")
    visitor = [(line.text, line.tapped) for line in lines if line.speaker == "visitor"]
    assert visitor == [("What is it?", True), ("Book a consultation", True), ("Am I ready?", True),
                       ("Tue 4 Mar, 10:00", True),
                       ("what is paramedical micropigmentation?", False)]
    assert lines[0].speaker == "assistant" and lines[0].buttons == ("What is it?", "Am I ready?",
                                                                     "Book a consultation")


async def test_the_lead_page_shows_no_payloads(signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna")
    await _events(store, lead.conversation_id, CONVERSATION)
    html = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert "/book_consultation" not in html and "/greet" not in html and "choose_slot" not in html
    assert "What is paramedical micropigmentation?" not in html      # the tapped payload (typed: lower case)
    assert '<span class="chip chip-tapped">What is it?</span>' in html
    assert 'Visitor tapped · <time>' in html and '<span class="chip chip-tapped">Book a consultation</span>' in html
    assert '<span class="chip chip-tapped">Tue 4 Mar, 10:00</span>' in html
    assert '<div class="msg-text">what is paramedical micropigmentation?</div>' in html
