"""Every topic of the studio's article is answered, first or after another answer,
with the facts right and the studio's own details filled in from studio.yml."""
from __future__ import annotations

import re

import pytest

from bot.settings import load_settings
from tests.harness import Assistant

pytestmark = [pytest.mark.conversation, pytest.mark.one_backend]
SETTINGS = load_settings()
VALUES = SETTINGS.answer_values()

# topic: (a question phrased unlike the training examples, facts the answer must state)
TOPICS: dict[str, tuple[str, list[str]]] = {
    "what_is": ("so what exactly is paramedical micro pigmentation??", ["pigment", "camouflage"]),
    "vs_cosmetic": ("is this just like getting a normal tattoo or brows done?", ["microblading", "camouflage"]),
    "permanence": ("will the colour stay on forever once it's done", ["fade", "2 to 3 years"]),
    "touch_ups": ("how frequently do people come back for a refresh session", ["2 to 3 years"]),
    "suitability": ("can anybody get this or are there people it won't work for", ["assessment", "healed"]),
    "scars": ("I had a c-section two years ago and the scar is lighter than my skin, can you help?",
              ["does not erase"]),
    "stretch_marks": ("got loads of stretchmarks on my hips after pregnancy, can you cover them", ["white"]),
    "scalp": ("my hairline is going back, could those hair tattoo dots help me", ["follicle", "hairline"]),
    "hair_growth": ("after the scalp treatment will my own hair start growing again", ["won't grow hair"]),
    "vitiligo": ("I have vitiligo on my hands, is it something you treat", ["stable", "12 months"]),
    "areola": ("after my mastectomy I have no nipple on the left side, what can you do", ["mastectomy", "areola"]),
    "process": ("what happens step by step during the treatment", ["evaluation", "phototype"]),
    "colour_matching": ("I'm black, can you find a pigment that matches my skin", ["phototype"]),
    "healing_wait": ("how many months after my operation do I have to wait before doing it",
                     [f"{SETTINGS.readiness.scar_min_months} months old"]),     # the studio's own period
    "aftercare": ("what should I do and avoid in the days after the session", ["after a session"]),
    "pain": ("is it painful? I'm scared of needles", ["how it feels"]),
    "sessions": ("how many appointments does the whole treatment take", ["depends on the area"]),
    "price": ("what do you charge for scar camouflage", [VALUES["price_scar"]]),
    "payment": ("is it something the NHS or my insurance would pay for?", ["private studio", "insurer"]),
    "risks": ("are there any side effects I should know about", ["reviewed first"]),
    "contraindications": ("can I do it while I'm pregnant or on blood thinners", ["pregnant", "blood thinners"]),
    "practitioner": ("who's going to be doing my treatment and are they qualified", [VALUES["practitioner_name"]]),
    "results": ("will it look natural afterwards?", ["natural"]),
    "photos": ("do you have pictures of previous clients' results", [VALUES["gallery_url"]]),
    "location": ("whats your address", [VALUES["studio_address"]]),
    "hours": ("when are you open during the week", [VALUES["studio_hours"]]),
    "contact": ("what's your phone number", [VALUES["studio_phone"]]),
    "languages": ("do you speak spanish", [VALUES["studio_languages"]]),
    "privacy": ("what do you do with the information I give you", ["delete my data"]),
}


def _check(answer: str, facts: list[str]) -> None:
    lowered = answer.lower()
    for fact in facts:
        assert fact.lower() in lowered, f"{fact!r} missing from: {answer}"
    assert not re.search(r"\{[a-z_]+\}", answer), f"unfilled placeholder in: {answer}"


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_topic_as_first_message(assistant: Assistant, topic: str) -> None:
    question, facts = TOPICS[topic]
    _check(assistant.conversation().say_text(question), facts)


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_topic_after_another_answer(assistant: Assistant, topic: str) -> None:
    chat = assistant.conversation()
    other = "permanence" if topic != "permanence" else "pain"
    _check(chat.say_text(TOPICS[other][0]), TOPICS[other][1])
    _check(chat.say_text(TOPICS[topic][0]), TOPICS[topic][1])


def test_greeting_small_conversation(assistant: Assistant) -> None:
    """Foundation's end-to-end conversation: greet, "is it permanent?", goodbye."""
    chat = assistant.conversation()
    greeting = chat.say("hello")
    assert SETTINGS.studio["name"] in greeting[0]["text"]
    assert "Book a consultation" in chat.buttons(greeting)
    _check(chat.say_text("is it permanent?"), ["fade", "2 to 3 years"])
    assert chat.say_text("ok thanks, bye!")  # a goodbye or a thank-you, never silence
    events = assistant.tracker_rows("SELECT type_name FROM events WHERE sender_id = :s", s=chat.sender_id)
    assert sum(1 for e in events if e["type_name"] == "user") == 3   # the conversation was stored


def test_treatment_answer_offers_readiness_check(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("I have a scar on my knee from surgery, can you make it less visible?")
    assert "Check if I'm ready" in chat.buttons(replies)
    assert "privacy" in chat.say_text("yes please").lower()   # "yes" accepts the offer: the intake starts


def test_out_of_scope_is_declined_kindly(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("can you do a dragon tattoo on my back?")
    answer = "\n".join(r.get("text") or "" for r in replies)
    # where to go, then what the studio does; no menu of topics for a request that was clear
    assert answer.index("tattoo studio is the right place") < answer.index("What Lumen Skin Studio does")
    assert not [b for r in replies for b in r.get("buttons") or []]


def test_a_changing_mole_is_sent_to_a_doctor(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("a mole on my arm has changed colour and got bigger, is that dangerous?")
    assert assistant.responses(chat) == ["utter_urgent_mole"]


def test_a_question_no_topic_covers_gets_choices_not_a_wrong_answer(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("is there parking for a mobility scooter, and can my guide dog come in with me?")
    assert any(b.get("payload") == "/human_handoff" for r in replies for b in r.get("buttons") or []), \
        chat.transcript                         # a person offered, who can answer what the assistant cannot
    assert assistant.slot(chat, "pending_offer") == "person"


def test_gibberish_gets_help_not_silence(assistant: Assistant) -> None:
    chat = assistant.conversation()
    for message in ("qwpoeiru zxmcnv", "asdlkj qweoiu"):
        replies = chat.say(message)
        assert "Talk to a person" in chat.buttons(replies)


def test_mashed_keys_are_not_called_out_of_scope(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("asdfghjkl")
    assert "outside what I can help with" not in " ".join(r.get("text", "") for r in replies)
    assert "Talk to a person" in chat.buttons(replies)
