"""The link handoff: name and email in the URL, nothing else, properly encoded."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bot.booking.base import Attendee
from bot.booking.link import LinkProvider, booking_url


def test_name_and_email_are_url_encoded() -> None:
    url = booking_url("https://cal.com/lumenskin/consultation", "Zoë & Ann", "zoe+test@example.com")
    assert url == "https://cal.com/lumenskin/consultation?name=Zo%C3%AB%20%26%20Ann&email=zoe%2Btest%40example.com"
    assert parse_qs(urlsplit(url).query) == {"name": ["Zoë & Ann"], "email": ["zoe+test@example.com"]}


def test_existing_parameters_are_kept_and_prefill_replaced() -> None:
    url = booking_url("https://book.example/c?ref=chat&name=old#top", "Anna", None)
    parts = urlsplit(url)
    assert parse_qs(parts.query) == {"ref": ["chat"], "name": ["Anna"]}
    assert parts.fragment == "top"
    assert booking_url("https://book.example/c") == "https://book.example/c"


def test_no_health_answers_ever_reach_the_url() -> None:
    provider = LinkProvider("https://cal.com/lumenskin/consultation")
    attendee = Attendee(name="Anna", email="anna@example.com", phone="+447911123456", time_zone="Europe/London")
    url = provider.url_for(attendee)
    query = parse_qs(urlsplit(url).query)
    assert set(query) == {"name", "email"}                      # not the phone, not the intake
    for word in ("scar", "keloid", "pregnan", "diabetes", "allerg", "7911", "Europe"):
        assert word not in url
