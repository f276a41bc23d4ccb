"""A reminder e-mail through the local SMTP server carries the signed confirm / cancel / change links (frozen
clock): they name no one, expire when the consultation ends, and only reminders carry them."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import unquote

from bot.channels.resume import open_token, resume_secret
from bot.followup.scheduler import Scheduler
from bot.followup.send import Senders
from bot.store.models import LeadStatus
from tests.followup.conftest import Db, add_booking, add_lead, make_settings, smtp_env, utc

LINK = re.compile(r"^(Confirm you are coming|Cancel the consultation|Change the time): "
                  r"https://studio\.example/consultation/(confirm|cancel|change)\?t=(\S+)$", re.M)


async def test_a_reminder_email_carries_signed_links_that_expire_with_the_consultation(  # type: ignore[no-untyped-def]
        db: Db, tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    settings = make_settings(tmp_path, DATABASE_URL=db.url, **smtp_env(port))
    lead = await add_lead(db.sessions, "Anna", email_address="anna@example.com")
    booking = await add_booking(db.sessions, lead, utc(2026, 12, 10, 11, 0), minutes=30)
    senders = Senders(settings, db.tracker)
    job = Scheduler(db.sessions, db.tracker, settings, senders)
    await job.run_once(utc(2026, 12, 1, 12, 0))
    await job.run_once(utc(2026, 12, 9, 11, 0))                       # the 24-hour reminder
    await senders.close()
    [mail] = inbox.messages
    body = mail.get_content()
    links = LINK.findall(body.replace("\r\n", "\n"))
    assert [action for _, action, _ in links] == ["confirm", "cancel", "change"]
    assert len({token for _, _, token in links}) == 1                  # one token, the action in the path
    token = unquote(links[0][2])
    secret = resume_secret(settings.env)
    assert open_token(token, secret, now=utc(2026, 12, 10, 11, 29).timestamp()) == f"visit:{booking.id}"
    assert open_token(token, secret, now=utc(2026, 12, 10, 11, 30).timestamp()) is None    # over: expired
    for _, _, raw in links:
        for private in (booking.id, lead.id, "anna", "Anna", lead.conversation_id):
            assert private not in raw


async def test_only_reminders_carry_them(db: Db, tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp
    settings = make_settings(tmp_path, DATABASE_URL=db.url, **smtp_env(port))
    await add_lead(db.sessions, "Bea", email_address="bea@example.com", follow_up_date=date(2027, 8, 2),
                   status=LeadStatus.not_yet_ready)
    senders = Senders(settings, db.tracker)
    job = Scheduler(db.sessions, db.tracker, settings, senders)
    await job.run_once(utc(2027, 8, 2, 9, 0))
    await senders.close()
    [mail] = [m for m in inbox.messages if m["To"] == "bea@example.com"]    # (the studio is told too)
    assert "/consultation/" not in mail.get_content() and "/demo?resume=" in mail.get_content()
