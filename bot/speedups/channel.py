"""The hook that installs the speed-ups when the Rasa server registers its channels.

Rasa has no start-up hook for our own code in the server process, but it builds every input channel listed
in credentials.yml at start. This "channel" takes no messages: building its blueprint installs the
speed-ups. The launcher lists it in var/credentials.yml::

    bot.speedups.channel.RasaSpeedups:
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint

from bot.speedups import action_results


class RasaSpeedups(InputChannel):
    """Not a messaging channel: installs :mod:`bot.speedups` in the Rasa server."""

    @classmethod
    def name(cls) -> Text:
        return "rasa_speedups"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "RasaSpeedups":
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        action_results.install()
        return Blueprint("rasa_speedups")
