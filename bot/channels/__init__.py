"""Messaging-app channels of the Rasa server: WhatsApp Cloud API, Telegram, Twilio, Messenger, REST.

The connector modules (``whatsapp_cloud``, ``telegram``, ``twilio``, ``facebook``,
``rest``) and ``base`` and ``guard`` run inside the Rasa server's environment.
The ``*_payloads`` modules, ``buttons``, ``window``, ``keys``, ``ids`` and
``resume`` use the standard library only, so the app environment (tests,
action server, web app) can import them too. Limits shared by every channel
(message length, request size, rates) live in :mod:`bot.limits`.
"""
