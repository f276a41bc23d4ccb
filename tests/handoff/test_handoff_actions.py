"""Asking for a person, with rasa-sdk trackers on a real database: what the request says is kept, only the
rest is asked, "skip" works, both an email and a phone are kept, and the notification never carries the reason."""
from __future__ import annotations

from typing import Any, Callable, Optional

import pytest
import pytest_asyncio

from bot.actions import handoff
from bot.actions.runtime import Runtime
from bot.store.models import Handoff, Lead
from tests.booking.test_booking_actions import Chat, _rows, _with_lead, followup

FORM = "handoff_contact_form"


@pytest_asyncio.fixture
async def runtime(runtime_for: Callable[..., Runtime]) -> Runtime:
    return runtime_for()


@pytest.fixture
def notes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Optional[str], str]]:
    sent: list[tuple[str, Optional[str], str]] = []

    async def notify(kind: str, lead_id: Optional[str], summary: str) -> None:
        sent.append((kind, lead_id, summary))

    monkeypatch.setattr(handoff, "notify_practitioner", notify)
    return sent


async def ask(chat: Chat, text: str, channel: str = "rest") -> list[dict[str, Any]]:
    return await chat.run(handoff.ActionHumanHandoff(), text, "human_handoff", channel=channel)


async def answer(chat: Chat, slot: str, text: str, intent: Optional[str] = None) -> None:
    await chat.answer(handoff.ValidateHandoffContactForm(), slot, text, intent, loop=FORM)


async def test_what_the_request_says_is_kept_and_only_the_rest_asked(runtime: Runtime, notes: list[Any]) -> None:
    chat = Chat(runtime, "rich")
    events = await ask(chat, "can someone call me after 5pm, I want to ask if numbing cream is ok while breastfeeding")
    assert followup(events) == FORM and "pass you to a person" in chat.text()
    assert chat.slots["handoff_reason"] == "if numbing cream is ok while breastfeeding"
    assert chat.slots["handoff_time"] == "after 5pm" and chat.slots["handoff_name"] is None
    await answer(chat, "handoff_name", "Gina")
    assert chat.slots["requested_slot"] == "handoff_contact"
    await answer(chat, "handoff_contact", "anna@example.com or 07700 900321")
    assert chat.slots["requested_slot"] is None
    await chat.run(handoff.ActionHandoffContactSaved(), latest_action=FORM)
    assert "asked a person at the studio to contact you" in chat.text()
    [row] = await _rows(runtime, Handoff, conversation_id="rich")
    assert (row.name, row.reason, row.contact_time) == ("Gina", "if numbing cream is ok while breastfeeding",
                                                        "after 5pm")
    [lead] = await _rows(runtime, Lead, conversation_id="rich")
    assert (lead.first_name, lead.email, lead.phone) == ("Gina", "anna@example.com", "+447700900321")
    assert notes == [("handoff", lead.id, "A visitor asked to talk to a person (reason given)")]
    assert all(h is None for h in (chat.slots[s] for s in handoff.SLOTS))


async def test_skip_leaves_optional_items_out_and_messaging_apps_need_no_contact(runtime: Runtime,
                                                                                  notes: list[Any]) -> None:
    chat = Chat(runtime, "app")
    events = await ask(chat, "can I talk to a real person", channel="twilio")
    assert followup(events) == FORM and chat.slots["handoff_contact"] == "given"
    await answer(chat, "handoff_name", "skip")
    assert chat.slots["requested_slot"] == "handoff_reason"
    await answer(chat, "handoff_reason", "skip", "stop")           # "skip" taken for "stop" by the NLU
    await answer(chat, "handoff_time", "Skip")
    assert chat.slots["requested_slot"] is None
    await chat.run(handoff.ActionHandoffContactSaved(), latest_action=FORM, channel="twilio")
    [row] = await _rows(runtime, Handoff, conversation_id="app")
    assert (row.name, row.reason, row.contact_time, row.channel) == (None, None, None, "twilio")
    assert [summary for _, _, summary in notes] == ["A visitor asked to talk to a person"]


async def test_a_visitor_who_told_everything_is_passed_on_at_once(runtime: Runtime, notes: list[Any]) -> None:
    await _with_lead(runtime, "known", first_name="Hana", email="hana@example.com")
    chat = Chat(runtime, "known")
    events = await ask(chat, "can someone call me tomorrow morning about the price of two sessions")
    assert followup(events) is None and "asked a person at the studio" in chat.text()
    [row] = await _rows(runtime, Handoff, conversation_id="known")
    assert (row.name, row.reason, row.contact_time) == ("Hana", "the price of two sessions", "tomorrow morning")


async def test_asking_again_adds_to_the_open_request(runtime: Runtime, notes: list[Any]) -> None:
    await _with_lead(runtime, "twice", first_name="Ida", email="ida@example.com")
    chat = Chat(runtime, "twice")
    await ask(chat, "can someone call me any time about aftercare creams")
    events = await ask(chat, "please call me, also about the colour matching")
    assert followup(events) is None and "already asked a person" in chat.text()
    [row] = await _rows(runtime, Handoff, conversation_id="twice")
    assert row.reason == "aftercare creams / the colour matching" and len(notes) == 1


async def test_contact_in_any_answer_is_kept_and_not_asked_again(runtime: Runtime, notes: list[Any]) -> None:
    chat = Chat(runtime, "early")
    await ask(chat, "I'd like to speak to someone")
    await answer(chat, "handoff_name", "Jo, 07911 123456")
    assert chat.slots["handoff_name"] == "Jo" and chat.slots["handoff_contact"] == "given"
    await answer(chat, "handoff_reason", "whether I can come with my sister")
    assert chat.slots["requested_slot"] == "handoff_time"
    [lead] = await _rows(runtime, Lead, conversation_id="early")
    assert lead.phone == "+447911123456"


async def test_a_contact_is_needed_on_the_web(runtime: Runtime, notes: list[Any]) -> None:
    chat = Chat(runtime, "web")
    await ask(chat, "talk to a human")
    for slot in ("handoff_name", "handoff_reason"):
        await answer(chat, slot, "skip")
    await answer(chat, "handoff_contact", "skip")
    assert chat.slots["requested_slot"] == "handoff_contact" and "need an email address" in chat.text()
    await answer(chat, "handoff_contact", "07700 900321, after 6 is best")
    assert chat.slots["handoff_time"] == "after 6" and chat.slots["requested_slot"] is None


async def test_stop_passes_nothing_on(runtime: Runtime, notes: list[Any]) -> None:
    chat = Chat(runtime, "stop")
    await ask(chat, "can I talk to someone")
    await answer(chat, "handoff_name", "never mind")
    assert chat.slots["requested_slot"] is None
    await chat.run(handoff.ActionHandoffContactSaved(), latest_action=FORM)
    assert "haven't passed anything on" in chat.text()
    assert await _rows(runtime, Handoff, conversation_id="stop") == [] and notes == []


async def test_a_request_written_in_spanish_is_held_in_spanish(runtime: Runtime, notes: list[Any]) -> None:
    """The studio speaks Spanish: the questions, the answers read and the closing words stay in it, and the
    request tells the person who calls back to speak Spanish."""
    chat = Chat(runtime, "hola")
    events = await ask(chat, "Hola, quiero que me llame alguien del estudio, tengo vitiligo en las manos")
    assert followup(events) == FORM and chat.slots["conversation_language"] == "es"
    assert "le paso con una persona del estudio" in chat.text()
    await answer(chat, "handoff_name", "Me llamo Carmen Ortega")
    assert chat.slots["handoff_name"].startswith("Carmen")
    await chat.run(handoff.ActionAskHandoffContact(), latest_action=FORM)
    assert "correo electrónico o su número de teléfono" in chat.text()
    await answer(chat, "handoff_contact", "612 345 678")      # a Spanish mobile, written as at home
    await chat.run(handoff.ActionAskHandoffTime(), latest_action=FORM)
    assert "Por la tarde" in [b["title"] for b in chat.buttons()]
    await answer(chat, "handoff_time", "los martes por la tarde")
    await chat.run(handoff.ActionHandoffContactSaved(), latest_action=FORM)
    assert chat.text().startswith("Gracias, Carmen.") and "en español" in chat.text()
    [row] = await _rows(runtime, Handoff, conversation_id="hola")
    assert row.reason.startswith(handoff.SPEAKS_SPANISH) and "vitiligo" in row.reason
    assert row.contact_time and "tarde" in row.contact_time
    [lead] = await _rows(runtime, Lead, conversation_id="hola")
    assert lead.phone == "+34612345678"


async def test_a_question_only_the_caller_can_answer_is_passed_on_not_read_as_a_name(runtime: Runtime,
                                                                                     notes: list[Any]) -> None:
    chat = Chat(runtime, "yes-or-no")
    await ask(chat, "I dont want a questionnaire I want to talk to an actual person about work another salon did")
    await answer(chat, "handoff_name", "just tell me yes or no, can it be fixed")
    assert chat.slots["handoff_name"] is None and "didn't catch a name" not in chat.text()
    assert "pass your question on" in chat.text()
    assert "can it be fixed" in chat.slots["handoff_reason"]


async def test_asking_again_repeats_the_time_they_asked_for_not_a_few_hours(runtime: Runtime,
                                                                            notes: list[Any]) -> None:
    await _with_lead(runtime, "evenings", first_name="Sharon", phone="+447700900865")
    chat = Chat(runtime, "evenings")
    await ask(chat, "can someone call me after half 6 about my pacemaker scar")
    [row] = await _rows(runtime, Handoff, conversation_id="evenings")
    assert row.contact_time and "6:30" in row.contact_time
    await ask(chat, "I want to talk to an actual person, not fill in a form")
    assert "already asked a person" in chat.text() and "6:30" in chat.text() and "few hours" not in chat.text()


async def test_a_time_said_after_asking_for_a_call_is_for_the_call_not_a_booking(runtime: Runtime,
                                                                                 notes: list[Any]) -> None:
    from bot.actions.booking import ActionStartBooking
    from bot.store.models import Booking

    await _with_lead(runtime, "call-time", first_name="Sharon", phone="+447700900865")
    chat = Chat(runtime, "call-time")
    await ask(chat, "can someone call me any time about my scar")
    events = await chat.run(ActionStartBooking(), "No. AFTER half 6. Thursday evening is best.", "book_consultation")
    assert followup(events) is None and "nothing is booked" in chat.text()
    [row] = await _rows(runtime, Handoff, conversation_id="call-time")
    assert "6:30" in (row.contact_time or "") and "Thursday" in (row.contact_time or "")
    assert await _rows(runtime, Booking, conversation_id="call-time") == []
    await chat.run(ActionStartBooking(), "ok can I book a consultation on Thursday at 6pm too?", "book_consultation")
    assert "nothing is booked" not in chat.text()              # a visit asked for in words is booked as usual
