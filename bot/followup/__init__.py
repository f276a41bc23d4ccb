"""Follow-up that happens: messages to a visitor scheduled in the leads database and sent by the web process.

* :mod:`bot.followup.models`: ``scheduled_messages`` (lead, kind, due time in UTC, channel, state,
  attempts), ``followup_stops`` (a visitor who said "stop") and ``treatment_sessions``;
* :mod:`bot.followup.config`: the ``followups`` section of studio.yml, typed and checked;
* :mod:`bot.followup.timing`: due times in the studio's time zone (daylight saving) and quiet hours;
* :mod:`bot.followup.visitor_zone`: the visitor's time zone from their phone number, for the quiet hours;
* :mod:`bot.followup.plan`: what should be scheduled — reminders of active bookings, the "not yet" date,
  aftercare, the healing check-in and the touch-up recall — kept in step with the bookings and leads;
* :mod:`bot.followup.queue`: claiming due messages exactly once (``FOR UPDATE SKIP LOCKED`` on PostgreSQL,
  a conditional ``UPDATE ... WHERE state = 'scheduled'`` elsewhere), retries, cancellation, opt-out;
* :mod:`bot.followup.send`: e-mail (SMTP), WhatsApp Cloud (an approved template outside the 24-hour window),
  Telegram, Twilio SMS, Messenger within its window, the open website chat (relay);
* :mod:`bot.followup.scheduler`: one round of the background job;
* :mod:`bot.followup.web`: the stop link, and the dashboard's list / cancel / "session done";
* :mod:`bot.followup.manage` and :mod:`bot.followup.manage_web`: the practitioner adds and moves messages;
* :mod:`bot.followup.week`: "Follow-ups this week" in the dashboard;
* :mod:`bot.followup.visit_links` and :mod:`bot.followup.visit_web`: a reminder e-mail's signed confirm / cancel /
  change links and their pages.

Importing this package loads nothing: only the submodules do.
"""
