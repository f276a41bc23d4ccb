"""Webhook notifications: a JSON POST signed with HMAC-SHA256.

URL: ``notifications.webhook_url`` in studio.yml; secret: NOTIFY_WEBHOOK_SECRET.
The signature of the raw body is sent as ``X-Signature-256: sha256=<hex>``;
without a secret nothing is sent (an unsigned webhook could be forged).
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging

import aiohttp

from bot.notify.message import Notification
from bot.settings import Settings

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10.0
HEADER = "X-Signature-256"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """For receivers (and tests): constant-time check of a signature header."""
    return hmac.compare_digest(sign(secret, body), header or "")


async def send(settings: Settings, note: Notification) -> bool:
    """POST the notification; False when no webhook is configured."""
    url = str(settings.notifications.get("webhook_url") or "").strip()
    if not url:
        return False
    secret = settings.env.get("NOTIFY_WEBHOOK_SECRET") or ""
    if not secret:
        log.warning("Webhook notification not sent: NOTIFY_WEBHOOK_SECRET is not set")
        return False
    body = json.dumps(note.payload(), separators=(",", ":"), ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", HEADER: sign(secret, body),
               "User-Agent": "consultation-assistant-notify/1"}
    timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.post(url, data=body, headers=headers, allow_redirects=False) as response:
            response.raise_for_status()
    log.info("Notification %s sent to the webhook", note.kind)
    return True
