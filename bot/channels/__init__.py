"""Messaging-app channels of the Rasa server: WhatsApp Cloud API, Telegram, Twilio, Messenger.

The connector modules (``whatsapp_cloud``, ``telegram``, ``twilio``, ``facebook``)
run inside the Rasa server's environment. The ``*_payloads`` modules, ``buttons``,
``window``, ``keys`` and ``resume`` use the standard library only, so the app
environment (tests, action server, web app) can import them too.
"""
