"""Out-of-scope requests get a pointer to a better place, worded by family."""
from __future__ import annotations

import pytest

from bot.actions.redirects import pointer, redirect_for

STUDIO = {"name": "Lumen Skin Studio", "email": "hello@lumenskin.example"}


@pytest.mark.parametrize("text, family", [
    ("do you do eyebrows?", "makeup"),
    ("I want microblading before my wedding", "makeup"),
    ("lip blush prices?", "makeup"),
    ("can you ink my daughter's name in script on my wrist", "tattoo"),
    ("how much for laser tattoo removal", "removal"),
    ("which cream is best for my son's acne", "health"),
    ("how many ibuprofen can I take a day", "health"),
    ("my arm is bleeding a lot what do I do", "urgent"),
    ("can you tell me if this mole is cancer", "diagnosis"),
    ("what is this lump on my neck", "diagnosis"),
    ("do you do teeth whitening?", "dental"),
    ("how much is a leg wax", "beauty"),
    ("are you hiring? I'd like to send my CV", "business"),
    ("we are a pigment supplier, can we send our catalogue", "business"),
    ("what's the weather tomorrow", None),
    ("of course, tell me a joke", None),           # "course" alone is not a training enquiry
])
def test_requests_are_sorted_into_families(text: str, family: str | None) -> None:
    assert redirect_for(text) == family


def test_business_pointer_names_the_studio_email() -> None:
    assert "hello@lumenskin.example" in pointer("any jobs going?", STUDIO)
    assert "contact the studio directly" in pointer("any jobs going?", {"name": "X"})


def test_no_pointer_when_nothing_specific_fits() -> None:
    assert pointer("who won the match last night", STUDIO) == ""
