"""Send a notification through every configured channel (e-mail, webhook)."""
from __future__ import annotations

import asyncio
import logging
from typing import Optional

from bot.notify import mail, webhook
from bot.notify.message import KINDS, build
from bot.settings import Settings

log = logging.getLogger(__name__)
_background: set[asyncio.Task[None]] = set()


async def notify(settings: Settings, kind: str, lead_id: Optional[str], summary: str,
                 path: Optional[str] = None) -> None:
    """Send a notification by e-mail and webhook, as configured. Never raises (except cancellation)."""
    try:
        if kind not in KINDS:
            log.warning("Unknown notification kind %r: sent as a generic notification", kind)
        note = build(settings, kind, lead_id, summary, path)
        results = await asyncio.gather(mail.send(settings, note), webhook.send(settings, note),
                                       return_exceptions=True)
        for channel, result in zip(("email", "webhook"), results):
            if isinstance(result, asyncio.CancelledError):
                raise result
            if isinstance(result, BaseException):
                log.error("Notification %s by %s failed: %s", kind, channel, type(result).__name__)
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # noqa: BLE001 - a notification must never break the chat
        log.error("Notification %s failed: %s", kind, type(exc).__name__)


def notify_in_background(settings: Settings, kind: str, lead_id: Optional[str], summary: str) -> None:
    """Fire and forget (from a running event loop): the reply to the visitor does not wait for SMTP."""
    task = asyncio.get_running_loop().create_task(notify(settings, kind, lead_id, summary))
    _background.add(task)
    task.add_done_callback(_background.discard)
