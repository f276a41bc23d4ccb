"""Booking over the real servers: after the intake, without it, no suitable time, the race for one time,
cancel, reschedule, a person — and Cal.com, working and down, through a local fake of its API."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.settings import REPO_ROOT
from tests.conversation.intake_helpers import CONTACT, HEALTHY, run_intake
from tests.conversation.person_helpers import answer_person_questions
from tests.fakes.calcom import FakeCalcom
from tests.harness import Assistant, Conversation, start_assistant

pytestmark = pytest.mark.conversation
TIME_BUTTON = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2}$")
BOOKED = "Your free consultation is "   # "reserved for" (a request) or "booked for"
CALCOM_KEY = "conversation-test-key"


def text(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def times(replies: list[dict[str, Any]]) -> list[str]:
    return [t for t in Conversation.buttons(replies) if TIME_BUTTON.match(t)]


def start_without_intake(chat: Conversation, name: str, contact: str) -> list[dict[str, Any]]:
    """Ask to book, give a first name and a contact; returns the replies offering times."""
    replies = chat.say("I'd like to book a consultation")
    assert "first name" in text(replies) and "no health questions" in text(replies), chat.transcript
    replies = chat.say(name)
    assert "email address" in text(replies), chat.transcript
    replies = chat.say(contact)
    assert times(replies), chat.transcript
    return replies


def bookings(assistant: Assistant, chat: Conversation) -> list[dict[str, Any]]:
    return assistant.rows("SELECT * FROM bookings WHERE conversation_id = :c ORDER BY created_at", c=chat.sender_id)


def lead(assistant: Assistant, chat: Conversation) -> dict[str, Any]:
    [row] = assistant.rows("SELECT * FROM leads WHERE conversation_id = :c", c=chat.sender_id)
    return row


def handoffs(assistant: Assistant, chat: Conversation) -> list[dict[str, Any]]:
    return assistant.rows("SELECT * FROM handoffs WHERE conversation_id = :c ORDER BY id", c=chat.sender_id)


def book_first(chat: Conversation, replies: list[dict[str, Any]]) -> tuple[str, str]:
    """Click the first offered time; returns (its label, the confirmation)."""
    label = times(replies)[0]
    confirmation = text(chat.click(replies, label))
    assert BOOKED in confirmation, chat.transcript
    return label, confirmation


# --- the studio's own calendar (the default provider) ------------------------------------------------

def test_booking_after_the_intake(assistant: Assistant) -> None:
    chat = assistant.conversation()
    specific = {"concern": "stretch marks", "body_area": "hips", "stretch_colour": "White or silver",
                "onset_date": "3 years ago"}
    replies, _ = run_intake(chat, chat.say("I'd like to check if I'm a good candidate"),
                            {**CONTACT, **HEALTHY, **specific})
    assert "book a free consultation" in text(replies).lower()
    replies = chat.say("yes")
    assert 1 <= len(times(replies)) <= 5 and "UK time (Europe/London)" in text(replies), chat.transcript
    assert {"Later times", "None of these suit me"} <= set(Conversation.buttons(replies))
    label, confirmation = book_first(chat, replies)
    assert label.split(", ")[1] in confirmation and "UK time (Europe/London)" in confirmation
    assert "12 Harbour Lane" in confirmation and "How to prepare" in confirmation
    assert "cancel my booking" in confirmation and "reschedule" in confirmation
    row = lead(assistant, chat)
    [booking] = bookings(assistant, chat)
    assert (booking["status"], booking["provider"], booking["lead_id"]) == ("requested", "calendar", row["id"])
    assert row["status"] == "consultation_booked" and row["first_name"] == "Anna"
    changes = assistant.rows("SELECT to_status FROM status_changes WHERE lead_id = :l", l=row["id"])
    assert changes[-1]["to_status"] == "consultation_booked"


def test_booking_without_intake_typing_a_number(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = start_without_intake(chat, "Bea", "bea.booking@example.com")
    second = times(replies)[1]
    confirmation = chat.say_text("2")                         # as on apps that number the options
    assert BOOKED in confirmation and second.split(", ")[1] in confirmation
    row = lead(assistant, chat)
    assert (row["first_name"], row["email"], row["status"]) == ("Bea", "bea.booking@example.com",
                                                                 "consultation_booked")
    assert assistant.rows("SELECT * FROM intake_answers WHERE lead_id = :l", l=row["id"]) == []
    [booking] = bookings(assistant, chat)
    assert booking["lead_id"] == row["id"] and booking["status"] == "requested"


def test_a_consultation_by_video_is_booked_as_one_and_can_be_moved_to_the_studio(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("I'd like to book a consultation by video please, I can't come to Brighton")
    assert "first name" in text(replies), chat.transcript
    chat.say("Kasia")
    replies = chat.say("kasia.video@example.com")
    _, confirmation = book_first(chat, replies)
    assert "by video" in confirmation and "12 Harbour Lane" not in confirmation, chat.transcript
    [booking] = bookings(assistant, chat)
    assert bool(booking["by_video"]) and booking["status"] == "requested"
    chat.say("no thanks")                                   # no health questions now
    replies = chat.say("actually I'll come to the studio in person after all")
    assert "12 Harbour Lane" in text(replies), chat.transcript
    [booking] = bookings(assistant, chat)
    assert not booking["by_video"] and booking["status"] == "requested"     # the same booking, now at the studio


def test_no_suitable_time_records_a_preference(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = start_without_intake(chat, "Cara", "07911 123456")
    later = chat.click(replies, "Later times")
    assert times(later) and not set(times(later)) & set(times(replies)), chat.transcript
    asked = chat.click(later, "None of these suit me")
    assert "which day and part of the day" in text(asked).lower()
    done = chat.say_text("Thursday evenings after 6")
    assert "be in touch" in done
    [handoff] = handoffs(assistant, chat)
    assert (handoff["kind"], handoff["details"], handoff["status"]) == (
        "time_preference", "Preferred time: Thursday evenings after 6", "open")
    assert handoff["lead_id"] == lead(assistant, chat)["id"] and bookings(assistant, chat) == []
    assert lead(assistant, chat)["phone"] == "+447911123456"


def test_two_visitors_choose_the_same_time_at_once(assistant: Assistant) -> None:
    first, second = assistant.conversation(), assistant.conversation()
    offered_first = start_without_intake(first, "Dee", "dee.race@example.com")
    offered_second = start_without_intake(second, "Eli", "eli.race@example.com")
    wanted = times(offered_first)[0]
    assert times(offered_second)[0] == wanted
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = [pool.submit(chat.say, wanted) for chat in (first, second)]
        results = [a.result(timeout=120) for a in answers]
    won = [i for i, r in enumerate(results) if BOOKED in text(r)]
    lost = [i for i, r in enumerate(results) if "booked by someone else" in text(r)]
    assert len(won) == 1 and len(lost) == 1, [text(r) for r in results]
    fresh = times(results[lost[0]])
    assert fresh and wanted not in fresh                      # kind alternatives, without the taken time
    active = [b for chat in (first, second) for b in bookings(assistant, chat) if b["status"] == "requested"]
    assert len(active) == 1
    loser = (first, second)[lost[0]]
    assert BOOKED in text(loser.click(results[lost[0]], fresh[0]))   # the other visitor books another time
    assert len(bookings(assistant, loser)) == 1


def test_cancel_by_chat(assistant: Assistant) -> None:
    chat = assistant.conversation()
    book_first(chat, start_without_intake(chat, "Fay", "fay.cancel@example.com"))
    replies = chat.say("I want to cancel my booking")
    assert "cancelled your consultation" in text(replies), chat.transcript
    [booking] = bookings(assistant, chat)
    assert booking["status"] == "cancelled"
    assert lead(assistant, chat)["status"] == "new"
    statuses = assistant.rows("SELECT from_status, to_status FROM status_changes WHERE lead_id = :l ORDER BY id",
                              l=lead(assistant, chat)["id"])
    assert [(s["from_status"], s["to_status"]) for s in statuses][-1] == ("consultation_booked", "new")


def test_reschedule_by_chat(assistant: Assistant) -> None:
    chat = assistant.conversation()
    label, _ = book_first(chat, start_without_intake(chat, "Gus", "gus.move@example.com"))
    replies = chat.say("I'd like to reschedule")
    assert "stays in place" in text(replies) and times(replies), chat.transcript
    new_label = next(t for t in times(replies) if t != label)
    assert BOOKED in text(chat.click(replies, new_label))
    rows = bookings(assistant, chat)
    assert sorted(r["status"] for r in rows) == ["cancelled", "requested"]
    assert lead(assistant, chat)["status"] == "consultation_booked"


def test_handoff_to_a_person(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("can I talk to someone?")
    assert "pass you to a person" in text(replies), chat.transcript
    done = text(answer_person_questions(chat, replies, {"name": "Hana", "contact": "hana.person@example.com"}))
    assert "asked a person" in done and "studio" in done
    [handoff] = handoffs(assistant, chat)
    assert (handoff["kind"], handoff["status"], handoff["name"]) == ("person", "open", "Hana")
    assert handoff["lead_id"] == lead(assistant, chat)["id"]


def test_a_person_while_choosing_a_time(assistant: Assistant) -> None:
    chat = assistant.conversation()
    start_without_intake(chat, "Ivy", "ivy.person@example.com")
    replies = chat.say("I want to talk to a human")
    assert "ask for" not in text(replies).lower() and "phone number" not in text(replies), chat.transcript  # known
    done = text(answer_person_questions(chat, replies, {"reason": "whether my sister can come too",
                                                        "time": "mornings"}))
    assert "asked a person" in done, chat.transcript
    [handoff] = handoffs(assistant, chat)
    assert (handoff["kind"], handoff["name"], handoff["reason"], handoff["contact_time"]) == (
        "person", "Ivy", "whether my sister can come too", "mornings")
    assert bookings(assistant, chat) == []


# --- Cal.com, through the fake ------------------------------------------------------------------------

def _fake_times(days: int = 10) -> list[datetime]:
    zone = ZoneInfo("Europe/London")
    today = date.today()
    return [datetime.combine(today + timedelta(days=d), time(h), zone)
            for d in range(2, 2 + days) for h in (10, 11, 14) if (today + timedelta(days=d)).weekday() < 5]


@pytest.fixture(scope="module")
def calcom() -> Iterator[FakeCalcom]:
    fake = FakeCalcom(api_key=CALCOM_KEY, event_type_id=123456, requires_confirmation=True)
    fake.set_slots(_fake_times())
    fake.start_in_thread()
    yield fake
    fake.stop_thread()


@pytest.fixture(scope="module")
def calcom_assistant(calcom: FakeCalcom, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """The whole stack with ``booking.provider: calcom`` pointed at the fake."""
    workdir = tmp_path_factory.mktemp("stack-calcom")
    studio = yaml.safe_load((REPO_ROOT / "studio.yml").read_text(encoding="utf-8"))
    studio["booking"]["provider"] = "calcom"
    studio["booking"]["calcom"].update({"backoff_seconds": 0.05, "retries": 2, "timeout_seconds": 5})
    settings_file = Path(workdir) / "studio.yml"
    settings_file.write_text(yaml.safe_dump(studio), encoding="utf-8")
    yield from start_assistant("sqlite", workdir, {"STUDIO_SETTINGS": str(settings_file),
                                                   "CALCOM_API_KEY": CALCOM_KEY, "CALCOM_BASE_URL": calcom.base_url})


def test_calcom_booking_and_cancel(calcom_assistant: Assistant, calcom: FakeCalcom) -> None:
    calcom.reset()
    chat = calcom_assistant.conversation()
    replies = start_without_intake(chat, "Jo", "jo.calcom@example.com")
    [slots_call, *_] = calcom.calls("GET", "/v2/slots")
    assert slots_call.headers["authorization"] == f"Bearer {CALCOM_KEY}"
    assert slots_call.headers["cal-api-version"] == "2024-09-04"
    assert slots_call.query["eventTypeId"] == "123456" and slots_call.query["timeZone"] == "Europe/London"
    book_first(chat, replies)
    [create] = calcom.calls("POST", "/v2/bookings")
    assert create.headers["cal-api-version"] == "2024-08-13"
    assert create.json["eventTypeId"] == 123456 and create.json["start"].endswith("Z")
    assert create.json["attendee"] == {"name": "Jo", "email": "jo.calcom@example.com", "timeZone": "Europe/London",
                                       "language": "en"}
    row = lead(calcom_assistant, chat)
    assert create.json["metadata"] == {"lead_id": row["id"], "source": "chat assistant",   # no health answers
                                       "consultation": "in person"}
    [booking] = bookings(calcom_assistant, chat)
    uid = next(iter(calcom.bookings))
    assert (booking["provider"], booking["external_id"], booking["status"]) == ("calcom", uid, "requested")
    assert row["status"] == "consultation_booked"
    assert "cancelled your consultation" in chat.say_text("please cancel my booking")
    [cancel] = calcom.calls("POST", f"/v2/bookings/{uid}/cancel")
    assert cancel.json == {"cancellationReason": "cancelled by the visitor"}
    assert calcom.bookings[uid]["status"] == "cancelled"
    assert bookings(calcom_assistant, chat)[0]["status"] == "cancelled"


def test_calcom_down_falls_back_to_the_link_and_a_person(calcom_assistant: Assistant, calcom: FakeCalcom) -> None:
    calcom.reset()
    calcom.fail(500, times=3)                                  # every attempt (1 + 2 retries) fails
    chat = calcom_assistant.conversation()
    replies = chat.say("I'd like to book a consultation")
    chat.say("Kim")
    replies = chat.say("kim.down@example.com")
    reply = text(replies)
    assert "isn't answering" in reply and "https://cal.com/lumenskin/consultation?name=Kim" in reply, \
        chat.transcript
    assert not times(replies)
    assert len(calcom.calls("GET", "/v2/slots")) == 3
    [handoff] = handoffs(calcom_assistant, chat)
    row = lead(calcom_assistant, chat)
    assert handoff["kind"] == "booking_failed" and handoff["lead_id"] == row["id"]
    assert row["email"] == "kim.down@example.com" and bookings(calcom_assistant, chat) == []
