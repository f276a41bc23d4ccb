"""Round 26's report first messages, read after they were judged blind (twelfth session), over the real servers:
"is this the scar place" gets a yes and what it does, not a hello; a misspelt keloid a surgeon warned about is
taken seriously; a burn dated "5 month" without "ago" is too early. The response keys sent are checked."""
from __future__ import annotations

import pytest

from tests.harness import Assistant

pytestmark = [pytest.mark.conversation, pytest.mark.one_backend]


def test_is_this_the_scar_place_is_answered_not_greeted(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("is this the scar place")
    said = assistant.responses(chat)
    assert "utter_greet" not in said and {"utter_faq/scars", "utter_brief_scars"} & set(said), chat.transcript


def test_a_misspelt_keloid_a_surgeon_warned_about_gets_the_keloid_note(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("surgeon said word for word 'dont let anyone needle that keliod'. its on my chest, op 3 yrs ago. is he "
             "right or can you still do it?")
    said = assistant.responses(chat)
    assert "utter_note_keloid" in said and not [s for s in said if s.startswith("utter_ask_concern")], chat.transcript


def test_a_burn_of_5_month_is_too_early(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Hello. I have burn on hand from cooking oil, 5 month. Is possible now?")
    assert "utter_note_young_burn" in assistant.responses(chat), chat.transcript


def test_lunchtime_next_week_offers_lunchtimes_only(assistant: Assistant) -> None:
    import re

    from tests.conversation.records import text
    chat = assistant.conversation()
    replies = chat.say("can i book a video consultation next week sometime, lunchtime ideally")
    for answer in ("Tom", "tom.lunch@example.com"):
        if not chat.buttons(replies):
            replies = chat.say(answer)
    times = [b for b in chat.buttons(replies) if re.search(r"\d{1,2}:\d{2}", b)]
    assert times, chat.transcript
    hours = [int(re.search(r"(\d{1,2}):\d{2}", b).group(1)) for b in times]    # type: ignore[union-attr]
    assert all(12 <= h < 14 for h in hours), (times, text(replies))
