"""Small helpers shared by the actions."""
from __future__ import annotations

from typing import Any, Iterable, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

MESSAGING_CHANNELS = {"telegram", "twilio", "facebook", "whatsapp", "whatsapp_cloud"}
FAQ_CONFIDENCE = 0.5


def channel_of(tracker: Tracker) -> str:
    return tracker.get_latest_input_channel() or "rest"


def is_messaging_app(tracker: Tracker) -> bool:
    return channel_of(tracker) in MESSAGING_CHANNELS


def latest_intent(tracker: Tracker) -> tuple[Optional[str], float]:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def faq_response(tracker: Tracker, min_confidence: float = 0.0) -> Optional[str]:
    """The ``utter_faq/<topic>`` chosen by the response selector for the latest message."""
    selector = (tracker.latest_message.get("response_selector") or {}).get("faq") or {}
    response = selector.get("response") or {}
    key = response.get("intent_response_key")
    if not key or float(response.get("confidence") or 0.0) < min_confidence:
        return None
    return f"utter_{key}"


def faq_ranking(tracker: Tracker) -> list[tuple[str, float]]:
    """(topic, confidence) pairs from the response selector, best first."""
    selector = (tracker.latest_message.get("response_selector") or {}).get("faq") or {}
    ranking = selector.get("ranking") or []
    return [(str(r.get("intent_response_key", "")).removeprefix("faq/"), float(r.get("confidence") or 0.0))
            for r in ranking if r.get("intent_response_key")]


def buttons(pairs: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"title": title, "payload": payload} for title, payload in pairs]


def utter_faq(dispatcher: CollectingDispatcher, response: str, values: dict[str, str]) -> None:
    """Send a studio answer with the studio's facts filled in."""
    dispatcher.utter_message(response=response, **values)


async def notify_practitioner(kind: str, lead_id: Optional[str], summary: str) -> None:
    """Tell the practitioner (email / webhook, as configured). Never fails the chat."""
    from bot.actions.runtime import get_runtime
    from bot.notify import notify

    await notify(get_runtime().settings, kind, lead_id, summary)
