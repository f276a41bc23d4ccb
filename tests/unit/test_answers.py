import pytest

from bot.intake import answers
from bot.intake.questions import QUESTIONS


@pytest.mark.parametrize("text,expected", [
    ("Yes please", "yes"), ("yep", "yes"), ("nope", "no"), ("No thanks", "no"), ("I'm not sure", "unsure"),
    ("no idea", "unsure"), ("I take warfarin", None), ("", None), ("I'm not pregnant", "no"),
    ("I don't take any", "no"), ("I don't know", "unsure"), ("I don't mind", "yes"), ("no problems", "no"),
])
def test_yes_no_unsure(text: str, expected: str | None) -> None:
    assert answers.yes_no_unsure(text) == expected


def test_no_problem_agrees_only_to_a_request() -> None:
    assert answers.yes_no_unsure("no problem", request=True) == "yes"      # "may I ask a few questions?"
    assert answers.yes_no_unsure("no problem") == "no"                     # "do you have diabetes?"


def test_intent_decides_when_words_do_not() -> None:
    assert answers.yes_no_unsure("that is the case", intent="affirm") == "yes"


@pytest.mark.parametrize("text,expected", [
    ("type 3", "III"), ("III", "III"), ("5", "V"), ("I always burn and never tan", "I"),
    ("I tan easily", "IV"), ("I never burn", "VI"), ("what?", None),
])
def test_phototype(text: str, expected: str | None) -> None:
    assert answers.phototype(text) == expected


def test_every_phototype_button_is_understood() -> None:
    values = [answers.phototype(payload) for _, payload in QUESTIONS["phototype"].buttons]
    assert values == ["I", "II", "III", "IV", "V", "VI"]


def test_email_is_normalised_and_checked() -> None:
    assert answers.normalise_email("it's Anna.Smith@Example.COM thanks") == "Anna.Smith@example.com"
    assert answers.normalise_email("anna(at)example") is None
    assert answers.normalise_email("anna@") is None


def test_phone_becomes_e164_in_the_studio_region() -> None:
    assert answers.normalise_phone("07911 123456", "GB") == "+447911123456"
    assert answers.normalise_phone("+34 612 345 678", "GB") == "+34612345678"
    assert answers.normalise_phone("12", "GB") is None
    assert answers.normalise_phone("my number is 07700 900123", "GB") == "+447700900123"   # reserved range
    assert answers.normalise_phone("1234567", "GB") is None and answers.normalise_phone("0000000000", "GB") is None
    assert answers.normalise_phone("call me maybe", "GB") is None


def test_first_name() -> None:
    assert answers.first_name("I'm anna") == "Anna"
    assert answers.first_name("Maria José") == "Maria José"
    assert answers.first_name("<script>alert(1)</script>") is None
    assert answers.first_name("42") is None


def test_choices_by_word_number_or_typo() -> None:
    options = QUESTIONS["scalp_pattern"].options
    assert answers.choose("my receding hairline", options) == "hairline"
    assert answers.choose("2", options) == "crown"
    assert answers.choose("9", options) is None
    assert answers.choose("thinnig all over", options) == "diffuse"


@pytest.mark.parametrize("slot", [s for s, q in QUESTIONS.items() if q.kind == "choice" and s != "concern"])
def test_every_choice_button_maps_to_its_own_value(slot: str) -> None:
    question = QUESTIONS[slot]
    for _, payload in question.buttons:
        assert answers.choose(payload, question.options) == payload


@pytest.mark.parametrize("slot, text, expected", [
    ("scar_settled", "it's still a bit pink", "no"),
    ("scar_settled", "no longer pink, quite flat now", "yes"),
    ("scar_settled", "it's white and flat", "yes"),
    ("scar_settled", "kind of raised", "no"),
    ("pregnant_or_breastfeeding", "I'm 20 weeks pregnant", "yes"),
    ("pregnant_or_breastfeeding", "I'm not pregnant", None),          # negated: left to yes/no reading
    ("anticoagulants", "I take apixaban daily", "yes"),
    ("diabetes", "type 2, controlled with metformin", "yes"),
    ("allergies", "allergic to latex", "yes"),
    ("scalp_condition", "a bit of psoriasis at the back", "yes"),
    ("keloid_history", "my scars go lumpy", "yes"),
    ("diabetes", "what is diabetes", None),
])
def test_descriptions_answer_yes_no_questions(slot: str, text: str, expected: str | None) -> None:
    assert answers.described(text, QUESTIONS[slot].descriptions) == expected
