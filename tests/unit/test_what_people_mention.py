"""What round-13 writers found (messaging-app visitors aged 18-40; website visitors with practical questions about
their own case): a medicine taken now whatever else happened last year, "pregnant with no.2", an operation dated by
its month, everyday medicines named, swallowing trouble after lip filler, a growing brown patch, numbered questions,
another treatment alongside camouflage, a cancellation charge, "Good afternoon" is no time, good news, a raised scar,
a husband's burn, a Romanian message, a Spanish burn's 18 months, "make them lighter", jobs."""
from __future__ import annotations

from datetime import date

import pytest

from bot.booking.preference import read_preference
from bot.intake.answers import choose, phototype
from bot.intake.passing import told_in_passing
from bot.intake.questions import QUESTIONS
from bot.replies.plan import Context, plan_reply
from bot.replies.spanish import spanish_plan
from bot.understanding.age import about_someone_else
from bot.understanding.facts import age_in_months, health_mentions, months_ago, urgent_sign, wants_time
from bot.understanding.language import language_of
from bot.understanding.model import Part, read_facts, understand
from bot.understanding.parts import split_parts
from bot.understanding.spanish import read_spanish
from bot.understanding.tone import tone_of

TODAY = date(2026, 12, 2)


def said(text: str, parts: list[Part] | None = None) -> list[str]:
    return [r for r, _ in plan_reply(understand(text, parts or []), Context()).responses]


@pytest.mark.parametrize("text,expected", [
    ("im 31 and on rivaroxaban for a clot i had last year. can i still get smp?", True),
    ("I've been on apixaban since my clot 2 years ago", True),
    ("i stopped warfarin last year", None),
    ("I used to take apixaban", None),
])
def test_a_blood_thinner_taken_now_counts_whatever_happened_last_year(text: str, expected: bool | None) -> None:
    assert health_mentions(text).get("anticoagulants") is expected


def test_pregnant_with_number_two_is_pregnant() -> None:
    facts = read_facts("im 24 weeks pregnant with no.2 and want my c section scar from my first (3 yrs ago) sorted")
    assert facts.pregnant is True


def test_pregnancy_is_never_told_the_timing_is_fine() -> None:
    text = ("im 24 weeks pregnant with no.2 and want my c section scar from my first (3 yrs ago) sorted before this "
            "one arrives in march. can i book in for the treatment now?")
    replies = said(text)
    assert "utter_note_pregnant" in replies and "utter_note_mature_scar" not in replies
    assert read_preference(text, TODAY).from_day is None       # "before… March" is a deadline, not a wish


@pytest.mark.parametrize("text,months", [
    ("my c-section was in August and the scar is still pink", 4),
    ("had my surgery in march 2025, is it ok now?", 21),
    ("the op is booked in for March", None),
])
def test_an_operation_dated_by_its_month(text: str, months: float | None) -> None:
    assert months_ago(text) == months if months is None else abs((months_ago(text) or 0) - months) <= 1


def test_a_month_and_year_count_back_from_today() -> None:
    assert age_in_months("in March 2025", TODAY) == 21


@pytest.mark.parametrize("text,medicine", [
    ("im on sertraline and the pill, does that matter for scar camo?", "sertraline and the pill"),
    ("I'm on propranolol for anxiety, can i still come?", "propranolol"),
    ("not on any pills", None),
    ("I'm on rivaroxaban", None),               # a blood thinner has its own note
    ("I'm on holiday in june", None),
])
def test_everyday_medicines_named_go_to_the_practitioner(text: str, medicine: str | None) -> None:
    assert read_facts(text).medicine == medicine


def test_swallowing_trouble_after_lip_filler_is_an_emergency() -> None:
    text = ("got my lips done at a beauty salon today (not u) and now my lips and tongue are really swelling and its "
            "getting hard to swallow what do i do")
    assert urgent_sign(text) == "allergic"
    assert urgent_sign("could my tongue swell from the numbing cream?") is None


def test_a_brown_patch_getting_bigger_and_darker_goes_to_a_doctor() -> None:
    assert urgent_sign("brown patch on my cheek came up a few months ago and it's getting bigger and darker. "
                       "if it's harmless could you cover it?") == "mole"


def test_numbered_questions_are_each_a_question() -> None:
    parts = split_parts("3 quick ones: 1 do you numb it 2 how long is each session 3 will I need someone to drive me home")
    assert parts[1:] == ["1 do you numb it", "2 how long is each session", "3 will I need someone to drive me home"]
    assert Part(text="3 qs: 1) do u do stretch marks on men").is_question


def test_how_long_a_visit_takes_is_its_length_not_a_count() -> None:
    replies = said("It is possible to make less visible? How much cost and how long is one visit?")
    assert "utter_session_length" in replies and "utter_sessions_other" not in replies


@pytest.mark.parametrize("text", [
    "I've been having fraxel laser on my acne scars. Can I do micropigmentation in between the laser sessions?",
    "I get botox in my forehead every 4 months and have a scar there. Would botox affect the camouflage?",
])
def test_another_treatment_alongside_is_planned_with_the_practitioner_not_refused(text: str) -> None:
    facts = read_facts(text)
    assert facts.other_service is None and "other_treatments" in facts.asked


def test_a_cancellation_charge_is_no_price_question_and_good_afternoon_no_time() -> None:
    text = ("Subject: Cancellation policy? Good afternoon, I am a full-time carer for my husband. Before I book "
            "anything I should like to know what your policy is if I have to cancel on the day. Is there a charge?")
    assert not wants_time(text)
    replies = said(text)
    assert "utter_cancellation" in replies and not any(r.startswith("utter_price") or r == "utter_faq/price"
                                                       for r in replies)


def test_good_news_is_congratulated() -> None:
    assert said("we're getting married in September and I'd love my c-section scar less obvious for the dress")[0] \
        == "utter_ack_occasion"


def test_a_raised_lumpy_scar_is_flagged_and_never_told_timing_is_fine() -> None:
    text = ("had a triple bypass two years ago. The scar has gone a purply brown colour and the middle bit is raised "
            "and lumpy. Could you make it match my skin?")
    assert read_facts(text).keloid is True
    assert "utter_note_mature_scar" not in said(text)
    assert read_facts("my scar is flat and white now, not raised").keloid is None
    assert read_facts("I was raised in Leeds, have a scar on my knee").keloid is None


@pytest.mark.parametrize("text", [
    "my husband burnt his neck and chest at work (steam) 6 months ago",
    "my sister in law got bitten on the face by her own dog",
    "she's 35 and too embarrassed to message herself",
])
def test_written_for_someone_else(text: str) -> None:
    assert about_someone_else(text)


def test_a_romanian_message_is_not_read_as_spanish() -> None:
    assert language_of("Buna ziua, am o cicatrice de la o operatie pe burta de acum 2 ani. Cat costa sa o "
                       "acoperiti?") == "Romanian"


def test_a_spanish_burn_waits_eighteen_months_counted_from_the_burn() -> None:
    reading = read_spanish("vivo en brighton desde hace 2 años, tengo una cicatriz de quemadura en la mano de hace "
                           "un año más o menos. se puede tratar ya? y cuánto cuesta?")
    assert reading.months_ago == 12 and reading.burn
    assert "utter_es_note_young_burn" in [r for r, _ in spanish_plan(reading, 12, 18, 18)]


def test_making_dark_marks_lighter_is_refused_and_the_language_question_still_answered() -> None:
    text = ("i have dark acne marks on my cheeks (not holes, just dark). can you make them lighter? also you speak "
            "spanish?")
    plan = plan_reply(understand(text, [Part(text="also you speak spanish?", intent="faq", confidence=0.9,
                                             topic="languages", topic_confidence=0.9, topic_margin=0.8)]), Context())
    assert plan.out_of_scope and plan.redirect == "skin_lightening"
    assert "utter_faq/languages" in [r for r, _ in plan.responses]


def test_a_job_enquiry_is_pointed_to_the_studios_email() -> None:
    assert read_facts("are u hiring? im a qualified tattoo artist trying to get into paramedical, do u run "
                      "courses").other_service == "business"


def test_how_much_it_bothers_me_is_no_price_question() -> None:
    facts = read_facts("my gf doesnt know how much it bothers me. if i get smp and later want to grow it out is it "
                       "stuck there forever?")
    assert not facts.asks_price and "permanence" in facts.asked


@pytest.mark.parametrize("text,tone", [
    ("be honest does this stuff actually work or is it just instagram filters. show me real pics", "sceptical"),
    ("does it actually look real up close or is it obvious like a drawn on head", "sceptical"),
    ("lads at uni call me the egg lol. not even joking its ruining me, i wear a cap 24/7", "distress"),
    ("I still can't look in the mirror properly. Honestly is there any point or am I kidding myself", "distress"),
    ("how much is it for the crown?", None),
])
def test_doubt_and_quiet_distress_are_heard(text: str, tone: str | None) -> None:
    assert tone_of(text) == tone


def test_a_doubt_is_acknowledged_before_the_answer() -> None:
    assert said("be honest does this stuff actually work or is it just instagram filters")[0] == "utter_ack_sceptical"


def test_a_doubt_about_filters_gets_the_results_and_the_photos_not_a_phone_number() -> None:
    replies = said("be honest does this stuff actually work or is it just instagram filters. show me real pics",
                   [Part(text="is it just instagram filters.", intent="nlu_fallback", topic="contact",
                         topic_confidence=0.6, topic_margin=0.5)])
    assert replies[0] == "utter_ack_sceptical"
    assert any("results" in r for r in replies) and any("photos" in r for r in replies)
    assert not any("contact" in r for r in replies)


def test_an_urgent_sign_talked_down_gets_a_firm_reply() -> None:
    u = understand("probably just healing tho right? ill wait till monday and see", [])
    assert [r for r, _ in plan_reply(u, Context(urgent_before=True)).responses] == ["utter_urgent_hold"]
    assert "utter_urgent_hold" not in [r for r, _ in plan_reply(u, Context()).responses]


def test_the_way_they_cannot_be_reached_is_not_their_preferred_one() -> None:
    options = QUESTIONS["preferred_contact"].options
    assert choose("WhatsApp is easiest I can never answer the phone with these two", options) == "whatsapp"


def test_almost_never_burning_is_type_four_not_six() -> None:
    assert phototype("I go brown easy, almost never burn") == "IV"
    assert phototype("never burn") == "VI"


def test_moving_it_to_another_day_is_a_change_of_booking() -> None:
    assert read_facts("Oh no Thursday is parents' evening, can we move it to Wednesday, half eleven?").booking_held \
        == "move"


@pytest.mark.parametrize("text,area", [
    ("hot oil went over my left forearm and back of my hand, had a skin graft", "left forearm and back of hand"),
    ("it's the c-section scar, low on my tummy", "abdomen"),
    ("a scar on my knee from an operation", "knee"),      # "leg" alone would make Marta ask where on the leg
    ("burn on my calf from a motorbike exhaust, can u cover it", "calf"),
    ("stretch marks on my belly", "abdomen"),               # an everyday name of the whole area: the area's word
])
def test_the_area_is_kept_in_the_visitors_words_when_one_word_would_lose_some(text: str, area: str) -> None:
    assert told_in_passing(text, {"health_consent": "yes"})["body_area"] == area


def test_a_burn_from_a_motorbike_is_a_burn_not_an_injury() -> None:
    told = told_in_passing("burn on my calf from a motorbike exhaust, can u cover it", {"health_consent": "yes"})
    assert told["scar_cause"] == "burn"
    assert QUESTIONS["onset_date"].render({"concern": "scar", "scar_cause": "burn"}).startswith("When did the burn")
