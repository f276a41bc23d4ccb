"""Booking a consultation: one provider interface, three implementations.

* ``calendar`` — the studio's own calendar in the leads database (default);
* ``calcom`` — Cal.com API v2;
* ``link`` — a booking page URL prefilled with name and email only.

:func:`bot.booking.providers.make_provider` picks one from ``studio.yml``.
Nothing here runs at import time.
"""
