"""Replayed messaging-app deliveries (issue 15, finding 8): each message once, none older than MAX_MESSAGE_AGE.

The platforms sign a body but put no expiry on the signature: a captured delivery
stays valid. Every connector claims the message id before handling it (the
``processed_messages`` table here), and messages older than ``MAX_MESSAGE_AGE``
(7 days, less than the ids are kept) are ignored, so a capture replayed later
changes nothing either. The Cal.com webhook has its own tests in
tests/booking/test_calcom_webhook.py.
"""
from __future__ import annotations

import time

import pytest

from tests.channels.conftest import Fakes
from tests.channels.visitors import MESSAGING, Visitor, wait_until
from tests.harness import Assistant

pytestmark = pytest.mark.conversation
EIGHT_DAYS = 8 * 24 * 3600


@pytest.mark.parametrize("channel", MESSAGING)
def test_a_replayed_delivery_is_handled_once(messaging_assistant: Assistant, fakes: Fakes, channel: str) -> None:
    visitor = Visitor(messaging_assistant, fakes, channel)
    delivery = visitor.delivery("how much does it cost for a scar?")
    assert [visitor.post(delivery) for _ in range(3)] == [200, 200, 200]
    assert visitor.user_texts() == ["how much does it cost for a scar?"]
    replies = len(visitor.replies())
    assert replies > 0
    assert visitor.post(delivery) == 200
    assert len(visitor.replies()) == replies                                # no answer to the replay either
    claims = messaging_assistant.rows("SELECT COUNT(*) AS n FROM processed_messages WHERE channel = :c", c=channel)
    assert claims[0]["n"] >= 1


@pytest.mark.parametrize("channel", ["whatsapp_cloud", "telegram", "facebook"])
def test_a_captured_message_replayed_days_later_is_ignored(messaging_assistant: Assistant, fakes: Fakes,
                                                           channel: str) -> None:
    visitor = Visitor(messaging_assistant, fakes, channel)
    assert visitor.say("please delete my data", sent_at=time.time() - EIGHT_DAYS) == 200    # no retry from the platform
    assert visitor.events() == 0 and visitor.replies() == []
    assert visitor.say("hi", sent_at=time.time() - 60) == 200              # a minute late is fine
    assert wait_until(lambda: visitor.user_texts() == ["hi"], timeout=30)
