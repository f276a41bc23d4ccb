"""What round-14 and round-15 writers found (visitors aged 45-80 writing letters, non-native writers, practical
doubters, people with concrete facts about their own case, terse messaging-app writers): urgent signs in their own
words, a silence complained about, a statement about one's skin that starts no form, "10+ years", "always red, never
brown", Sintrom, scalp psoriasis patches, old tattoos to remove, a bald line in an eyebrow, diabetes asked about by
name, "hi can i get some info pls", "is this a bot lol", a gift booked as a surprise."""
from __future__ import annotations

from datetime import date, time

import pytest

from bot.intake.answers import adult, described, first_name, health_answer, name_in_message, phototype
from bot.booking.preference import read_preference
from bot.booking.when import read_clock
from bot.intake.dates import parse_past_date
from bot.intake.passing import area_added
from bot.intake.questions import QUESTIONS
from bot.intake.readiness import REVIEW, Rules, assess
from bot.replies.plan import Context, plan_reply
from bot.understanding.age import child_age, says_minor
from bot.understanding.facts import follow_up_in, health_mentions, urgent_sign
from bot.understanding.model import Part, read_facts, understand
from bot.understanding.tone import tone_of

TODAY = date(2026, 12, 3)


def said(text: str, parts: list[Part] | None = None) -> list[str]:
    return [r for r, _ in plan_reply(understand(text, parts or []), Context()).responses]


@pytest.mark.parametrize("text,kind", [
    ("hello i have mole inside my scar on the back from operation. last month it become bigger and black and "
     "yesterday it bleed on my shirt. can you cover it with pigment so nobody see?", "mole"),
    ("i did black henna on hands 2 days back, now big blisters and very itchy, swelling going up my arm and today "
     "my lips also puffy. which cream can i put??", "allergic"),
    ("I'd like to book the areola tattoo. One thing, in the last 3 weeks there's been a new hard lump near the scar "
     "and the skin around it has gone red and a bit dimpled.", "lump"),
    ("i cut my foot on a shell in august and it still hasnt healed, the edges have gone black and theres a smell now",
     "infection"),
])
def test_urgent_signs_in_the_visitors_own_words(text: str, kind: str) -> None:
    assert urgent_sign(text) == kind


@pytest.mark.parametrize("text", [
    "is lip swelling normal after the numbing cream?",
    "I had a cut on my arm in 2019, the scar is white now",
    "the mole near my scar has been there since I was a kid",
])
def test_a_past_or_hypothetical_sign_is_no_emergency(text: str) -> None:
    assert urgent_sign(text) is None


@pytest.mark.parametrize("text", [
    "I sent message on tuesday and again wednesday nobody reply me. is this business still open?? very bad "
    "customer service honestly",
    "I sent an email to your address TWO WEEKS AGO and have heard absolutely nothing.",
])
def test_a_silence_complained_about_is_a_complaint(text: str) -> None:
    assert tone_of(text) == "complaint"


def test_a_compensation_claim_against_someone_else_is_no_complaint_about_the_studio() -> None:
    text = ("My solicitor says I need a written report on how visible my scar from the car accident is, for the "
            "compensation claim. Can your nurse write one for me?")
    assert tone_of(text) != "complaint"


def test_a_statement_about_ones_skin_starts_no_readiness_check() -> None:
    parts = [Part("Please i want to ask, i am very dark skinned", "check_suitability", 0.9),
             Part("will the colour match my skin or turn grey?", "faq", 0.99, "colour_matching", 0.95, 0.9)]
    understanding = understand("Please i want to ask, i am very dark skinned. will the colour match my skin or turn "
                               "grey?", parts)
    assert "check_suitability" not in understanding.requests
    assert understand("can you check if I'm ready?", [Part("can you check if I'm ready?", "check_suitability",
                                                           0.95)]).requests == ["check_suitability"]


def test_bringing_a_child_to_the_consultation_is_no_booking_request() -> None:
    text = "hiya can i bring my little one to the consult (shes 6) no childcare on wednesdays sorry"
    assert "book_consultation" not in understand(text, [Part(text, "book_consultation", 0.9)]).requests


@pytest.mark.parametrize("text,years", [("10+ years", 10), ("5+ yrs", 5), ("10 + years ago", 10)])
def test_at_least_so_many_years_is_a_date_that_long_ago(text: str, years: int) -> None:
    assert parse_past_date(text, TODAY) == date(TODAY.year - years, TODAY.month, TODAY.day)


def test_always_red_never_brown_is_type_one() -> None:
    assert phototype("always red, never brown") == "I"


def test_sintrom_is_a_blood_thinner() -> None:
    assert health_mentions("I take Sintrom because I have metal valve in heart").get("anticoagulants") is True


def test_psoriasis_patches_on_the_scalp_are_an_active_condition() -> None:
    facts = read_facts("also i have small psoriasis patches behind ear on scalp. can i do smp next month?")
    assert facts.skin_condition == "psoriasis"


def test_removing_old_tattoos_is_a_service_elsewhere_not_a_price_question() -> None:
    assert read_facts("Can you remove old tattoos? How much?").other_service == "removal"


def test_a_bald_line_in_an_eyebrow_is_a_scar_not_scalp_work() -> None:
    facts = read_facts("caught a stud through my left eyebrow 2 seasons ago, theres a bald line through the brow now")
    assert facts.concern == "scar"


def test_diabetes_asked_about_by_name_gets_the_diabetes_note_not_the_medicine_one() -> None:
    replies = said("type 1 diabetic on insulin pump. appendix scar 2 yrs old. does diabetes mean no?")
    assert "utter_note_diabetes" in replies and "utter_note_medicine" not in replies


def test_a_course_enquiry_gets_the_email_and_no_treatment_pitch() -> None:
    plan = plan_reply(understand("hiya do u run courses?? want to train in scar camo and SMP, im a beauty therapist x",
                                 []), Context())
    assert plan.redirect == "business" and plan.offer is None
    assert not any(r.startswith(("utter_brief_", "utter_faq/")) for r in plan.said)


def test_an_active_scalp_condition_is_reviewed_with_no_invented_date() -> None:
    result = assess({"concern": "scalp", "scalp_pattern": "crown", "scalp_condition": "yes", "adult": "yes"},
                    Rules(), TODAY)
    assert result.outcome == REVIEW and result.earliest is None


def test_a_child_named_before_their_age_is_a_minor() -> None:
    text = "Hi, I'm asking for my daughter Ellie who is 16. She has a scar across her cheek. Could we book her in?"
    assert child_age(text) == 16 and says_minor(text) is True
    assert child_age("my son Tom has 3 scars on his knee") is None


def test_coming_in_to_talk_is_a_visit_not_a_call_back() -> None:
    text = "Two winters ago I split my chin open. I'd like to come and talk to someone about it."
    parts = [Part("Two winters ago I split my chin open.", "share_situation", 0.8),
             Part("I'd like to come and talk to someone about it.", "human_handoff", 0.9)]
    assert understand(text, parts).requests == ["book_consultation"]


def test_before_i_book_anything_holds_the_booking_back() -> None:
    text = "Before I book anything, I wonder whether I would be suitable at all. What would you need to know?"
    parts = [Part("Before I book anything, I wonder whether I would be suitable at all.", "check_suitability", 0.7),
             Part("What would you need to know?", "book_consultation", 0.8)]
    assert "book_consultation" not in understand(text, parts).requests


def test_a_name_said_with_a_phone_number_is_read() -> None:
    assert name_in_message("it's Hannah Cole by the way - ", with_contact=True) == "Hannah Cole"
    assert name_in_message("it's about my scar", with_contact=True) is None


@pytest.mark.parametrize("text,expected", [("He's 74", "yes"), ("she's 16", "no"), ("34", "yes")])
def test_the_age_question_answered_for_the_person_it_is_about(text: str, expected: str) -> None:
    assert adult(text) == expected


def test_nipple_grafts_and_skin_grafts_are_no_hair_transplant() -> None:
    assert read_facts("had top surgery last year with nipple grafts, could you add colour to the grafts?"
                      ).other_service is None
    assert read_facts("He's bald and the skin graft on his head is a shiny pale patch").other_service is None


def test_a_friends_eyebrows_ten_years_ago_do_not_date_the_visitors_scar() -> None:
    facts = read_facts("will it go a funny colour as it fades? my friend had her eyebrows done 10 yrs ago and they "
                       "went orangey. thinking about my caesarean scar")
    assert facts.months_ago is None


def test_the_last_radiotherapy_session_is_no_session_at_the_studio() -> None:
    text = ("had a lumpectomy and then three weeks of radiotherapy, the last session was about five months ago. "
            "Is it worth coming now or should I wait?")
    assert read_facts(text).treated_here is False
    assert read_facts("you did my areola in September and it has faded").treated_here is True


def test_is_it_something_you_do_gets_the_yes_before_the_timing() -> None:
    replies = said("I chose to go flat after a double mastectomy three years ago. Is areola tattooing something you "
                   "do on a flat chest?")
    assert replies[:2] == ["utter_ack_ordeal", "utter_flat_chest"]     # heard, then the yes for a flat chest first


def test_a_wish_for_a_clock_time_reads_as_times() -> None:
    assert read_preference("at 13:00", TODAY).looked_for() == "times at 13:00"
    assert read_preference("saturday morning", TODAY).looked_for() == "Saturday mornings"


@pytest.mark.parametrize("text,stored,expected", [
    ("oh and actually can you put my hips as well, both sides, I forgot those", "tummy", "tummy and hips"),
    ("its biceps AND shoulders not just shoulders", "shoulders", "shoulders and biceps"),
    ("yes that's right", "tummy", None),
    ("no, it's not raised at all", "knee", None),
])
def test_an_area_added_after_it_was_answered_is_kept_with_the_first(text: str, stored: str,
                                                                   expected: str | None) -> None:
    assert area_added(text, stored) == expected


@pytest.mark.parametrize("slot,text,expected", [
    ("diabetes", "I had gestational diabetes with my second but it went after she was born", "no"),
    ("allergies", "Dad says plasters bring him out in a rash", "yes"),
    ("allergies", "no allergies that I know of", "no"),
    ("diabetes", "ok whatever. no diabetes", "no"),
])
def test_described_health_answers(slot: str, text: str, expected: str | None) -> None:
    assert health_answer(slot, text) == expected


def test_no_new_patches_for_years_is_a_no_to_spreading() -> None:
    question = QUESTIONS["vitiligo_spreading"]
    assert described("3 years nothing new, no spreading. dermatologist say stable", question.descriptions) == "no"


def test_a_medicine_for_depression_is_no_distress_but_feeling_depressed_is() -> None:
    assert tone_of("i take sertraline 100mg for depression, does that stop me getting my stretch marks done?") is None
    assert tone_of("my scar makes me so depressed") == "distress"


def test_a_short_spanish_question_about_spanish_is_answered_in_spanish() -> None:
    plan = plan_reply(understand("hola hablan español?", []), Context(languages=("English", "Spanish")))
    assert plan.said[0] == "utter_es_languages"


def test_a_spanish_request_for_marta_gets_a_person_in_spanish_and_nothing_else() -> None:
    plan = plan_reply(understand("Quiero hablar con Marta directamente por favor, no con un robot. Es sobre mi "
                                 "cicatriz de la cesárea.", []), Context(languages=("English", "Spanish")))
    assert plan.said == ["utter_es_person"] and plan.offer == "person"


@pytest.mark.parametrize("text,first", [
    ("hi can i get some info pls", "utter_greet"),
    ("is this a bot lol", "utter_iamabot"),
    ("vitaligo on my hands can u cover hw much", "utter_brief_vitiligo"),     # "can u cover": yes, then the price
    ("booked 2 days ago and NOBODY confirmed wtf", "utter_ack_complaint"),
    ("im 61 and on warfarin for my heart valve. does that rule me out for the scalp micropigmentation", "utter_short_scalp"),
])
def test_round15_first_replies(text: str, first: str) -> None:
    assert said(text)[0] == first


def test_a_spanish_payment_question_is_answered_in_spanish() -> None:
    plan = plan_reply(understand("se puede pagar con tarjeta? y abren los sabados", []),
                      Context(languages=("English", "Spanish")))
    assert {"utter_es_payment", "utter_es_hours"} <= set(plan.said)


def test_a_gift_for_someone_else_starts_no_booking_and_a_handwriting_tattoo_goes_to_a_tattoo_studio() -> None:
    text = "can i buy it as a gift and just book him in as a surprise?"
    assert "book_consultation" not in understand(text, [Part(text, "book_consultation", 0.9)]).requests
    assert read_facts("I'd like her handwriting tattooed on my wrist").other_service == "tattoo_design"


@pytest.mark.parametrize("text,kind", [
    ("Last night in the shower I felt a new hard lump near the scar on the same side.", "lump"),
    ("im on warfarin and caught my shin, its been bleeding for over an hour even pressing a towel on it", "bleeding"),
    ("my mum has had a sore on her ankle since august that just wont close up", "sore"),
])
def test_round15_urgent_signs(text: str, kind: str) -> None:
    assert urgent_sign(text) == kind


def test_a_spanish_request_for_brows_is_told_what_the_studio_does() -> None:
    plan = plan_reply(understand("hola! hacéis microblading de cejas? y cuanto cuesta mas o menos", []),
                      Context(languages=("English", "Spanish")))
    assert plan.said[0] == "utter_es_not_offered" and "utter_es_price" not in plan.said


def test_a_design_over_a_scar_and_a_missed_consultation_complaint() -> None:
    assert read_facts("Could you design me a tattoo of vines and little flowers to go over my c section scar?"
                      ).other_service == "tattoo_design"
    assert tone_of("sat in your waiting area 25 mins on tuesday and nobody came out, then I get an email saying I "
                   "MISSED my consultation?? absolutely ridiculous") == "complaint"


def test_their_own_case_asked_first_is_answered_before_the_price() -> None:
    text = "type 2 diabetic, does that rule me out for my knee scar? and how much is it"
    parts = [Part("type 2 diabetic, does that rule me out for my knee scar?", "faq", 0.9, "suitability", 0.9, 0.5),
             Part("and how much is it", "faq", 0.99, "price", 0.99, 0.9)]
    replies = said(text, parts)
    assert replies.index("utter_note_diabetes") < replies.index("utter_price_scar")


def test_asking_for_a_dermatologist_is_pointed_to_the_doctor_not_offered_a_treatment() -> None:
    plan = plan_reply(understand("Can you recommend a good dermatologist in Brighton? My eczema on my hands is "
                                 "flaring really badly", []), Context())
    assert plan.redirect == "health" and plan.offer is None


def test_a_follow_up_in_like_six_months_is_six_months() -> None:
    assert follow_up_in("nah not rn. can u check in with me in like 6 months") == 6


def test_a_catch_in_the_free_consultation_is_answered_and_a_time_is_no_age() -> None:
    assert "utter_faq/consultation" in said("is it actually free or is there a catch lol")
    parts = [Part("wait i said 11 not 10??", "faq", 0.9, "minimum_age", 0.9, 0.5)]
    assert "utter_faq/minimum_age" not in said("wait i said 11 not 10??", parts)


def test_a_bare_hour_said_with_then_is_a_clock_time() -> None:
    assert read_clock("oh ok 5 then, i'll swap my shift end x") == time(17, 0)
    assert read_clock("I have 3 kids then") is None


@pytest.mark.parametrize("text,tone", [
    ("finished roaccutane after 2 years of awful acne!! first time in ages i feel hopeful. can i book in now?",
     "hopeful"),
    ("im 31 and im sick of long sleeves in summer", "distress"),
    ("I am sick of this bot, answer my question", "frustration"),
    ("im petrified of needles, i fainted having bloods taken. does it hurt a lot", "distress"),
])
def test_hope_weariness_and_fear_are_told_apart_from_frustration(text: str, tone: str) -> None:
    assert tone_of(text) == tone


def test_stuck_with_it_for_life_is_a_question_about_permanence() -> None:
    answered = said("what if the colour comes out wrong and im stuck with it for life. thats my biggest fear honestly")
    assert "utter_if_wrong" in answered and any(r.endswith("permanence") for r in answered), answered


@pytest.mark.parametrize("text", ["id rather not give my name yet", "no thanks. bye"])
def test_a_refusal_or_a_goodbye_is_no_name(text: str) -> None:
    assert first_name(text) is None


def test_talking_it_over_with_a_partner_first_asks_for_nothing() -> None:
    text = "thanks, I'll talk to my partner first"
    assert understand(text, [Part(text, "book_consultation", 0.8)]).requests == []
    assert understand(text, [Part(text, "human_handoff", 0.8)]).requests == []
