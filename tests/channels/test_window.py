"""The 24-hour customer-service window."""
from __future__ import annotations

from bot.channels.window import CLOSED, OPEN, TEMPLATE, ServiceWindow


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_open_for_24_hours_after_the_visitor_wrote() -> None:
    clock = Clock()
    window = ServiceWindow(clock=clock)
    assert window.decide("a") == CLOSED                       # never wrote (or before a restart)
    window.inbound("a")
    clock.now += 24 * 3600 - 1
    assert window.decide("a") == OPEN
    clock.now += 1
    assert window.decide("a") == CLOSED


def test_template_once_outside_the_window_until_the_visitor_writes_again() -> None:
    clock = Clock()
    window = ServiceWindow(clock=clock)
    window.inbound("a", at=clock.now - 25 * 3600)              # a late webhook delivery of an old message
    assert window.decide("a", template_configured=True) == TEMPLATE
    window.template_sent("a")
    assert window.decide("a", template_configured=True) == CLOSED
    window.inbound("a")
    assert window.decide("a", template_configured=True) == OPEN


def test_future_timestamps_and_out_of_order_deliveries() -> None:
    clock = Clock()
    window = ServiceWindow(clock=clock)
    window.inbound("a", at=clock.now + 10 * 24 * 3600)        # a wrong clock cannot keep it open
    clock.now += 24 * 3600
    assert window.decide("a") == CLOSED
    window.inbound("a")
    window.inbound("a", at=clock.now - 30 * 3600)              # an older message arriving late
    assert window.decide("a") == OPEN


def test_bounded() -> None:
    window = ServiceWindow(capacity=2)
    for visitor in "abc":
        window.inbound(visitor)
    assert not window.is_open("a") and window.is_open("c")


def test_a_time_learnt_elsewhere_opens_the_window_only_when_newer() -> None:
    now = [1_000_000.0]
    window = ServiceWindow(clock=lambda: now[0])
    window.learn("447700900001", now[0] - 25 * 3600)          # from the tracker store: 25 hours ago
    assert window.decide("447700900001", True) == TEMPLATE
    window.template_sent("447700900001")
    window.learn("447700900001", now[0] - 26 * 3600)          # older: changes nothing
    assert window.decide("447700900001", True) == CLOSED
    window.learn("447700900001", now[0] - 60)                 # the visitor wrote on another replica
    assert window.decide("447700900001", True) == OPEN
    window.learn("447700900002", None)
    assert window.decide("447700900002") == CLOSED
