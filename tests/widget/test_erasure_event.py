"""The erasure tells the website widget to forget its copy, and tells no other channel anything odd."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.privacy import WIDGET_ERASED_EVENT, ActionConfirmErasure
from bot.actions.runtime import Runtime
from tests.actions.conftest import make_tracker, runtime  # noqa: F401 - the fixture


@pytest.mark.parametrize("channel, sender, widget_told", [
    ("socketio", "0" * 32, True), ("whatsapp", "447911123456", False), ("rest", "visitor-1", False)])
async def test_a_confirmed_erasure_sends_the_widget_event_on_the_website_only(
        runtime: Runtime, channel: str, sender: str, widget_told: bool) -> None:  # noqa: F811
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("yes", intent="affirm", slots={"pending_offer": "erase"}, channel=channel, sender=sender)
    await ActionConfirmErasure().run(dispatcher, tracker, {})
    assert "erased" in dispatcher.messages[0]["text"]
    custom = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    # Rasa's socket.io channel emits the custom message's `data` as the bot message the widget receives
    assert custom == ([{"data": {"event": WIDGET_ERASED_EVENT}}] if widget_told else [])
