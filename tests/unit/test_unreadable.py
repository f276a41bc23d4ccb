"""Messages with nothing to read (the Rasa component sends them to the fallback)."""
import pytest

from bot.nlp.readable import unreadable


@pytest.mark.parametrize("text", ["😀😀😀", "???", "\u200b", "", "a" * 5000, "<><>"])
def test_nothing_to_read(text: str) -> None:
    assert unreadable(text)


@pytest.mark.parametrize("text", ["2", "ok", "is it permanent?", "anna@example.com", "07911 123456", "😀 thanks!"])
def test_real_messages_pass(text: str) -> None:
    assert not unreadable(text)
