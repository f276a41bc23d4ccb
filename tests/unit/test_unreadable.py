"""Messages with nothing to read (the Rasa component sends them to the fallback)."""
import pytest

from bot.nlp.readable import clean_text, unreadable


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
