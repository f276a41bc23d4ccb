"""Outcomes to a visitor's phone when their chat is closed: SMS through Twilio, or WhatsApp through the Cloud API.

Used only when the visitor's preferred contact is a phone (``sms``, ``whatsapp``, or ``phone`` for calls) and the
lead has a number: ``sms`` gets a text message, ``whatsapp`` a WhatsApp message, ``phone`` a text message or else
a WhatsApp message; whatever cannot go this way goes by e-mail (:mod:`bot.notify.visitor`).

* **SMS**: Twilio, when ``TWILIO_*`` is set and the number in ``TWILIO_WHATSAPP_NUMBER`` is an SMS number (not
  ``whatsapp:…``); never for a conversation held over Twilio (the relay reached it there already).
* **WhatsApp**: free text when the visitor wrote to the studio's WhatsApp number in the last 24 hours (read from
  the tracker store); outside that window only the approved template
  (``notifications.outcome_whatsapp_template``) with its parameters, else nothing. Never for a conversation held
  over WhatsApp (the relay has already tried that app and its own template).

The text is the notice the chat would have shown; errors are logged by type and HTTP status, never with the text
or the number.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Mapping, Optional

import aiohttp
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels import twilio_payloads as tw
from bot.channels import whatsapp_payloads as wa
from bot.channels.http import Sender
from bot.followup.send import WINDOW, last_inbound, template_body
from bot.settings import Settings
from bot.store.models import Lead

log = logging.getLogger(__name__)
SMS, WHATSAPP = "sms", "whatsapp"
#: the ways to try, in order, for each preferred contact that is a phone
BY_PREFERENCE = {"sms": (SMS,), "whatsapp": (WHATSAPP,), "phone": (SMS, WHATSAPP)}


def sms_ready(env: Mapping[str, str]) -> bool:
    number = env.get("TWILIO_WHATSAPP_NUMBER") or ""
    return bool(env.get("TWILIO_ACCOUNT_SID") and env.get("TWILIO_AUTH_TOKEN") and number
                and not number.startswith("whatsapp:"))


def whatsapp_ready(env: Mapping[str, str]) -> bool:
    return bool(env.get("WHATSAPP_ACCESS_TOKEN") and env.get("WHATSAPP_PHONE_NUMBER_ID"))


def ways(lead: Lead, env: Mapping[str, str]) -> tuple[str, ...]:
    """How to reach this lead by phone, in order (empty: by e-mail)."""
    if not lead.phone:
        return ()
    ready = {SMS: sms_ready(env) and lead.channel != "twilio",
             WHATSAPP: whatsapp_ready(env) and lead.channel != "whatsapp_cloud"}
    return tuple(way for way in BY_PREFERENCE.get(lead.preferred_contact or "", ()) if ready[way])


class PhoneSender:
    """Sends one notice by SMS or WhatsApp; one HTTP session, closed by :meth:`close`."""

    def __init__(self, settings: Settings, tracker: AsyncEngine, http: Optional[Sender] = None) -> None:
        self.settings, self.env, self.tracker = settings, settings.env, tracker
        self.http = http or Sender(attempts=2, timeout=10.0)

    async def close(self) -> None:
        await self.http.close()

    async def send(self, lead: Lead, text: str) -> Optional[str]:
        """The way it went (``sms`` or ``whatsapp``), or None when no phone way took it."""
        for way in ways(lead, self.env):
            try:
                sent = await (self._sms(lead, text) if way == SMS else self._whatsapp(lead, text))
            except (aiohttp.ClientError, OSError) as error:
                log.warning("An outcome by %s failed: %s", way, type(error).__name__)
                sent = False
            if sent:
                log.info("A notice was sent to a visitor by %s", way)
                return way
        return None

    async def _sms(self, lead: Lead, text: str) -> bool:
        sid, token = self.env["TWILIO_ACCOUNT_SID"], self.env["TWILIO_AUTH_TOKEN"]
        url = tw.messages_url(self.env.get("TWILIO_API_BASE_URL", ""), sid)
        for form in tw.message_forms(lead.phone or "", self.env["TWILIO_WHATSAPP_NUMBER"], text):
            result = await self.http.post(url, form=form, auth=aiohttp.BasicAuth(sid, token), label="outcome sms")
            if not result.ok:
                return False
        return True

    async def _whatsapp(self, lead: Lead, text: str) -> bool:
        to = "".join(ch for ch in lead.phone or "" if ch.isdigit())
        url = wa.graph_url(self.env.get("WHATSAPP_API_BASE_URL", ""),
                           self.env.get("WHATSAPP_API_VERSION") or wa.GRAPH_VERSION, self.env["WHATSAPP_PHONE_NUMBER_ID"])
        headers = {"Authorization": f"Bearer {self.env['WHATSAPP_ACCESS_TOKEN']}", "Content-Type": "application/json"}
        last = await last_inbound(self.tracker, to)
        if last is not None and datetime.now(timezone.utc) - last < WINDOW:
            bodies = wa.text_messages(to, text)
        else:
            template = self.settings.alerts.outcome_whatsapp_template
            if template is None:
                return False
            values = {"first_name": lead.first_name or "", "message": " ".join(text.split()),
                      "studio_name": str(self.settings.studio.get("name") or "")}
            bodies = [template_body(to, template, values)]
        for body in bodies:
            result = await self.http.post(url, json_body=body, headers=headers, label="outcome whatsapp")
            if not result.ok:
                return False
        return True
