"""Sending a follow-up from the web process, on the channel chosen for it.

The messaging apps' own rules hold here too (the web process calls their APIs with the payload builders and
the retrying HTTP sender of :mod:`bot.channels`, the same credentials as the Rasa connectors):

* **email**: SMTP (:mod:`bot.notify.mail`), with a ``List-Unsubscribe`` link;
* **WhatsApp Cloud**: free text within 24 hours of the visitor's last message (read from the tracker store,
  so it holds across replicas and restarts); outside it only the approved template of that kind of message
  (``followups.whatsapp_templates``), with its parameters, else nothing is sent (failed, with the reason);
* **Telegram**: any time (the visitor started the chat with the bot);
* **Twilio**: SMS any time; WhatsApp through Twilio within the window only;
* **Messenger**: within its 24-hour window only;
* **chat** (the website widget): the visitor's open chat, through the Rasa server's relay.

An :class:`Outcome` says ``sent``, ``retry`` (a temporary failure: the scheduler tries again later) or
``failed`` (it cannot go: the reason is kept and shown in the dashboard). Errors are logged by type and code,
never with the text or the address.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, Optional

import aiohttp
import aiosmtplib
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels import messenger_payloads as fb
from bot.channels import telegram_payloads as tg
from bot.channels import twilio_payloads as tw
from bot.channels import whatsapp_payloads as wa
from bot.channels.http import Result, Sender
from bot.followup.config import WhatsAppTemplate
from bot.followup.texts import Message
from bot.live.relay_client import RelayClient, RelayError
from bot.notify import mail
from bot.settings import Settings
from bot.store.models import Lead
from bot.store.tracker_events import _has_events_table, events

log = logging.getLogger(__name__)
SENT, RETRY, FAILED = "sent", "retry", "failed"
WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Outcome:
    status: str
    reason: str = ""


def _http(result: Result, label: str) -> Outcome:
    if result.ok:
        return Outcome(SENT)
    if result.status == 0 or result.status == 429 or result.status >= 500:
        return Outcome(RETRY, f"{label}: HTTP {result.status or 'no answer'}")
    return Outcome(FAILED, f"{label} refused it (HTTP {result.status})")


async def last_inbound(tracker: AsyncEngine, conversation_id: str) -> Optional[datetime]:
    """When the visitor last wrote (the tracker store's latest ``user`` event), or None."""
    if not await _has_events_table(tracker):
        return None
    async with tracker.connect() as conn:
        stamp = await conn.scalar(select(func.max(events.c.timestamp)).where(
            events.c.sender_id == conversation_id, events.c.type_name == "user"))
    return None if stamp is None else datetime.fromtimestamp(float(stamp), tz=timezone.utc)


def template_body(to: str, template: WhatsAppTemplate, values: dict[str, str]) -> dict[str, Any]:
    """A WhatsApp template message with its body parameters (the only thing allowed outside the window)."""
    content: dict[str, Any] = {"name": template.name, "language": {"code": template.language}}
    if template.parameters:
        content["components"] = [{"type": "body", "parameters": [
            {"type": "text", "text": values.get(name, "") or "-"} for name in template.parameters]}]
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": "template",
            "template": content}


class Senders:
    """Every channel's way out, for one web process (one HTTP sender; SMTP connects per message)."""

    def __init__(self, settings: Settings, tracker: AsyncEngine, relay: Optional[RelayClient] = None,
                 http: Optional[Sender] = None) -> None:
        self.settings, self.env, self.tracker, self.relay = settings, settings.env, tracker, relay
        self.http = http or Sender(attempts=1, timeout=15.0)     # the scheduler retries, with backoff

    async def close(self) -> None:
        await self.http.close()

    async def _window_open(self, conversation_id: str, now: datetime) -> bool:
        last = await last_inbound(self.tracker, conversation_id)
        return last is not None and now - last < WINDOW

    async def send(self, channel: str, lead: Lead, kind: str, message: Message, now: datetime,
                   stop_url: str = "") -> Outcome:
        handler = {"email": self._email, "whatsapp_cloud": self._whatsapp, "telegram": self._telegram,
                   "twilio": self._twilio, "facebook": self._messenger, "chat": self._chat}.get(channel)
        if handler is None:
            return Outcome(FAILED, f"no way to send on {channel!r}")
        try:
            return await handler(lead, kind, message, now, stop_url)
        except (aiohttp.ClientError, OSError, aiosmtplib.SMTPException, asyncio.TimeoutError) as error:
            log.warning("follow-up by %s failed: %s", channel, type(error).__name__)
            return Outcome(RETRY, f"{channel}: {type(error).__name__}")

    async def _email(self, lead: Lead, kind: str, message: Message, now: datetime, stop_url: str) -> Outcome:
        if not lead.email:
            return Outcome(FAILED, "no e-mail address")
        if not mail.configured(self.settings):
            return Outcome(FAILED, "e-mail is not set up (SMTP_HOST)")
        sender = mail.sender_address(self.settings)
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = sender, lead.email, message.subject
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
        msg["Auto-Submitted"] = "auto-generated"
        if stop_url:
            msg["List-Unsubscribe"] = f"<{stop_url}>"
        studio = message.values.get("studio_name", "")
        links = "".join(f"\n{label}: {url}" for label, url in message.actions)
        msg.set_content(f"{message.text}\n{links}\n\n— {studio}\n" if links else f"{message.text}\n\n— {studio}\n")
        try:
            await mail.deliver(self.settings, msg)
        except aiosmtplib.SMTPRecipientsRefused:
            return Outcome(FAILED, "the mail server refused the address")
        return Outcome(SENT)

    async def _whatsapp(self, lead: Lead, kind: str, message: Message, now: datetime, stop_url: str) -> Outcome:
        token, number = self.env.get("WHATSAPP_ACCESS_TOKEN"), self.env.get("WHATSAPP_PHONE_NUMBER_ID")
        if not token or not number:
            return Outcome(FAILED, "WhatsApp is not set up")
        url = wa.graph_url(self.env.get("WHATSAPP_API_BASE_URL", ""), self.env.get("WHATSAPP_API_VERSION") or
                           wa.GRAPH_VERSION, number)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        to = lead.conversation_id
        if await self._window_open(to, now):
            bodies = wa.text_messages(to, message.text)
        else:
            template = self.settings.followups.whatsapp_templates.get(kind)
            if template is None:
                return Outcome(FAILED, "outside WhatsApp's 24-hour window, and no approved template for this "
                                       "kind of message (followups.whatsapp_templates)")
            bodies = [template_body(to, template, message.values)]
        for body in bodies:
            outcome = _http(await self.http.post(url, json_body=body, headers=headers, label="follow-up whatsapp"),
                            "WhatsApp")
            if outcome.status != SENT:
                return outcome
        return Outcome(SENT)

    async def _telegram(self, lead: Lead, kind: str, message: Message, now: datetime, stop_url: str) -> Outcome:
        token = self.env.get("TELEGRAM_TOKEN")
        if not token:
            return Outcome(FAILED, "Telegram is not set up")
        url = tg.method_url(self.env.get("TELEGRAM_API_BASE_URL", ""), token, "sendMessage")
        for body in tg.send_messages(lead.conversation_id, message.text):
            outcome = _http(await self.http.post(url, json_body=body, label="follow-up telegram"), "Telegram")
            if outcome.status != SENT:
                return outcome
        return Outcome(SENT)

    async def _twilio(self, lead: Lead, kind: str, message: Message, now: datetime, stop_url: str) -> Outcome:
        sid, token, number = (self.env.get("TWILIO_ACCOUNT_SID"), self.env.get("TWILIO_AUTH_TOKEN"),
                              self.env.get("TWILIO_WHATSAPP_NUMBER"))
        if not sid or not token or not number:
            return Outcome(FAILED, "Twilio is not set up")
        to = lead.conversation_id
        if to.startswith("whatsapp:") and not await self._window_open(to, now):
            return Outcome(FAILED, "outside WhatsApp's 24-hour window (Twilio templates are not set up)")
        url = tw.messages_url(self.env.get("TWILIO_API_BASE_URL", ""), sid)
        for form in tw.message_forms(to, number, message.text):
            outcome = _http(await self.http.post(url, form=form, auth=aiohttp.BasicAuth(sid, token),
                                                 label="follow-up twilio"), "Twilio")
            if outcome.status != SENT:
                return outcome
        return Outcome(SENT)

    async def _messenger(self, lead: Lead, kind: str, message: Message, now: datetime, stop_url: str) -> Outcome:
        token = self.env.get("FACEBOOK_PAGE_ACCESS_TOKEN")
        if not token:
            return Outcome(FAILED, "Messenger is not set up")
        if not await self._window_open(lead.conversation_id, now):
            return Outcome(FAILED, "outside Messenger's 24-hour window")
        url = fb.send_url(self.env.get("FACEBOOK_API_BASE_URL", ""))
        for body in fb.send_bodies(lead.conversation_id, message.text, []):
            outcome = _http(await self.http.post(url, json_body=body, params={"access_token": token},
                                                 label="follow-up messenger"), "Messenger")
            if outcome.status != SENT:
                return outcome
        return Outcome(SENT)

    async def _chat(self, lead: Lead, kind: str, message: Message, now: datetime, stop_url: str) -> Outcome:
        if self.relay is None:
            return Outcome(FAILED, "the website chat cannot be reached from here")
        try:
            answer = await self.relay.notify(lead.conversation_id, message.text)
        except RelayError as error:
            if error.status == 404:
                return Outcome(FAILED, "the conversation no longer exists")
            return Outcome(RETRY, f"relay: {error.status}")
        if answer.delivered:
            return Outcome(SENT)
        return Outcome(RETRY, "the website chat is not open and there is no e-mail address")
