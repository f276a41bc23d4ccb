"""What a request for a person already says, and the answers to its questions, read as visitors write them."""
from __future__ import annotations

from typing import Optional

import pytest

from bot.contact import is_skip, read_contact, without_contact
from bot.handoff.context import name_answer, read_request, reason_answer, time_answer


@pytest.mark.parametrize("said,reason,when", [
    ("can someone call me, I want to know if the numbing cream is safe in pregnancy",
     "if the numbing cream is safe in pregnancy", None),
    ("can someone call me after 5pm, I want to ask if numbing cream is ok while breastfeeding",
     "if numbing cream is ok while breastfeeding", "after 5pm"),
    ("can I talk to someone about my scar", "my scar", None),
    ("I need to speak to someone about rescheduling because I'm away", "rescheduling, I'm away", None),
    ("is the numbing cream ok 2 weeks after surgery? can someone call me",
     "is the numbing cream ok 2 weeks after surgery", None),                    # "after 2" is no time to call
    ("I had surgery in the morning and the scar is red, can I speak to the practitioner",
     "I had surgery in the morning and the scar is red", None),                 # nor is "in the morning"
    ("can someone ring me tomorrow morning", None, "tomorrow morning"),
    ("please call me back any time", None, "any time"),
])
def test_the_reason_and_the_time_in_the_visitors_words(said: str, reason: Optional[str],
                                                         when: Optional[str]) -> None:
    request = read_request(said, "GB")
    assert (request.reason, request.contact_time) == (reason, when)


@pytest.mark.parametrize("said", [
    "can I talk to someone?", "talk to a human please", "I'd rather speak to a real person",
    "I want to talk to a human", "can you call me", "human", "please, a real person now", "/human_handoff", "yes",
])
def test_a_bare_request_has_no_reason(said: str) -> None:
    assert read_request(said, "GB").reason is None


def test_the_reason_is_short() -> None:
    long = "can someone call me, I want to ask " + "about the healing and the colour " * 20
    reason = read_request(long, "GB").reason
    assert reason is not None and len(reason) <= 201 and reason.endswith("…")


def test_name_and_contact_in_the_request() -> None:
    request = read_request("my name is Anna, please call me on 07911 123456 or anna@example.com", "GB")
    assert request.name == "Anna" and request.contact.phone == "+447911123456"
    assert request.contact.email == "anna@example.com" and request.reason is None


@pytest.mark.parametrize("said,name", [
    ("Anna", "Anna"), ("ask for Anna", "Anna"), ("they can ask for Anna Maria", "Anna Maria"), ("it's Jo", "Jo"),
    ("my name is anna", "Anna"), ("skip", None), ("07911 123456", None), ("yes", None),
])
def test_who_to_ask_for(said: str, name: Optional[str]) -> None:
    assert name_answer(said) == name


@pytest.mark.parametrize("said,when", [
    ("after 5pm", "after 5pm"), ("Mornings", "Mornings"), ("whenever", "any time"), ("I don't mind", "any time"),
    ("weekday evenings but not fridays", "weekday evenings but not fridays"), ("skip", None),
])
def test_when_to_get_in_touch(said: str, when: Optional[str]) -> None:
    assert time_answer(said) == when


def test_the_reason_answer() -> None:
    assert reason_answer("skip") is None and reason_answer("rather not say") is None
    assert reason_answer("I want to ask about aftercare") == "aftercare"
    assert reason_answer("is it safe if I'm pregnant?") == "is it safe if I'm pregnant?"


def test_an_email_and_a_phone_in_one_message_are_both_read() -> None:
    both = read_contact("anna@example.com or 07700 900321", "GB")
    assert (both.email, both.phone) == ("anna@example.com", "+447700900321")
    assert read_contact("call me after 5pm on 07911123456", "GB").phone == "+447911123456"
    assert read_contact("thursday 18:30, 14/12/2026", "GB").phone is None
    assert without_contact("anna@example.com, thursday at 6", "GB") == ", thursday at 6"
    assert all(is_skip(s) for s in ("skip", "Skip.", "rather not say", "no thanks"))
    assert not is_skip("Anna")
