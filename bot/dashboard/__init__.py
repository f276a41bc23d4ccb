"""The practitioner's dashboard: sign-in, leads, queues, overview, export and audit log.

Mounted by :func:`bot.dashboard.setup.setup_dashboard` as a sub-application at
``/dashboard/``.
"""
