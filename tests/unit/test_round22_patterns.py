"""Patterns found in the round-22 blind first messages (tune split, session of 2026-12-05)."""
from __future__ import annotations

import pytest

from bot.replies.plan import Context, plan_reply
from bot.understanding.facts import asked_topics
from bot.understanding.model import Part, understand


def _said(text: str, **context: object) -> list[str]:
    return plan_reply(understand(text), Context(**context)).said    # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["wot areas can u do", "which treatments do you offer?", "what do u treat"])
def test_what_the_studio_treats_is_answered_not_a_menu(text: str) -> None:
    assert "what_we_do" in asked_topics(text)
    assert _said(text)[0] == "utter_what_we_do"


def test_what_can_you_do_about_my_scar_is_about_the_scar() -> None:
    assert "what_we_do" not in asked_topics("what can you do about my scar?")


@pytest.mark.parametrize("text", [
    "Hello, my name is Lucia. How much is the consulta please, and how long it takes more or less?",
    "how much is the consult?",
    "consultation cost?",
])
def test_the_price_of_the_consultation_is_that_it_is_free(text: str) -> None:
    said = _said(text)
    assert any(s in ("utter_faq/consultation", "utter_brief_consultation") for s in said)
    assert not {"utter_brief_price", "utter_faq/price", "utter_brief_sessions_other", "utter_sessions_other"} & set(said)


def test_a_count_of_sessions_beside_the_consultation_is_still_answered() -> None:
    said = _said("the consultation is free right? and how many sessions for a scar?")
    assert "utter_brief_consultation" in said and "utter_brief_sessions_other" in said


@pytest.mark.parametrize("text", [
    "I want to wear a dress with a split in it, would it be ready by June?",
    "my scar goes right down, it's like the skin split open, can you help?",
])
def test_a_split_in_a_dress_or_the_skin_is_no_question_about_paying(text: str) -> None:
    assert "payment" not in asked_topics(text)


@pytest.mark.parametrize("text", ["can I split the cost?", "could I spread it over 3 months?", "payment plan?",
                                  "can I split the payment into two"])
def test_paying_in_parts_is_still_heard(text: str) -> None:
    assert "payment" in asked_topics(text)


def test_a_latest_appointment_question_answered_by_the_hours_is_not_left_for_a_person() -> None:
    text = ("I work nights at the hospital (nurse). Whats the latest appointment you do and can the consult be on "
            "video so I dont have to come in after a shift?")
    parts = [Part(text="I work nights at the hospital (nurse).", intent="out_of_scope", confidence=0.99,
                  topic="contraindications", topic_confidence=0.15, topic_margin=0.02),
             Part(text="Whats the latest appointment you do?", intent="nlu_fallback", confidence=1.0, topic="process",
                  topic_confidence=0.27, topic_margin=0.05),
             Part(text="can the consult be on video so I dont have to come in after a shift?", intent="faq",
                  confidence=0.94, topic="consultation", topic_confidence=0.9, topic_margin=0.89)]     # as parsed
    said = plan_reply(understand(text, parts), Context()).said
    assert said[0] in ("utter_brief_hours", "utter_faq/hours")
    assert not [s for s in said if s.startswith("utter_partly_answered")]


def test_what_happens_at_the_consultation_gets_its_whole_answer_beside_another_question() -> None:
    said = _said("what actually happens at the consultation? do I need to bring anything")
    assert said[:2] == ["utter_faq/consultation", "utter_brief_preparation"]
    assert "utter_brief_consultation" in _said("is the consultation free? and where are you?")


@pytest.mark.parametrize("text,other", [
    ("I had a hip replacement in February, the scar is still purple, I'm 68 and my granddaughter is getting married "
     "in June. oh and I'm on a blood thinner, rivaroxaban", False),
    ("for my daughter's wedding I want my c-section scar less visible", False),
    ("my daughter has a scar on her arm, can she come?", True),
    ("my son is 17 and wants smp", True),
])
def test_a_relatives_wedding_leaves_the_writer_telling_their_own_case(text: str, other: bool) -> None:
    assert understand(text).facts.for_someone_else is other
    if not other:
        assert not [s for s in _said(text) if s.endswith("_other")]
