"""Run by test_output_channels.py inside the Rasa environment: drives the WhatsApp output channel.

Usage: python -m tests.channels.output_probe <graph base url> <access token> <phone number id>
(the recipients below are repeated in the test, which cannot import this Rasa-environment module).
"""
from __future__ import annotations

import asyncio
import sys

from bot.channels.base import Messaging
from bot.channels.idempotency import MemoryGuard
from bot.channels.whatsapp_cloud import WhatsAppCloudOutput

NEVER_WROTE, WROTE, NO_TEMPLATE = "447700900001", "447700900002", "447700900003"


async def main(base_url: str, token: str, phone_number_id: str) -> None:
    state = Messaging("whatsapp_cloud", guard=MemoryGuard())
    with_template = WhatsAppCloudOutput(state, token, phone_number_id, base_url, "v21.0", "consultation_follow_up",
                                        "en_GB")
    await with_template.send_text_message(NEVER_WROTE, "Outside the window: the template goes instead")
    await with_template.send_text_message(NEVER_WROTE, "and only once")
    await state.window.inbound(WROTE)
    await with_template.send_text_with_buttons(WROTE, "Are you 18 or older?",
                                               [{"title": "Yes", "payload": "yes"}, {"title": "No", "payload": "no"}])
    assert await state.memory.resolve(WROTE, "2") == "no"
    without_template = WhatsAppCloudOutput(state, token, phone_number_id, base_url)
    await without_template.send_text_message(NO_TEMPLATE, "Outside the window and no template: dropped")
    await state.sender.close()
    print("probe done")


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
