"""Patterns found in the ninth session (2026-12-05): the round-22 tune split read a second time, and messages written
while probing the running assistant (two questions in one, conditions the screen does not list, work done elsewhere)."""
from __future__ import annotations

from datetime import date

import pytest

from bot.replies.plan import Context, plan_reply
from bot.settings import how_to_pay
from bot.understanding.age import own_age
from bot.understanding.facts import asked_topics
from bot.understanding.model import Part, understand


def _said(text: str, **context: object) -> list[str]:
    return plan_reply(understand(text), Context(**context)).said    # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["whats included in the price", "is the touch up included?", "any hidden costs?",
                                  "what do I get for that?"])
def test_what_a_price_covers_is_answered_not_the_price_list(text: str) -> None:
    said = _said(text)
    assert said[0] == "utter_price_includes"
    assert not {"utter_faq/price", "utter_brief_price"} & set(said)


def test_what_the_consultation_includes_is_no_question_about_prices() -> None:
    assert "price_includes" not in asked_topics("what is included in the consultation?")


def test_how_to_pay_leaves_out_the_sentence_about_being_private() -> None:
    text = ("Lumen Skin Studio is a private studio. The consultation is free with nothing to pay in advance; each "
            "session is paid on the day, by card or bank transfer.")
    assert how_to_pay(text) == ("The consultation is free with nothing to pay in advance; each session is paid on the "
                                "day, by card or bank transfer.")
    assert how_to_pay("Card or cash on the day.") == "Card or cash on the day."


@pytest.mark.parametrize("text", [
    "i am relly scared of neeldes. is there anyway to make it not hurt or be put to sleep??",
    "does it hurt? can you sedate me",
    "how painful is it, do you give pain relief?",
])
def test_asking_to_be_put_under_hears_that_comfort_measures_are_not_set_out(text: str) -> None:
    assert "utter_numbing_unknown" in _said(text)


@pytest.mark.parametrize("text", ["Please can all the sessions be done within that 2 weeks?",
                                  "how far apart are the sessions", "all in one go?"])
def test_the_timing_of_sessions_is_answered_honestly_not_their_number_or_a_price(text: str) -> None:
    said = _said(text)
    assert "utter_sessions_spacing" in said
    assert not {"utter_brief_price", "utter_faq/price", "utter_session_length"} & set(said)


def test_laser_tried_before_gets_how_camouflage_differs_and_the_money_spent_is_heard() -> None:
    said = _said("Ive already spent £2k on laser for my acne scars and honestly they look the same. Why would this be "
                 "any different? Genuinely asking before I waste more money")
    assert said[0] == "utter_ack_elsewhere"


def test_a_spanish_speaker_asking_for_spanish_hears_yes() -> None:
    text = "can I do the consultation in spanish? my english is not so good"
    parts = [Part(text=text, intent="faq", confidence=0.97, topic="languages", topic_confidence=0.95,
                  topic_margin=0.9)]
    said = plan_reply(understand(text, parts), Context(languages=("English", "Spanish"))).said
    assert "utter_languages_spoken" in said
    assert "utter_faq/languages" not in said


def test_a_nineteen_year_old_asking_if_too_young_hears_they_are_old_enough() -> None:
    said = _said("im 19, am I too young for smp?")
    assert "utter_old_enough" in said
    assert "utter_no_upper_age" not in said and "utter_brief_minimum_age" not in said


def test_a_sixteen_year_old_still_hears_the_minimum_age() -> None:
    assert "utter_old_enough" not in _said("my son is 16, is he old enough?")


@pytest.mark.parametrize("text,topic", [("how long does a session last?", "session_length"),
                                        ("how long does it last?", "permanence"),
                                        ("how long will the colour last", "permanence")])
def test_a_sessions_length_is_not_how_long_the_colour_lasts(text: str, topic: str) -> None:
    assert asked_topics(text) == (topic,)


def test_coming_straight_from_work_is_about_preparing() -> None:
    assert "preparation" in asked_topics("can I come straight from work to the consultation?")


def test_whats_the_healing_like_is_about_aftercare() -> None:
    assert "after_care_unknown" in asked_topics("whats the healing like")


def test_covering_a_tattoo_is_sent_elsewhere_not_a_menu() -> None:
    assert plan_reply(understand("can u cover a tattoo with skin colour?"), Context()).redirect == "removal"


def test_a_client_treated_here_asking_if_it_is_normal_is_for_marta_not_the_waiting_rules() -> None:
    said = _said("I had my areola done here 3 weeks ago and it looks patchy is that normal")
    assert said[0] == "utter_note_treated_here"
    assert not [s for s in said if "areola_timing" in s or s.startswith("utter_guidance")]


def test_can_you_help_beside_a_price_question_gets_both_and_the_stable_years_count() -> None:
    said = _said("i have vitiligo on my hands, since 2 yrs no new spots. can you help and does it cost a lot")
    assert said[:2] == ["utter_short_vitiligo", "utter_price_vitiligo"]
    assert "utter_note_vitiligo_stable" in said


def test_a_mothers_areola_question_gets_the_treatment_both_prices_and_the_radiotherapy_note() -> None:
    text = ("hiya my mum had a mastectomy 2 years ago and radiotherapy, shes 62, could she have a nipple tattoo and "
            "would it be both sides or one")
    parts = [Part(text="my mum had a mastectomy 2 years ago and radiotherapy, shes 62, could she have a nipple tattoo",
                  intent="faq", confidence=1.0, topic="areola", topic_confidence=0.268, topic_margin=0.189),
             Part(text="would it be both sides or one", intent="faq", confidence=1.0, topic="several_areas",
                  topic_confidence=0.84, topic_margin=0.826)]      # as parsed
    u = understand(text, parts)
    assert u.facts.radiotherapy is True and not u.facts.both_sides
    said = plan_reply(u, Context()).said
    assert said[0] == "utter_ack_ordeal_other"         # her cancer heard in a few words, then the answers
    assert said[1:3] == ["utter_short_areola", "utter_price_areola"]
    assert "utter_note_radiotherapy_other" in said and "utter_faq/several_areas" not in said


def test_marks_too_old_to_fix_are_the_mature_kind_not_a_question_about_age() -> None:
    said = _said("honestly i hate my stretch marks, i wont wear shorts. are they too old to fix? i got them at 15 and "
                 "im 30 now")
    assert "utter_note_mature_stretch_marks" in said and "utter_no_upper_age" not in said
    assert _said("I'm 74, is that too old?") == ["utter_no_upper_age"]


def test_a_cancellation_question_gets_no_payment_answer_beside_it() -> None:
    text = "whats your cancellation policy"
    parts = [Part(text=text, intent="faq", confidence=0.9, topic="payment", topic_confidence=0.6, topic_margin=0.3)]
    said = plan_reply(understand(text, parts), Context()).said
    assert "utter_cancellation" in said and "utter_payment_plain" not in said


@pytest.mark.parametrize("text,topics", [
    ("is vitiligo camouflage permanent and can i go swimming", ("permanence", "after_care_unknown")),
    ("what ages do you treat and do I need a GP letter", ("minimum_age", "doctor_letter")),
    ("how long does it take to see the final result and when can i wash my hair", ("after_care_unknown",)),
    ("will it fade to blue?", ("colour_change",)),
])
def test_each_question_of_two_is_heard(text: str, topics: tuple[str, ...]) -> None:
    assert asked_topics(text) == topics


@pytest.mark.parametrize("text,age", [("hi im tom, 34, receding hairline for about 5 years. thinking about smp", 34),
                                      ("Ana, 41, from Hove", 41), ("im tom, 16, can i book", 16),
                                      ("Hi Marta, 15 min late", None), ("hi, scar, 12 months old", None),
                                      ("I have 3 scars, 12, 14 and 20 cm", None)])
def test_a_name_then_an_age_is_their_age(text: str, age: int | None) -> None:
    assert own_age(text) == age


def test_do_you_do_a_treatment_beside_another_question_gets_both() -> None:
    said = _said("Hi! Quick q - do you do stretch marks on the tummy and roughly how many sessions? x")
    assert said[:3] == ["utter_yes_we_do", "utter_brief_stretch_marks", "utter_brief_sessions_other"]


def test_open_on_saturdays_and_paying_by_card_are_both_answered_without_a_menu() -> None:
    said = _said("hiya, just wondering if ur open on saturdays and if i can pay by card")
    assert "utter_payment_plain" in said and any("hours" in s for s in said)


def test_work_done_somewhere_else_is_heard_and_answered_without_our_leaflet() -> None:
    said = _said("Can u fix bad smp done somewhere else? its gone blue and patchy")
    assert said[:2] == ["utter_ack_elsewhere", "utter_other_studio_work"]
    assert "utter_brief_scalp" not in said and "utter_faq/scalp" not in said


def test_a_girlfriend_written_for_is_someone_else() -> None:
    assert understand("hey so my gf has vitiligo round her eyes and shes really self conscious, i wanted to surprise "
                      "her with a consultation for her birthday").facts.for_someone_else


def test_anger_at_the_price_of_dots_gets_the_scalp_price_not_the_list() -> None:
    said = _said("omg ur prices r mad £450 for dots??")
    assert "utter_price_scalp" in said and "utter_faq/price" not in said


def test_smp_after_chemo_is_about_chemo_not_aftercare() -> None:
    parts = [Part(text="smp after chemo?", intent="faq", confidence=0.9, topic="aftercare", topic_confidence=0.64,
                  topic_margin=0.4)]     # as parsed
    said = plan_reply(understand("smp after chemo?", parts), Context()).said
    assert "utter_note_chemo" in said and not [s for s in said if "aftercare" in s]


def test_an_urgent_mole_comes_first_and_alone_but_for_the_price_asked() -> None:
    said = _said("how much roughly for smp? oh and theres a mole on the back of my head, its about doubled since the "
                 "summer and its bled on the pillow a couple of times")
    assert said[0] == "utter_urgent_mole" and "utter_price_scalp" in said
    assert not [s for s in said if s.startswith(("utter_offer", "utter_note", "utter_ack"))]


@pytest.mark.parametrize("text", ["does it wash off when you do the washing up", "How does SMP compare, does it last as "
                                  "long, and roughly what would you charge for a full head?"])
def test_whether_it_lasts_or_washes_off_is_heard(text: str) -> None:
    assert "permanence" in asked_topics(text)


def test_stable_for_years_without_a_number_counts_as_years() -> None:
    said = _said("I have had vitiligo on my hands since my forties, nothing new has come up for years now")
    assert "utter_note_vitiligo_stable" in said


def test_how_long_the_consultation_takes_gets_its_facts_briefly() -> None:
    assert _said("how long does the consultation take") == ["utter_brief_consultation"]


def test_a_steroid_injection_for_a_keloid_is_sent_elsewhere_without_an_offer() -> None:
    plan = plan_reply(understand("can u inject my keloid with steroid? the derm waiting list is like 9 months"), Context())
    assert plan.redirect == "skin_treatments" and plan.offer is None


def test_a_lip_scar_asked_against_lip_blush_gets_our_answer_before_the_pointer() -> None:
    plan = plan_reply(understand("I was born with a cleft lip, the scar cuts through my lip line. Is that something you "
                                 "do or is it more a lip blush thing?"), Context())
    assert plan.redirect == "makeup" and plan.redirect_last


@pytest.mark.parametrize("text,condition", [("i have a pacemaker is that ok", "a pacemaker"),
                                            ("can i get it done if im on my period lol", "your period"),
                                            ("i have asthma and use an inhaler, can i still have smp?", "asthma")])
def test_a_condition_the_screen_does_not_list_is_for_marta_not_out_of_scope(text: str, condition: str) -> None:
    plan = plan_reply(understand(text), Context())
    assert ("utter_health_unknown", {"condition": condition}) in plan.responses
    assert not plan.out_of_scope


def test_how_long_smp_takes_to_heal_is_answered_honestly() -> None:
    assert "after_care_unknown" in asked_topics("how long does smp take to heal")


def test_a_year_said_alone_is_shown_as_the_year_not_july() -> None:
    from bot.intake.dates import parse_past_date
    from bot.intake.questions import display_value
    kept = parse_past_date("a job in 2023", date(2026, 12, 5))
    assert kept is not None and display_value("onset_date", kept.isoformat()) == "2023"
    assert display_value("onset_date", "2023-03-05") == "March 2023"


def test_would_it_grow_back_is_answered_once_after_the_feeling() -> None:
    text = "im 24 and losing my hair really fast, honestly its wrecking me. would this make it grow back or just look like it has"
    parts = [Part(text="im 24 and losing my hair really fast, honestly its wrecking me.", intent="share_situation",
                  confidence=0.9, topic="scalp", topic_confidence=0.95, topic_margin=0.9),
             Part(text="would this make it grow back or just look like it has?", intent="faq", confidence=0.9,
                  topic="hair_growth", topic_confidence=0.9, topic_margin=0.8)]
    said = plan_reply(understand(text, parts), Context()).said
    assert said[0] == "utter_ack_distress" and [s for s in said if "hair_growth" in s]
    assert not [s for s in said if s in ("utter_brief_scalp", "utter_faq/scalp")]


def test_a_touch_up_asked_by_a_client_gets_its_own_price_and_marta() -> None:
    said = _said("Hi, I had scalp micropigmentation with Marta in 2024 and it's fading a bit at the temples. Can I book "
                 "a touch up and what does it cost?")
    assert "utter_price_touch_ups" in said and "utter_price_scalp" not in said
    assert "utter_note_treated_here" in said
