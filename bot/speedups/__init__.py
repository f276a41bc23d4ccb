"""Measured speed-ups inside the Rasa server (docs/benchmarks.md, "Per-turn cost").

* :mod:`bot.speedups.action_results` — the action server's answer checked against a schema compiled once,
  not once per call;
* :mod:`bot.speedups.channel` — the hook that installs them when the Rasa server starts (the launcher
  lists it in var/credentials.yml).

Each one keeps Rasa's behaviour (same checks, same errors) and only removes repeated work. Nothing here runs
at import time.
"""
