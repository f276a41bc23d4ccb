"""Reading a message: its parts, the person's facts, tone and language (no servers)."""
from __future__ import annotations

import pytest

from bot.understanding import understand
from bot.understanding.parts import split_parts


@pytest.mark.parametrize(("text", "parts"), [
    ("thanks!! and how much is it for the crown area? does it hurt",
     ["thanks!!", "and how much is it for the crown area?", "does it hurt"]),
    ("yes — does it hurt though?", ["yes", "does it hurt though?"]),
    ("how much is it and how long does it last", ["how much is it", "how long does it last"]),
    ("hot wax burned my wrist two summers ago, do you do burns?",
     ["hot wax burned my wrist two summers ago", "do you do burns?"]),
    ("Can you camouflage a scar on my knee?", ["Can you camouflage a scar on my knee?"]),
    ("ok", ["ok"]),
])
def test_a_message_is_split_into_what_it_says(text: str, parts: list[str]) -> None:
    assert split_parts(text) == parts


def test_a_story_is_not_chopped_into_fragments() -> None:
    text = "So. I had surgery. On my knee. Long time ago. Like. Ten years. Anyway. Now. It itches. Sometimes. Ok."
    assert len(split_parts(text)) <= 5


def test_facts_about_a_young_scar_and_breastfeeding() -> None:
    facts = understand("hi, my c-section scar is 4 months old and still pink, im breastfeeding. too early?").facts
    assert (facts.concern, facts.body_area, facts.months_ago) == ("scar", "abdomen", 4.0)
    assert facts.still_healing and facts.breastfeeding and not facts.pregnant


@pytest.mark.parametrize(("text", "fact", "value"), [
    ("i take apixaban, is that a problem", "blood_thinners", True),
    ("I'm not on any blood thinners", "blood_thinners", False),
    ("I'm 17, can I book?", "minor", True),
    ("I'm 34 and have stretch marks", "minor", False),
    ("how much for both sides? I had a double mastectomy", "both_sides", True),
    ("radiotherapy finished 8 months ago", "radiotherapy_months_ago", 8.0),
    ("I have a history of keloids", "keloid", True),
    ("my vitiligo is still spreading", "vitiligo_spreading", True),
    ("old self harm scars on my arm", "self_harm", True),
    ("I always burn in the sun", "burn", False),
])
def test_facts_stated_anywhere(text: str, fact: str, value: object) -> None:
    assert getattr(understand(text).facts, fact) == value


@pytest.mark.parametrize(("text", "urgent"), [
    ("my scar is hot, swollen and oozing", "infection"),
    ("there's pus coming out of the scar and I have a fever", "infection"),
    ("the cut keeps bleeding and won't stop", "bleeding"),
    ("a mole on my back has changed colour and got bigger", "mole"),
    ("could my scar get infected after a session?", None),
    ("what are the risks of infection?", None),
    ("is some redness normal after the session?", None),
])
def test_urgent_signs_are_told_from_questions_about_risks(text: str, urgent: object) -> None:
    assert understand(text).facts.urgent == urgent


@pytest.mark.parametrize(("text", "tone"), [
    ("I hate how my arm looks, I hide it all summer", "distress"),
    ("this is useless, you don't understand what I'm asking", "frustration"),
    ("I want to make a complaint, nobody called me back", "complaint"),
    ("how much is it?", None),
])
def test_tone(text: str, tone: object) -> None:
    assert understand(text).tone == tone


@pytest.mark.parametrize(("text", "language"), [
    ("Hola, quiero saber cuánto cuesta la micropigmentación de una cicatriz", "Spanish"),
    ("Bonjour, combien coûte le traitement pour les vergetures ?", "French"),
    ("Hallo, ich habe eine Narbe und möchte wissen was es kostet", "German"),
    ("gracias, how much is it for a scar on my arm?", None),
    ("hi, is it painful?", None),
])
def test_language(text: str, language: object) -> None:
    assert understand(text).language == language


@pytest.mark.parametrize(("text", "urgent"), [
    ("there is a mole right next to my scar and in the last month it got darker and bigger", "mole"),
    ("cut myself last night and its still bleeding through the bandage", "self_harm"),
    ("had my session 2 hours ago and now my lips are swelling up and my chest feels tight", "allergic"),
    ("there's a lump in my reconstructed breast that wasn't there last week, it's hard", "lump"),
])
def test_more_urgent_signs(text: str, urgent: str) -> None:
    assert understand(text).facts.urgent == urgent


@pytest.mark.parametrize(("text", "fact", "value"), [
    ("my daughter is 16 and has scars on her arm", "minor", True),
    ("finished roaccutane last september, can I have my acne scars done?", "isotretinoin", True),
    ("never taken roaccutane", "isotretinoin", False),
    ("im having chemo at the moment and losing my hair", "chemotherapy", True),
    ("I finish breastfeeding in spring", "breastfeeding", None),
])
def test_facts_about_others_and_the_past(text: str, fact: str, value: object) -> None:
    assert getattr(understand(text).facts, fact) == value


def test_numbered_questions_and_long_stories_keep_their_questions() -> None:
    assert split_parts("hello, my question is 1) you do vitiligo on hands? 2) price 3) how many time i need come") \
        == ["hello, my question is", "1) you do vitiligo on hands?", "2) price", "3) how many time i need come"]
    story = ("I'm from Poland. Two years ago I had an accident at work. The scar is on my hand. Surgery was twice. "
             "The doctor says it is healed. Now it is white. Can you make it less visible? How much for a hand?")
    parts = split_parts(story)
    assert parts[-2:] == ["Can you make it less visible?", "How much for a hand?"] and len(parts) == 3


@pytest.mark.parametrize("text", ["I had a booking at 11 and it was closed?? not happy",
                                  "your website says from £180 but my friend paid more, bit misleading"])
def test_complaints(text: str) -> None:
    assert understand(text).tone == "complaint"


@pytest.mark.parametrize(("text", "wanted"), [
    ("can I come thursday at 18:30?", True),
    ("Sunday 11am possible?", True),
    ("tmrw 10am?? can u fit me in", True),
    ("tmrw 10am?", True),
    ("are you open on saturdays?", False),
    ("my scar is 2 years old", False),
    ("how long does a session take?", False),
])
def test_a_visit_at_a_named_time(text: str, wanted: bool) -> None:
    assert understand(text).facts.wants_time is wanted


def test_infection_signs_told_in_passing() -> None:
    text = ("actually one end of it has gone really red and hot today and theres yellow stuff coming out, and i feel "
            "shivery, 38.4 this morning. is that normal?")
    assert understand(text).facts.urgent == "infection"


@pytest.mark.parametrize(("text", "fact", "value"), [
    ("stretch marks from my pregnancy, my son is 15 months now", "minor", False),
    ("stretch marks from my pregnancy, my son is 15 months now", "pregnant", None),
    ("I'm 20 weeks pregnant, can I get my scar done?", "pregnant", True),
    ("im still breastfeeding my little one", "breastfeeding", True),
    ("I'm not pregnant", "pregnant", False),
    ("my daughter is 16 but I'm 44", "minor", True),
])
def test_now_not_then(text: str, fact: str, value: object) -> None:
    assert getattr(understand(text).facts, fact) == value
