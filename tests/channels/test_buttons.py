"""Numbered options and "2" read as the second choice, on every channel."""
from __future__ import annotations

from bot.channels.buttons import ChoiceMemory, button_id, choices, numbered_text, pick, shorten, split_text

YES_NO = [("Yes", "yes"), ("No", "no")]


def test_choices_default_payload_to_title_and_drop_untitled() -> None:
    assert choices([{"title": "Yes", "payload": "yes"}, {"title": "Maybe"}, {"payload": "x"}]) == [
        ("Yes", "yes"), ("Maybe", "Maybe")]


def test_numbered_text_lists_options_and_asks_for_a_number() -> None:
    expected = "Are you 18 or older?\n\n1. Yes\n2. No\n\nReply with a number."
    assert numbered_text("Are you 18 or older?", YES_NO) == expected


def test_numbered_text_continues_a_list_the_text_already_has() -> None:
    text = "Which time suits you?\n1. Mon 3 Mar 10:00\n2. Tue 4 Mar 11:00\nReply with the number."
    options = [("Mon 3 Mar 10:00", "a"), ("Tue 4 Mar 11:00", "b"), ("Later times", "later")]
    assert numbered_text(text, options) == text + "\n\n3. Later times"
    assert numbered_text(text, options[:2]) == text


def test_pick_reads_numbers_in_common_forms() -> None:
    for typed in ("2", " 2 ", "2.", "2)", "option 2", "#2"):
        assert pick(typed, ["yes", "no"]) == "no", typed
    for typed in ("3", "0", "two", "2 please", "12"):
        assert pick(typed, ["yes", "no"]) is None, typed


def test_memory_maps_a_number_to_the_last_buttons_of_that_visitor_only() -> None:
    memory = ChoiceMemory()
    memory.begin_turn("a")
    memory.remember("a", YES_NO)
    memory.end_turn("a")
    assert memory.resolve("a", "2") == "no"
    assert memory.resolve("b", "2") == "2"
    assert memory.resolve("a", "hello") == "hello"


def test_a_turn_without_buttons_forgets_the_earlier_ones() -> None:
    memory = ChoiceMemory()
    memory.begin_turn("a")
    memory.remember("a", YES_NO)
    memory.end_turn("a")
    memory.begin_turn("a")          # the bot answered with text only
    memory.end_turn("a")
    assert memory.resolve("a", "1") == "1"


def test_memory_is_bounded() -> None:
    memory = ChoiceMemory(capacity=2)
    for visitor in "abc":
        memory.remember(visitor, YES_NO)
    assert memory.payloads("a") == () and memory.payloads("c") == ("yes", "no")


def test_button_ids_fall_back_to_the_number_when_the_payload_is_too_long() -> None:
    assert button_id("yes", 1, 256) == "yes"
    assert button_id("x" * 257, 2, 256) == "2"
    assert button_id("é" * 33, 3, 64, "utf-8") == "3"       # 66 bytes
    assert button_id("", 4, 10) == "4"


def test_shorten_and_split() -> None:
    assert shorten("Injury / accident", 20) == "Injury / accident"
    assert shorten("A rather long button title", 20) == "A rather long butto…"
    assert len(shorten("A rather long button title", 20)) == 20
    parts = split_text("para one\n\n" + "word " * 30, 40)
    assert len(parts) > 1 and all(len(p) <= 40 for p in parts)
    assert " ".join(parts).split() == ["para", "one"] + ["word"] * 30
    assert split_text("First paragraph here.\n\nSecond one", 30) == ["First paragraph here.", "Second one"]
