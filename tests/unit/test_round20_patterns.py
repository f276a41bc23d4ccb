"""Round-19 tune failures and round-20 writers' findings: "is that daft?" heard as a worry about the wish itself,
a terse, cross "change it to wed 12" is a move of the booking they have (sorry, then done, no promised answer)."""
from __future__ import annotations

from datetime import date

import pytest

from bot.handoff.context import read_request, updated_time
from bot.replies.plan import Context, plan_reply
from bot.understanding import Part, understand
from bot.understanding.facts import practical_subjects
from bot.understanding.model import read_facts
from bot.understanding.tone import feeling_of, tone_of

FRIDAY = date(2026, 12, 4)


def said(text: str, *parts: Part, **context: object) -> list[str]:
    ctx = Context(today_date=FRIDAY, **context)  # type: ignore[arg-type]
    return [r for r, _ in plan_reply(understand(text, list(parts) or [Part(text)]), ctx).responses]


@pytest.mark.parametrize("text", [
    "honestly i just want to wear a swimsuit on holiday again without thinking about it. is that daft",
    "is it silly to want this done just so i can wear a swimsuit?",
    "am i being vain wanting my stretch marks covered",
])
def test_worrying_the_wish_is_foolish_is_heard_first(text: str) -> None:
    assert (tone_of(text), feeling_of(text)) == ("distress", "embarrassed")
    assert said(text)[0] == "utter_ack_embarrassed"


@pytest.mark.parametrize("text", ["this is stupid", "that's a stupid answer"])
def test_calling_the_bot_stupid_is_frustration_not_self_doubt(text: str) -> None:
    assert tone_of(text) == "frustration"


@pytest.mark.parametrize("text", ["wtf. change it to wed 12", "change it to thursday at 3 pls",
                                  "can you move it to tomorrow"])
def test_change_it_to_a_day_or_time_moves_the_booking(text: str) -> None:
    assert read_facts(text).booking_held == "move"


def test_a_cross_move_is_met_with_sorry_and_done_not_an_answer_promised() -> None:
    assert said("wtf. change it to wed 12")[:1] == ["utter_ack_sort_it"]


@pytest.mark.parametrize("text", ["?? so no treatment for me yet or what", "so is that a no?", "am i suitable then?",
                                  "so i have to wait?", "can i have it done or not"])
def test_asking_what_their_result_means_gets_it_said_again(text: str) -> None:
    replies = said(text, outcome="not_yet", outcome_reason="the scar is about 14 months old",
                   outcome_when="April 2027", concern="scar")
    assert replies[0] == "utter_outcome_not_yet_again" and "utter_faq/what_is" not in replies, replies


def test_the_same_words_before_any_check_say_no_result() -> None:
    assert not any(r.startswith("utter_outcome_") for r in said("so is that a no?"))


@pytest.mark.parametrize("text", ["so no worries", "is that a no brainer", "is it safe?"])
def test_other_questions_are_not_about_their_result(text: str) -> None:
    assert not any(r.startswith("utter_outcome_") for r in said(text, outcome="review"))


def test_a_surgery_elsewhere_that_went_wrong_is_their_story_not_a_complaint() -> None:
    text = ("5 years ago I had a tummy tuck abroad that went wrong and left me with a wide scar. would the sertraline "
            "be a problem? and do you use numbing cream because I panic with needles. sorry if that sounds silly")
    assert (tone_of(text), feeling_of(text)) == ("distress", "afraid")
    assert said(text)[0] == "utter_ack_afraid"
    assert tone_of("the surgery went wrong and nobody replied to my email") == "complaint"


def test_a_lump_found_this_week_needs_a_doctor_whatever_the_history() -> None:
    text = ("i was going to ask about nipple tattooing (mastectomy + implant 2022) but this week i found a hard lump "
            "along the scar and the skin above it looks dimpled and a bit red. is that something to do with the implant?")
    assert read_facts(text).urgent == "lump"
    assert said(text) == ["utter_urgent_lump"]
    assert read_facts("found a hard lump in 2019, removed, all clear since").urgent is None


def test_their_own_case_asked_first_is_answered_first() -> None:
    text = ("got stretch marks on my chest. the shoulder ones are white now but the ones near my armpits are still "
            "purple. can u do the white ones now and the purple ones later?? and how long do i have to stay out the gym")
    replies = said(text, Part("got stretch marks on my chest.", "faq", 1.0, "stretch_marks", 0.9),
                   Part("the shoulder ones are white now but the ones near my armpits are still purple.",
                        "share_situation", 1.0),
                   Part("can u do the white ones now and the purple ones later??", "nlu_fallback", 0.4),
                   Part("and how long do i have to stay out the gym", "faq", 1.0, "aftercare", 0.83))
    assert replies.index("utter_note_mixed_stretch_marks") < replies.index("utter_after_care_unknown"), replies


def test_a_grandparent_told_a_parents_consent_changes_nothing_is_spoken_to_as_themselves() -> None:
    text = ("Good morning. I'm asking for my granddaughter who is 16. She has a burn scar on her upper arm. "
            "Her mum is happy to sign a consent form.")
    assert said(text, known_minor=True) == ["utter_minor_why_other"]


def test_is_that_going_to_be_a_problem_is_a_question_about_their_own_case() -> None:
    assert Part("she also takes apixaban for her heart is that going to be a problem").is_question
    assert Part("would it be ok").is_question and not Part("it was going to be fine").is_question


def test_how_long_is_an_appointment_gets_the_consultations_length() -> None:
    assert said("how long is an appointment, do i pay upfront, and does bupa cover it")[0] in ("utter_faq/consultation", "utter_brief_consultation")


@pytest.mark.parametrize("before,text,after", [
    ("tuesday between 1 and 2", "oh no wait tuesday im on a course all day. thursday same time?",
     "thursday between 1 and 2"),
    ("tuesday", "no NOT tuesday, i cant do tuesday at all. THURSDAY between 1 and 2 please", "THURSDAY between 1 and 2"),
    ("tuesday between 1 and 2", "omg thats not what i said. thursday 1-2. thats it. just thursday", "thursday 1-2"),
    (None, "after 5pm is best", "after 5pm"),
])
def test_a_call_time_put_right_replaces_the_day_they_cannot_do(before: str, text: str, after: str) -> None:
    assert updated_time(before, text) == after


def test_a_time_said_to_suit_them_is_when_to_call_not_what_about() -> None:
    request = read_request("hi can marta ring me? its about camouflage that went orange at another place. tuesday "
                           "between 1 and 2 is best", "GB")
    assert request.contact_time == "tuesday between 1 and 2"
    assert "tuesday" not in (request.reason or "") and "orange" in (request.reason or "")


def test_colours_told_after_naming_stretch_marks_get_the_stretch_mark_answer() -> None:
    text = "some are still red and purpleish and some have gone white. are the red ones ok to do or do they have to be white"
    assert said(text, concern="stretch_marks")[0] == "utter_note_mixed_stretch_marks"
    assert said(text, concern="stretch_marks", known_minor=True) == ["utter_note_mixed_stretch_marks"]   # for at 18
    assert said("im 17, are the red ones ok to do?", concern="stretch_marks") == ["utter_note_minor"]


@pytest.mark.parametrize("text", ["ok thank you. and the payment, is possible to divide in 3 times?",
                                  "can i split the cost", "could I pay in 3 parts"])
def test_paying_bit_by_bit_in_other_words_is_the_instalments_question(text: str) -> None:
    assert "paying in instalments" in practical_subjects(text)


@pytest.mark.parametrize("text", [
    "is it silly to want this done just so i can wear a swimsuit? will they actually look less noticeable",
    "honestly i just want to wear a swimsuit on holiday again without thinking about it. is that daft"])
def test_wanting_to_wear_a_swimsuit_is_the_wish_not_an_aftercare_question(text: str) -> None:
    assert "utter_after_care_unknown" not in said(text, concern="stretch_marks")
    assert said(text, concern="stretch_marks")[0] == "utter_ack_embarrassed"


def test_swimming_after_a_session_is_still_an_aftercare_question() -> None:
    assert "utter_after_care_unknown" in said("can i go swimming after the session?", concern="scar")


def test_a_minor_asking_a_question_with_the_protest_gets_the_answer_then_the_policy() -> None:
    text = "ok and does it hurt? also im 17 btw, is it ok if my mum comes with me and signs something?"
    replies = said(text, Part("ok and does it hurt?", "faq", 0.9, "pain", 0.9),
                   Part("also im 17 btw, is it ok if my mum comes with me and signs something?", "faq", 0.5),
                   known_minor=True, concern="stretch_marks")
    assert replies[-1] == "utter_minor_why" and any("pain" in r for r in replies[:-1]), replies
