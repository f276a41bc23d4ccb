"""The live loop, web side: the practitioner in the conversation, and outcomes that reach the visitor at once.

The Rasa server owns the channel connections, the web app owns the dashboard:
the web app asks the Rasa server's internal relay (:mod:`bot.channels.relay`)
to take over, send a reply, hand back or push a notice, through
:mod:`bot.live.relay_client`. Which conversations are active, and what was
said, is read from Rasa's tracker store (:mod:`bot.live.conversations`); who is
answering is in the ``takeovers`` table (:mod:`bot.store.takeovers`).
"""
