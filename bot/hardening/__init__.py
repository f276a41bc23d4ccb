"""Security controls around the servers we do not write ourselves (Rasa, rasa-sdk).

* :mod:`bot.hardening.logs` — a logging filter that keeps visitor text out of every log line;
* :mod:`bot.hardening.rasa_server` — the Rasa server's network defaults (no version banner, socket.io origins);
* :mod:`bot.hardening.action_server` — the action server accepts only Rasa's authenticated JSON calls.

Nothing here runs at import time: the entry points and the launcher wire them in.
"""
