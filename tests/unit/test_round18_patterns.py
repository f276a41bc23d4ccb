"""What round-18 writers and players found (tune split): "last October" said in December is last year's, chat
spellings ("how much 4 the hair dots"), paying in instalments, an emoji for a hello, "I work Monday to Friday, so
Saturday?", "not next week, the week after", a consultation by video, "open tomorrow?", asking to change a phone
number never given, leaving the questions to the consultation, and a statement beside a question asks nothing."""
from __future__ import annotations

from datetime import date

import pytest

from bot.booking.preference import consultation_format, read_preference
from bot.intake.dates import parse_past_date
from bot.nlp.readable import emoji_intent, explicit_request
from bot.replies.plan import Context, plan_reply
from bot.understanding import Part, understand
from bot.understanding.facts import age_in_months, asked_topics, months_ago, spelled_names

FRIDAY = date(2026, 12, 4)


@pytest.mark.parametrize("text", ["last October", "the op was last october", "last oct"])
def test_last_october_said_in_december_is_the_year_before(text: str) -> None:
    assert parse_past_date(text, FRIDAY) == date(2025, 10, 4)
    assert age_in_months(text, FRIDAY) == 14


def test_a_month_without_last_is_the_latest_one() -> None:
    assert parse_past_date("in October", FRIDAY) == date(2026, 10, 4)
    assert months_ago("so last october I got burned on the neck") is not None


@pytest.mark.parametrize("text,spelled", [
    ("how much 4 the hair dots", "how much for the scalp micropigmentation"),
    ("does it werk on ginger", "does it work on ginger"),
])
def test_chat_spellings_read_as_words(text: str, spelled: str) -> None:
    assert spelled_names(text) == spelled


def test_four_sessions_stay_a_number() -> None:
    assert spelled_names("I had 4 sessions elsewhere") == "I had 4 sessions elsewhere"


@pytest.mark.parametrize("text", ["can i split the payment for scalp into like 3 bits",
                                  "do you do instalments?", "can I pay monthly?", "is klarna an option?"])
def test_paying_in_parts_asks_about_payment(text: str) -> None:
    assert "payment" in asked_topics(text)


@pytest.mark.parametrize("text,intent", [("👋", "greet"), ("👋🏽", "greet"), ("👍", "affirm"), ("🙏❤️", "thanks"),
                                         ("🤔", None), ("👋👍", None), ("?!", None)])
def test_a_message_of_emoji_means_what_they_mean(text: str, intent: str | None) -> None:
    assert emoji_intent(text) == intent


@pytest.mark.parametrize("text,intent", [
    ("can I change my phone number?", "correct_answer"),
    ("my email is wrong", "correct_answer"),
    ("I gave you the wrong number", "correct_answer"),
    ("can I change my appointment", None),
    ("whats your phone number", None),
    ("Actually can we leave the rest and I'll go through it with Marta on the day?", "stop"),
    ("No, I mean I'd rather stop the questions here", "stop"),
    ("I don't want to stop the questions", None),
])
def test_requests_spelled_out(text: str, intent: str | None) -> None:
    assert explicit_request(text) == intent


@pytest.mark.parametrize("text,weekdays,said", [
    ("I work Monday to Friday until 17:00, so can I come on Saturday?", {5}, "Saturday"),
    ("im at uni mon to wed, thursday morning?", {3}, "Thursday mornings"),
    ("can I come tuesday at 3", {1}, "Tuesday at 15:00"),
])
def test_days_they_are_busy_are_no_wish(text: str, weekdays: set[int], said: str) -> None:
    wish = read_preference(text, FRIDAY)
    assert set(wish.weekdays) == weekdays and wish.describe() == said


def test_not_next_week_but_the_week_after() -> None:
    wish = read_preference("Wednesday, but not next week, the week after. 15:00 is good for me", FRIDAY)
    assert wish.from_day == date(2026, 12, 14) and set(wish.weekdays) == {2}


@pytest.mark.parametrize("text,wished", [
    ("Consultation is by video, yes? I cannot come to Brighton", "video"),
    ("can I book a video consultation next wednesday at 3pm?", "video"),
    ("Please tell Marta my consultation must be by video", "video"),
    ("not by video, I'll come in", "in person"),
    ("can the consultation be by video?", None),        # a question about it chooses nothing yet
    ("book me in for tuesday", None),
])
def test_how_they_want_to_meet(text: str, wished: str | None) -> None:
    assert consultation_format(text) == wished


def test_open_tomorrow_is_answered_for_tomorrow() -> None:
    hours = {"friday": "10:00–17:00", "saturday": "10:00–14:00", "sunday": ""}
    said = plan_reply(understand("u open tomorrow?", [Part("u open tomorrow?", "faq", 0.9, "hours", 0.9, 0.8)]),
                      Context(today="friday", day_hours=hours)).responses
    assert ("utter_hours_relative", {"when": "tomorrow", "When": "Tomorrow", "day": "Saturday",
                                     "day_hours": "10:00–14:00"}) in said
    closed = plan_reply(understand("open tomorrow?", [Part("open tomorrow?", "faq", 0.9, "hours", 0.9, 0.8)]),
                        Context(today="saturday", day_hours=hours)).responses
    assert closed[0][0] == "utter_hours_relative_closed"


def test_a_statement_beside_a_question_asks_nothing() -> None:
    parts = [Part("the scar healed ok but it's lighter than my skin", "faq", 0.8, "aftercare", 0.95, 0.9),
             Part("would camouflage work on a c-section scar?", "faq", 0.9, "scars", 0.9, 0.8)]
    assert understand("the scar healed ok but it's lighter than my skin. would camouflage work on a c-section scar?",
                      parts).topics == ["scars"]


def test_a_worry_said_as_a_statement_is_still_answered() -> None:
    parts = [Part("I'm scared the healing will take long", "faq", 0.8, "aftercare", 0.95, 0.9),
             Part("can you do stretch marks?", "faq", 0.9, "stretch_marks", 0.9, 0.8)]
    assert "aftercare" in understand("I'm scared the healing will take long. can you do stretch marks?", parts).topics


@pytest.mark.parametrize("text,subject", [
    ("read online that smp can be done on beards too. is that a thing you do?", "work on beards"),
    ("can i split the payment for scalp into like 3 bits", "paying in instalments"),
])
def test_a_subject_the_sources_do_not_cover_is_named_in_the_answer(text: str, subject: str) -> None:
    assert "unknown_practical" in asked_topics(text)
    said = plan_reply(understand(text, [Part(text, "faq", 0.6, "scalp", 0.6, 0.1)]), Context()).responses
    assert {"subject": subject} in [values for response, values in said if "unknown_practical_about" in response]


def test_how_a_graft_takes_colour_is_said_to_be_the_practitioners_call() -> None:
    text = "would the colour thing actually work on a graft?"
    assert "unknown_skin" in asked_topics(text)
    said = plan_reply(understand(text, [Part(text, "faq", 0.6, "scalp", 0.6, 0.1)]), Context()).said
    assert "utter_unknown_skin" in said


def test_read_online_is_no_question_about_a_video_consultation() -> None:
    assert "remote_assessment" not in asked_topics("read online that it goes blue. is that true?")


def test_whether_scalp_pigment_looks_natural_is_answered_about_hair() -> None:
    text = "would smp actually look natural or will everyone clock it"
    said = [r for r, _ in plan_reply(understand(text, [Part(text, "faq", 0.9, "results", 0.9, 0.6)]),
                                     Context(concern="scalp")).responses]
    assert "utter_results_scalp" in said and "utter_faq/results" not in said


def test_will_someone_ring_is_answered_from_their_request() -> None:
    text = "Will someone actually ring this time?"
    assert "call_status" in asked_topics(text)
    parts = [Part(text, "nlu_fallback", 0.4, "permanence", 0.3, 0.05)]
    waiting = plan_reply(understand(text, parts), Context(request_time="Thursday after 6:30")).responses
    assert ("utter_call_status", {"when": "Thursday after 6:30"}) in waiting
    none = [r for r, _ in plan_reply(understand(text, parts), Context()).responses]
    assert "utter_call_status_none" in none


@pytest.mark.parametrize("text,held", [("wait can u make it 1.30 same day instead", "move"),
                                       ("can you make it at 4 instead", "move"), ("I will make it instead", None)])
def test_make_it_another_time_instead_moves_the_booking(text: str, held: str | None) -> None:
    from bot.understanding.facts import booking_held
    assert booking_held(text) == held


@pytest.mark.parametrize("text,answer", [("go on then, what do u need to know", "yes"), ("ok fire away", "yes"),
                                         ("I don't want to go on", "no")])
def test_go_on_then_agrees_to_the_questions(text: str, answer: str) -> None:
    from bot.intake.answers import yes_no_unsure
    assert yes_no_unsure(text, request=True) == answer


def test_pigment_turning_blue_and_getting_it_off_are_answered_not_sent_to_a_tattoo_studio() -> None:
    text = ("my uncle's tattoos from the 90s went all blue and green. how do i know your pigment won't do that on my "
            "face in 5 years? and if it goes wrong can you get it off")
    assert asked_topics(text) == ("colour_change", "if_wrong")
    parts = [Part(text, "out_of_scope", 0.6, "permanence", 0.5, 0.2)]
    plan = plan_reply(understand(text, parts), Context(intent="out_of_scope"))
    said = [r for r, _ in plan.responses]
    assert not plan.out_of_scope and "utter_colour_change" in said and "utter_if_wrong" in said
    assert "utter_faq/permanence" not in said and "utter_brief_permanence" not in said


@pytest.mark.parametrize("text", ["my scar went purple last week, is that normal?", "my scar is purple, can you help?"])
def test_a_scar_changing_colour_is_no_question_about_pigment(text: str) -> None:
    assert "colour_change" not in asked_topics(text)


@pytest.mark.parametrize("text,area", [("Do you do knees?", "knees"), ("can you do scars on the face?", "face")])
def test_do_you_do_knees_is_answered_for_that_area(text: str, area: str) -> None:
    said = plan_reply(understand(text, [Part(text, "nlu_fallback", 0.4, "contraindications", 0.3, 0.05)]),
                      Context()).responses
    assert ("utter_area_treated", {"area": area}) in said and "utter_not_sure" not in [r for r, _ in said]


def test_the_acne_a_finished_medicine_was_for_is_no_active_skin_condition() -> None:
    from bot.understanding.model import read_facts
    assert read_facts("36, finished roaccutane in august for bad acne. left a few pitted scars").skin_condition is None
    assert read_facts("my acne is really bad at the moment on my chin").skin_condition == "acne"
