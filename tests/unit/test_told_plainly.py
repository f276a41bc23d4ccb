"""How plainly told things are read (round-7 patterns): names signed at the end, services had before,
ages in other words, dates of medicines and treatments, stretch marks by colour, a client of the studio,
turning a form down, and questions in French or Portuguese answered in English."""
from __future__ import annotations

from datetime import date

import pytest

from bot.actions.form_turn import NOT_NOW, SKIP
from bot.handoff.context import read_request
from bot.intake import answers
from bot.intake.passing import told_in_passing
from bot.intake.questions import required_slots
from bot.intake.readiness import NOT_YET, READY, assess
from bot.replies.plan import _in_english
from bot.settings import Readiness
from bot.understanding import facts
from bot.understanding.age import says_minor
from bot.understanding.foreign import read_foreign
from bot.understanding.tone import feeling_of, tone_of


@pytest.mark.parametrize("text,name", [
    ("Could someone ring me back on Thursday between 6 and 7pm? It's about SMP for my crown. Dean, 07911 123456", "Dean"),
    ("Can someone call me back this afternoon after 3? It's about SMP. 07911 123456, Tom", "Tom"),
    ("please ring me Friday between 12 and 1. I want to talk to the nurse. Angela Brown 01273 555 0192", "Angela Brown"),
    ("can someone call me after 5pm, I want to ask if numbing cream is ok while breastfeeding", None),
])
def test_a_name_signed_at_the_end_of_a_request_is_kept(text: str, name: str | None) -> None:
    assert read_request(text, "GB").name == name


@pytest.mark.parametrize("said,name", [("Graham Pike. It is for my wife, Maureen Pike.", "Graham Pike"),
                                       ("Fiona McAllister, I'm his mum", "Fiona McAllister"),
                                       ("No, I don't want to book", None), ("Anna please", "Anna")])
def test_a_full_name_followed_by_more_is_a_name(said: str, name: str | None) -> None:
    assert answers.first_name(said) == name


@pytest.mark.parametrize("text,service", [
    ("I've had microneedling three times which helped a little. Can you fill the holes?", None),
    ("been on finasteride for 2 years and honestly no difference", None),
    ("I spent so much on a radiofrequency place that promised tightening", None),
    ("can you do microneedling too?", "skin_treatments"),
    ("do you do lip filler or botox", "aesthetic"),
    ("could you look at a photo of my rash and tell me what it is", "health"),
])
def test_a_service_had_before_asks_for_nothing(text: str, service: str | None) -> None:
    assert facts.other_service(text) == service


@pytest.mark.parametrize("text,minor", [
    ("im 17, got a burn scar from a firework. turning 18 in march, can i book now", True),
    ("i want ask for my daughter she has 16 years, she have vitiligo", True),
    ("buenas, mi hijo tiene 17 años y quiere tapar unas cicatrices", True),
    ("I'm turning 40 next month", False),
])
def test_ages_said_in_other_words(text: str, minor: bool) -> None:
    assert says_minor(text, 18) is minor


@pytest.mark.parametrize("said,adult", [("58 years", "yes"), ("yeah 29, said that at the start", "yes"),
                                        ("16", "no"), ("3 months", None)])
def test_an_age_first_answers_the_age_question(said: str, adult: str | None) -> None:
    assert answers.adult(said, None, 18) == adult


def test_when_roaccutane_stopped_answers_the_question_and_sets_the_wait() -> None:
    told = told_in_passing("acne scars on my jaw from 2019. came off roaccutane 4 months ago", {"health_consent": "yes"})
    assert told["isotretinoin"] == "yes" and told["onset_date"].startswith("2019")   # the medicine's date is no scar's
    stopped = date.fromisoformat(told["isotretinoin_stopped"])
    result = assess({"concern": "scar", "onset_date": "2019-06-01", "scar_settled": "yes", "keloid_history": "no",
                     "isotretinoin": "yes", "isotretinoin_stopped": stopped.isoformat()}, Readiness(), date.today())
    assert result.outcome == NOT_YET and result.earliest and 7 <= (result.earliest - date.today()).days // 30 <= 8


def test_a_yes_with_a_date_asks_the_date_and_counts_from_it() -> None:
    slots = {"health_consent": "yes", "concern": "vitiligo", "body_area": "hands", "vitiligo_spreading": "yes"}
    assert "vitiligo_new_patch" in required_slots(slots)
    today = date(2026, 12, 2)
    old = assess({**slots, "vitiligo_new_patch": "2025-06-01"}, Readiness(), today)
    recent = assess({**slots, "vitiligo_new_patch": "2026-02-01"}, Readiness(), today)
    assert old.outcome == READY and recent.outcome == NOT_YET and recent.earliest == date(2027, 2, 1)
    areola = {"concern": "areola", "areola_reconstruction_done": "yes", "onset_date": "2026-08-01",
              "areola_radiotherapy": "yes", "treatment_ended": "2026-05-01"}
    waited = assess(areola, Readiness(), today)
    assert waited.outcome == NOT_YET and waited.earliest == date(2027, 5, 1)     # 12 months from the radiotherapy


@pytest.mark.parametrize("text,stage", [
    ("silvery stretch marks across my shoulders", "mature"),
    ("stretch marks: the old ones are white now but the new ones are still red", "mix"),
    ("my stretch marks are still purple", "young"),
    ("how much for stretch marks", None),
])
def test_stretch_marks_by_colour(text: str, stage: str | None) -> None:
    assert facts.stretch_marks_stage(text) == stage


@pytest.mark.parametrize("text,treated", [
    ("Hi Marta it's Jenny, you did my areola in September, the right one looks lighter", True),
    ("had my 2nd smp session 3 weeks ago. its looking patchy", True),
    ("I came last year for my scar, when is my touch-up due?", True),
    ("I had my first child in 2019", False),
])
def test_a_client_of_the_studio_is_recognised(text: str, treated: bool) -> None:
    assert facts.treated_here(text) is treated


def test_upset_about_another_studio_is_heard_not_taken_as_a_complaint_about_this_one() -> None:
    text = "last guy i went to for smp made my hairline look like a sharpie line and its gone blue"
    assert (tone_of(text), feeling_of(text)) == ("distress", "elsewhere")
    assert tone_of("filled in your form last week and NOBODY got back to me") == "complaint"


@pytest.mark.parametrize("said,leaves", [("Not yet, I'll wait for an email first", True),
                                         ("No, I don't want booking now", True), ("n. later", True),
                                         ("later today please", False), ("not sure", False)])
def test_turning_a_form_down_for_now(said: str, leaves: bool) -> None:
    assert bool(NOT_NOW.match(said)) is leaves


def test_none_and_rather_not_are_read_as_people_mean_them() -> None:
    assert answers.yes_no_unsure("None.") == answers.NO
    assert SKIP.match("skip then...") and SKIP.match("i'd rather not give a number")


@pytest.mark.parametrize("text,said", [
    ("Olá! Vocês fazem micropigmentação de aréola? Fiz mastectomia há dois anos. Quanto custa?", ["utter_price_areola"]),
    ("Bonjour, est-ce que la micropigmentation du cuir chevelu est définitive ?", ["utter_brief_permanence"]),
    ("Dzień dobry, czy mogę umówić się na konsultację po polsku? Mam blizny po oparzeniu.",
     ["utter_brief_scars", "utter_foreign_booking"]),
    ("Bonjour, est-ce que vous parlez français? Je voudrais annuler mon rendez-vous de vendredi.",
     ["utter_foreign_cancel"]),
])
def test_a_question_in_another_language_gets_an_english_answer(text: str, said: list[str]) -> None:
    assert _in_english(read_foreign(text)) == said


@pytest.mark.parametrize("text,topic", [
    ("will i have to tell you how i got them?", "explain_cause"),
    ("can I book for him and what does he need to bring?", "book_for_someone"),
    ("Can I swim after? Do I need time off work?", "after_care_unknown"),
    ("is it ok to send photos of my scar on whatsapp?", "photos_privacy"),
    ("Can you fix someone else's mess or not??", "other_studio_work"),
    ("who actually does it, is it a doctor?", "practitioner"),
    ("how do i get started?", "how_to_start"),
    ("will ppl still see them?", "results"),
])
def test_questions_named_in_plain_words(text: str, topic: str) -> None:
    assert topic in facts.asked_topics(text)
    assert "remote_assessment" not in facts.asked_topics("is it ok to send photos of my scar on whatsapp?")


def test_an_allergic_reaction_is_urgent_and_a_question_about_swelling_is_not() -> None:
    assert facts.urgent_sign("my face is swelling and my lips are tingling after numbing cream") == "allergic"
    assert facts.urgent_sign("will my face swell after?") is None


def test_a_month_named_for_a_follow_up() -> None:
    assert facts.follow_up_in("yes, call me in January") is not None
    assert facts.follow_up_in("give us a shout when it's time") == 0.0
    assert facts.follow_up_in("can i come in june") is None


@pytest.mark.parametrize("said,expected", [("14 august this year", date(2026, 8, 14)),
                                           ("5th of June this year", date(2026, 6, 5)),
                                           ("june last year", date(2025, 6, 2))])
def test_a_month_this_year_is_that_month(said: str, expected: date) -> None:
    from bot.intake.dates import parse_past_date
    assert parse_past_date(said, date(2026, 12, 2)) == expected


def test_the_date_answer_is_named_before_its_yes_or_no() -> None:
    from bot.actions.intake_form import mentioned_field
    filled = {"isotretinoin": "yes", "isotretinoin_stopped": "2026-12-01"}
    assert mentioned_field("roaccutane date is wrong, stopped 14 august", filled) == "isotretinoin_stopped"
    assert mentioned_field("the roaccutane answer is wrong", filled) == "isotretinoin"


@pytest.mark.parametrize("said", ["Oh, I'm sorry, I wasn't quite ready to book anything yet.",
                                  "Please stop, I don't want to book a consultation."])
def test_not_wanting_to_book_is_said_anywhere_and_is_no_name(said: str) -> None:
    from bot.actions.form_turn import NOT_BOOKING
    assert NOT_BOOKING.search(said) and answers.first_name(said) is None


@pytest.mark.parametrize("text,name", [("I'm Sunita Sharma, I have vitiligo on my face", "Sunita Sharma"),
                                       ("I'm Indian, and my skin is brown", None)])
def test_a_message_that_starts_with_who_is_writing(text: str, name: str | None) -> None:
    assert answers.name_in_message(text) == name


def test_a_dictated_email_is_read_only_when_it_is_one() -> None:
    assert answers.normalise_email("email ahmed dot karimi at example dot com") == "ahmed.karimi@example.com"
    assert answers.normalise_email("I am at home dot com") is None


def test_several_days_and_a_changing_spot() -> None:
    assert facts.weekdays("what time do you close on Thursday and Friday") == ("thursday", "friday")
    assert facts.urgent_sign("I have brown spot on my cheek that get bigger and darker and sometimes it bleed") == "mole"
    assert facts.age_in_months("finished radiotherapy in March of this year", date(2026, 12, 2)) == 9.0
    assert facts.booking_held("need to cancel tomorrows appointment sorry") == "cancel"
    assert facts.booking_held("I've got the consultation on Thursday at 7, can we make it an hour earlier") == "move"


@pytest.mark.parametrize("text,check", [
    ("my daughter is 9 and has a scar on her cheek from a dog bite last year", lambda f: f.minor),
    ("Diagnosed 2023, left mastectomy, radiotherapy finished in March this year", lambda f: f.other_service is None),
    ("1) do you do eyebrows 2) whats the address", lambda f: f.other_service == "makeup" and "location" in f.asked),
    ("do you take card, are you open on bank holiday monday", lambda f: f.asks_hours),
    ("how much for stretch marks and is Marta there on fridays", lambda f: f.asks_hours),
    ("FUT strip scar across the back of my head from a hair transplant in turkey", lambda f: f.other_service is None),
    ("vitiligo on my lips, stable since 2019. I always burn and never tan", lambda f: not f.burn),
    ("are you open between christmas and new year?", lambda f: "unknown_practical" in f.asked),
    ("is the consultation actually free or do you charge after?", lambda f: "consultation" in f.asked),
    ("my head is peeling like mad lol. i've got my SMP booked for tuesday", lambda f: f.skin_condition == "sunburn"
     and f.booking_held == "held"),
    ("I have eczema flaring on my neck atm, want my thyroid scar done, op was 2 yrs ago", lambda f: f.skin_condition),
    ("stretch marks from puberty, currently 5 months gone with my second", lambda f: f.pregnant),
    ("my areolas lost colour, still nursing my youngest (8 months)", lambda f: f.breastfeeding),
])
def test_round_nine_facts(text: str, check: object) -> None:
    from bot.understanding.model import read_facts
    assert check(read_facts(text))       # type: ignore[operator]


def test_a_complaint_in_capitals_gets_no_leaflet() -> None:
    from bot.replies.plan import Context, plan_reply
    from bot.understanding import understand
    said = plan_reply(understand("I BOOKED FOR TUESDAY AND NOBODY CONFIRMED!!! I TOOK THE DAY OFF WORK"), Context()).said
    assert said[0] == "utter_ack_complaint" and not any(r.startswith("utter_faq/") for r in said)


def test_answers_read_as_people_mean_them_in_the_questions() -> None:
    from bot.actions.form_turn import leaving
    from bot.intake.questions import QUESTIONS
    assert answers.choose("lighter than my skin, silvery, not red at all", QUESTIONS["stretch_colour"].options) == "white"
    assert answers.yes_no_unsure("dents. yes or no") is None
    assert answers.first_name("Och thank you, that's kind") is None
    assert leaving(None, "Can you get in touch when it's been long enough?", {"follow_up": "x", "stop": "y"},  # type: ignore[arg-type]
                   free_text=True) == "follow_up"


def test_an_email_address_is_no_language_and_a_client_says_which_session() -> None:
    from bot.understanding.language import language_of
    assert language_of("pls email me smp prices, jon.baker@gmial.com - oops gmail.com") is None
    assert facts.booking_held("need to change my consult from wednesday 11 to wednesday 4pm") == "move"
    assert facts.treated_here("had my scar session 3 weeks ago and it looks darker than my skin now")
