"""Messages with nothing to read (the Rasa component sends them to the fallback)."""
import pytest

from bot.nlp.readable import asks, clean_text, explicit_request, health_worry, unreadable, without_preamble


@pytest.mark.parametrize("text", ["😀😀😀", "???", "\u200b", "", "a" * 5000, "<><>", "asdfghjkl", "sdfghj kjhgfd"])
def test_nothing_to_read(text: str) -> None:
    assert unreadable(text)


@pytest.mark.parametrize("text", ["2", "ok", "is it permanent?", "anna@example.com", "07911 123456", "😀 thanks!",
                                  "strengths", "hmm", "nvm thx", "zxcvbnm is my password lol"])
def test_real_messages_pass(text: str) -> None:
    assert not unreadable(text)


@pytest.mark.parametrize("text,expected", [
    ("thanks so much!! ❤️", "thanks so much!! ❤"), ("ok \u2063 fine", "ok  fine"), ("\u200b", ""),
    ("cafe\u0301", "café"), ("line one\nline two", "line one\nline two"), ("I'm ok 👍🏽", "I'm ok 👍🏽"),
])
def test_invisible_characters_are_removed(text: str, expected: str) -> None:
    assert clean_text(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("hi! is it painful", "is it painful"), ("Good morning team, do you have parking?", "do you have parking?"),
    ("heyyy 👋 can u do stretch marks", "can u do stretch marks"), ("Morning! how much is it", "how much is it"),
    # a greeting alone, or with too little after it, stays a greeting
    ("hi there", "hi there"), ("hi Marta", "hi Marta"), ("hello?", "hello?"),
    ("morning appointments on saturday?", "morning appointments on saturday?"),
])
def test_a_greeting_glued_to_a_message_is_dropped(text: str, expected: str) -> None:
    assert without_preamble(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("actually, on second thought, please delete my data. all of it", "delete_my_data"),
    ("remove everything you have on me, I changed my mind", "delete_my_data"),
    ("can you also delete my details?", "delete_my_data"), ("forget me", "delete_my_data"),
    ("Can I talk to a real person please", "human_handoff"), ("actually can we start over", "start_over"),
    # questions about erasure, and the treatment's own words, are not requests
    ("do you delete my data after a year?", None), ("will it erase my scar", None),
    ("how do you remove a tattoo", None), ("can I book a consultation", None),
])
def test_requests_spelled_out_are_recognised(text: str, expected: str | None) -> None:
    assert explicit_request(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Do you also camouflage stretch marks on my arms? mine are silvery", True), ("is that ok", True),
    ("so can you help", True), ("mine are silvery and quite wide", False), ("it's still a bit pink", False),
])
def test_a_question_is_told_from_a_statement(text: str, expected: bool) -> None:
    assert asks(text) is expected


@pytest.mark.parametrize("text,expected", [
    ("that's reassuring thank you. would it fix the overhang bit too?", "would it fix the overhang bit too?"),
    ("thank you! how much is it?", "how much is it?"),
    # thanks with nothing asked after it stays thanks
    ("thanks so much, that's really helpful", "thanks so much, that's really helpful"), ("ok thanks, bye!", "ok thanks, bye!"),
])
def test_thanks_before_a_new_question_is_dropped(text: str, expected: str) -> None:
    assert without_preamble(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("a mole on my arm has changed colour and got bigger, is that dangerous?", True),
    ("can you tell me if my wound is infected, it's hot and oozing", True),
    ("is it normal for the treated area to be red and oozing after the session", False),
    ("can you camouflage a scar from a mole removal", False),
])
def test_a_health_worry_is_told_from_a_question_about_the_treatment(text: str, expected: bool) -> None:
    assert health_worry(text) is expected


@pytest.mark.parametrize("text", ["are you a real person", "am I talking to a human", "is this a bot or a real person?"])
def test_asking_whether_it_is_a_bot_is_not_a_request_for_a_person(text: str) -> None:
    assert explicit_request(text) is None
