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
    ("vitiligo_spreading", "it's still spreading a bit, I'm seeing a dermatologist", "yes"),
    ("vitiligo_spreading", "it hasn't spread in years", "no"),
    ("areola_reconstruction_done", "my last surgery was 5 months ago, it's all healed", "yes"),
    ("areola_reconstruction_done", "not yet, one more surgery to go", "no"),
])
def test_descriptions_answer_yes_no_questions(slot: str, text: str, expected: str | None) -> None:
    assert answers.described(text, QUESTIONS[slot].descriptions) == expected


@pytest.mark.parametrize("text,expected", [
    ("yes", "yes"), ("Yes I am", "yes"), ("nope", "no"), ("I'm 34", "yes"), ("16", "no"), ("i am 17 years old", "no"),
    ("over 18", "yes"), ("no, im 16", "no"), ("I'm under 18", "no"), ("yes of course, I'm an adult", "yes"),
    # a story told instead of an answer is not a "no": the visitor is asked again, not turned away
    ("No pregnancy, I take no medication, no diabetes", None),
    ("makes sense. no to all of those, not pregnant, no meds", None),
    ("it's the c-section scar, low on my tummy", None), ("about 17 months old now", None),
])
def test_adult_needs_a_clear_answer(text: str, expected: str | None) -> None:
    assert answers.adult(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Anne-Marie", "Anne-Marie"), ("O'Neill", "O'Neill"), ("Daniel Okafor", "Daniel Okafor"),
    ("book me in whenever, name's Gary, gary.wells@hotmail.co.uk", "Gary"), ("My name Agnieszka, email", "Agnieszka"),
    ("it's Tom here", "Tom"), ("hi, I'm Sam", "Sam"),
    # ordinary words in a booking chat are not names
    ("yes that one", None), ("fri", None), ("the first one is fine", None), ("it's for a scar on my jaw", None),
    ("I'm interested in smp", None), ("I'm not sure", None),
])
def test_first_name_is_a_name_not_a_word(text: str, expected: str | None) -> None:
    assert answers.first_name(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("No pregnancy, I take no medication, no diabetes, no keloids or allergies I know of",
     {"anticoagulants": "no", "isotretinoin": "no", "diabetes": "no", "allergies": "no", "keloid_history": "no"}),
    ("I'm on warfarin for AF and I'm type 2 diabetic", {"anticoagulants": "yes", "diabetes": "yes"}),
    ("still breastfeeding yeah, not pregnant lol", {"pregnant_or_breastfeeding": "yes"}),
    ("not pregnant or breastfeeding, no diabetes", {"pregnant_or_breastfeeding": "no", "diabetes": "no"}),
    # "not pregnant" says nothing about breastfeeding; a time makes a mention ambiguous: both left to the question
    ("not pregnant", {}), ("Radiotherapy finished 14 months ago", {}), ("the scar is on my knee", {}),
])
def test_health_answers_given_in_passing(text: str, expected: dict[str, str]) -> None:
    assert answers.health_mentions(text, list(answers.HEALTH_TERMS)) == expected
