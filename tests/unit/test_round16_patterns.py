"""What round-16 writers found (long letters with a medical history, messaging-app texters, third parties):
a spouse named beside the writer's own case is no third party, a medicine stopped is no scar's age, radiotherapy
dated at the start of its sentence, "burn in the sun" is no Sunday, "she won't ring anyone herself" asks for no
call-back, photos asked for, "last time I let someone…" is no question about the last slot, "nothing nasty" is no
distress, history is no request for another service, several facts for the practitioner in one note."""
from __future__ import annotations

import pytest

from bot.intake.passing import told_in_passing
from bot.nlp.readable import may_ask_erasure
from bot.replies.plan import Context, plan_reply
from bot.understanding.age import about_someone_else
from bot.understanding.facts import asked_topics, asks_hours, other_service, wants_time
from bot.understanding.model import Part, read_facts, understand
from bot.understanding.tone import tone_of


def said(text: str, parts: list[Part] | None = None) -> list[str]:
    return [r for r, _ in plan_reply(understand(text, parts or []), Context()).responses]


@pytest.mark.parametrize("text", [
    "I'm 52, I had a double mastectomy two years ago. My husband is lovely about it but I cry in the shower.",
    "Evening. I'm 50, completely bald for ten years. Type 2 diabetic on insulin. My wife is worried. Is diabetes a problem?",
])
def test_a_spouse_named_beside_the_writers_own_case_is_no_third_party(text: str) -> None:
    assert not about_someone_else(text)
    assert not read_facts(text).for_someone_else


@pytest.mark.parametrize("text", [
    "My mum had a mastectomy 2 years ago and finished reconstruction last year. How much is it for one side?",
    "my husband has a scar on his arm from a dog bite, can you help?",
    "asking for my husband, he's 45 and pretty much bald on top",
])
def test_a_relatives_case_is_still_theirs(text: str) -> None:
    assert about_someone_else(text)


def test_a_medicine_stopped_months_ago_is_no_age_of_the_scar() -> None:
    facts = read_facts("Acne left pitted scars on both cheeks. I finally went on Roaccutane and stopped it 7 months "
                       "ago, skin is clear now. Does the Roaccutane matter for this?")
    assert facts.isotretinoin_months_ago == 7
    assert facts.months_ago is None


def test_radiotherapy_dated_at_the_start_of_its_sentence_is_that_old() -> None:
    text = ("Good morning. I'm 77. Three years ago I had throat cancer, a neck dissection on the right and six weeks "
            "of radiotherapy. All clear now. Could the scalp dot technique be used on a beard gap?")
    assert read_facts(text).radiotherapy_months_ago == 36
    assert "utter_note_radiotherapy" not in said(text)      # three years is past the studio's 12 months


def test_burning_in_the_sun_is_no_sunday_and_starts_no_booking() -> None:
    text = ("My skin is very white, always I burn in the sun, never brown. Is possible to make the scar same colour "
            "like my skin? How many times I must come?")
    assert not wants_time(text)
    assert wants_time("sun 2pm ok?") and wants_time("can i come sat 11?")


def test_someone_who_wont_ring_themselves_asks_for_no_call_back() -> None:
    text = "She keeps talking about a nipple tattoo but won't ring anyone herself. How much is it for one side?"
    parts = [Part("She keeps talking about a nipple tattoo but won't ring anyone herself.", "human_handoff", 0.9),
             Part("How much is it for one side?", "faq", 0.9, "price", 0.95)]
    assert "human_handoff" not in understand(text, parts).requests
    asked = "he wont call you so can you call him"
    assert understand(asked, [Part(asked, "human_handoff", 0.9)]).requests == ["human_handoff"]


def test_photos_of_the_work_are_asked_for() -> None:
    assert "photos" in asked_topics("Do you have photos of your work on dark skin?")
    assert "photos" not in asked_topics("can I send you photos of my scar on whatsapp?")


def test_the_difference_from_what_you_do_is_the_comparison_with_cosmetic_work() -> None:
    assert "vs_cosmetic" in asked_topics("The salon offered me permanent make-up lip liner. What's the difference "
                                         "between that and what you do?")


def test_a_bad_experience_last_time_is_no_question_about_the_last_slot() -> None:
    text = ("Last time I let someone do camouflage on my scar (a different place, in London) it came out grey and "
            "ashy on my dark skin and looks worse than before. Why should I trust you lot?? Can that even be fixed")
    assert not asks_hours(text)
    assert asks_hours("what is the latest time I can come?")
    parts = [Part(text, "faq", 0.9, "suitability", 0.6)]
    replies = said(text, parts)
    assert "utter_other_studio_work" in replies and not any("hours" in r for r in replies)


def test_a_feeling_word_denied_is_no_distress_and_hope_is_heard() -> None:
    text = ("My dermatologist says it's female pattern, nothing nasty. It's our 60th wedding anniversary next year "
            "and I'd so love to feel nice in the photos. Is it silly at my age?")
    assert tone_of(text) == "hopeful"
    assert tone_of("I hate how my arm looks") == "distress"


@pytest.mark.parametrize("text", [
    "my hair came back thinner and I use minoxidil foam. Does SMP work for women with long hair?",
    "C-section in 1995, and then a tummy tuck 14 months ago to sort out the overhang. Can I have the scar done?",
])
def test_a_treatment_had_before_is_no_request_for_another_service(text: str) -> None:
    assert other_service(text) is None


def test_several_facts_for_the_practitioner_share_one_note_and_none_is_dropped() -> None:
    text = ("Burns to my forearm 14 months ago. I take apixaban for AF and I'm type 2 diabetic. Would you be able "
            "to start on it now?")
    plan = plan_reply(understand(text, []), Context())
    notes = dict(plan.responses)
    assert "utter_note_young_burn" in notes
    assert "utter_note_flags" in notes
    assert "blood thinner" in notes["utter_note_flags"]["things"] and "diabetes" in notes["utter_note_flags"]["things"]


@pytest.mark.parametrize("text", [
    "my wife says you do nipples is that for men as well full stop I'm on tamoxifen question mark what would it cost",
    "Do you do this hair treatment for ladies, and is it silly at my age?",
    "alright mate do you treat guys for stretch marks??",
])
def test_whether_men_or_women_are_treated_is_answered(text: str) -> None:
    assert "who_for" in asked_topics(text)


def test_doubt_after_work_elsewhere_gets_the_earlier_work_and_who_does_it() -> None:
    story = ("Last time I let someone do camouflage on my scar (a different place, in London) it came out grey and ashy "
             "on my dark skin and looks worse than before.")
    text = f"{story} Why should I trust you lot?? Can that even be fixed"
    parts = [Part(story, "faq", 0.9, "scars", 0.2), Part("Why should I trust you lot??", "nlu_fallback", 0.5),
             Part("Can that even be fixed", "faq", 0.9, "suitability", 0.5)]
    replies = said(text, parts)
    assert replies[0] == "utter_ack_elsewhere"
    assert "utter_other_studio_work" in replies and "utter_brief_practitioner" in replies
    assert not any(r.startswith("utter_partly_answered") for r in replies)


def test_whether_it_can_help_is_answered_beside_the_fear_of_being_judged() -> None:
    story = "I'm 44 and I have self harm scars on both forearms from when I was a teenager, old, flat and white."
    text = f"{story} Would you judge me if I came in? Can it make them less obvious?"
    parts = [Part(story, "share_situation", 0.9, "healing_wait", 0.13),
             Part("Would you judge me if I came in?", "check_suitability", 0.7, "several_areas", 0.17),
             Part("Can it make them less obvious?", "nlu_fallback", 0.5, "suitability", 0.12)]
    replies = said(text, parts)
    assert replies[:2] == ["utter_ack_self_harm", "utter_not_judged"]
    assert any(r.endswith("scars") for r in replies)


def test_areolas_not_only_after_cancer_is_the_who_for_answer() -> None:
    assert "who_for" in asked_topics("Do you do areolas after a breast reduction or only after cancer?")


def test_a_mastectomy_scar_is_part_of_the_areola_answer_not_another_treatment() -> None:
    text = ("I had a mastectomy, no reconstruction, just flat with a scar across and no nipple that side. Is that for "
            "men as well? What would it cost?")
    replies = said(text)
    assert "utter_price_areola" in replies and "utter_brief_who_for" in replies
    assert not any(r.endswith(("_scar", "_scars")) for r in replies)


def test_the_hair_loss_told_before_the_questions_fills_the_treatment_and_its_pattern() -> None:
    told = told_in_passing("yo do u do the scalp tattoo thing. hairline going n crown thin af",
                           {"health_consent": "yes"})
    assert told["concern"] == "scalp" and told["scalp_pattern"] == "hairline,crown"
    assert "scalp_pattern" not in told_in_passing("hairline n crown", {"health_consent": "yes",
                                                                       "scalp_pattern": "full"})


def test_a_grandchild_who_told_them_about_it_is_no_third_party() -> None:
    assert not about_someone_else("Hello... my granddaughter says you can hide scars with tattoo ink?? I had my LEFT "
                                  "knee replaced and the scar looks like a zip!! Gordon")
    assert about_someone_else("my daughter's scar is on her cheek")


def test_news_about_a_pregnancy_can_never_be_an_erasure_request() -> None:
    assert not may_ask_erasure("I had my first scar session with Marta 6 weeks ago. I've just found out I'm pregnant!! "
                               "Should I still come or postpone? Don't want to risk anything")
    assert may_ask_erasure("can you remove everything you have on me") and may_ask_erasure("borra mis datos")


def test_a_bare_for_how_long_goes_with_the_question_before_it() -> None:
    text = "what do you actually keep from this chat and for how long? and if i change my mind can i get it all deleted"
    parts = [Part("what do you actually keep from this chat", "faq", 0.9, "privacy", 0.95),
             Part("for how long?", "faq", 0.9, "sessions", 0.96)]
    assert "sessions" not in understand(text, parts).topics


def test_unhappy_with_the_studios_own_work_is_a_complaint_with_no_price_or_sales() -> None:
    text = ("I had two sessions on my stretch marks on my thighs and paid over £500. Now 2 months later the marks look "
            "LIGHTER than my skin, honestly more obvious than before. I'm really upset, I was told it would blend. "
            "What are you going to do about it?")
    facts = read_facts(text)
    assert facts.treated_here and not facts.asks_price
    assert understand(text).tone == "complaint"
    assert said(text)[:1] == ["utter_ack_complaint"] and "utter_note_treated_here" in said(text)
    assert not any(r.startswith(("utter_price", "utter_brief_stretch", "utter_offer_intake")) for r in said(text))


def test_a_worried_client_is_no_complaint() -> None:
    text = "Hiya, had my 1st scalp session with Marta last Tues. Scalp is really itchy now, is that normal??"
    assert read_facts(text).treated_here and understand(text).tone != "complaint"


def test_a_client_who_is_newly_pregnant_is_told_what_that_means_for_her_next_session() -> None:
    text = ("I had my first scar session with Marta 6 weeks ago and the 2nd is booked for next month. I've just found "
            "out I'm pregnant!! Should I still come or postpone?")
    assert "utter_note_pregnant_client" in said(text) and "utter_note_treated_here" not in said(text)


@pytest.mark.parametrize("text", [
    "Hi, I'm a support worker for a young man (24) who has autism. He has a scar on his cheek from a fall.",
    "I care for an elderly lady who has vitiligo on her hands, could she have a consultation?",
])
def test_a_carer_writes_for_the_person_they_support(text: str) -> None:
    assert read_facts(text).for_someone_else


@pytest.mark.parametrize("text", [
    "Can you delete just the health bit but keep my booking? And who can see it",
    "please only erase my medical answers, I still want the appointment",
    "delete the diabetes stuff but keep my booking pls",
])
def test_erasing_only_a_part_is_for_a_person_and_never_the_erase_everything_prompt(text: str) -> None:
    from bot.nlp.readable import explicit_request
    assert explicit_request(text) is None
    assert "utter_erase_part" in said(text) and "utter_offer_person" in said(text)
    assert not any(r.startswith("utter_note_") for r in said(text))


def test_erasing_everything_is_still_the_erasure() -> None:
    from bot.nlp.readable import explicit_request
    assert explicit_request("please delete all my data and cancel my booking") == "delete_my_data"


@pytest.mark.parametrize("text,meaning", [("lol no", "no"), ("haha nope", "no"), ("omg no way", "no"),
                                          ("lol yes", "yes"), ("tbh not sure", "unsure")])
def test_a_laugh_before_the_answer_is_still_the_answer(text: str, meaning: str) -> None:
    from bot.intake.answers import yes_no_unsure
    assert yes_no_unsure(text) == meaning


def test_how_long_one_session_takes_is_the_session_length_not_the_number_of_sessions() -> None:
    assert asked_topics("how long does 1 session take") == ("session_length",)
    assert asked_topics("how long does it last") == ("permanence",)


@pytest.mark.parametrize("text,meaning", [("idk never had one", "no"), ("never had any reaction to anything", "no"),
                                          ("not sure, latex gloves gave me a rash once", "yes")])
def test_no_known_allergy_said_with_a_shrug_is_a_no(text: str, meaning: str) -> None:
    from bot.intake.answers import health_answer
    assert health_answer("allergies", text) == meaning


def test_doing_what_the_urgent_advice_said_is_supported_not_met_with_a_menu() -> None:
    text = "ugh ok. im so angry with them 😢 calling 111 now"
    plan = plan_reply(understand(text), Context(urgent_before=True))
    assert [r for r, _ in plan.responses] == ["utter_urgent_agreed"]
    assert [r for r, _ in plan_reply(understand("ok going to a&e now"), Context(urgent_before=True)).responses] \
        == ["utter_urgent_agreed"]


def test_redoing_it_properly_is_about_the_other_studios_work() -> None:
    assert "other_studio_work" in asked_topics("once its all healed could u redo it properly?")


@pytest.mark.parametrize("text,months", [("oh im 17 but 18 in like 4 months x", 4), ("I turn 18 in six months", 6),
                                         ("17", None)])
def test_when_an_under_18_turns_18(text: str, months: float | None) -> None:
    from bot.understanding.facts import adult_in_months
    assert adult_in_months(text) == months


@pytest.mark.parametrize("text", ["omg but why its just a consultation 😭", "my mum said its fine she can come with me!!"])
def test_an_under_18_asking_why_is_told_kindly_and_offered_a_reminder(text: str) -> None:
    plan = plan_reply(understand(text), Context(known_minor=True))
    assert plan.said == ["utter_minor_why"] and plan.offer == "keep_in_touch"
    assert "utter_minor_why" not in plan_reply(understand(text), Context()).said


@pytest.mark.parametrize("text", [
    "hang on who actually sees all this. i dont like that ive put my meds on here. can u just delete everything ive "
    "said, all of it, my name n all",
    "just delete it all",
])
def test_erasing_everything_asked_after_a_question_is_still_a_request(text: str) -> None:
    from bot.nlp.readable import explicit_request
    assert explicit_request(text) == "delete_my_data"
    assert explicit_request("do you delete my data after a year?") is None


def test_had_both_all_finished_two_years_ago_answers_the_treatment_questions() -> None:
    from bot.actions.intake_form import _recent_treatment
    from bot.intake.answers import yes_no_unsure
    assert yes_no_unsure("had both. all finished 2 years ago") == "yes"
    assert _recent_treatment("had both. all finished 2 years ago") == 24     # not recent: a no to "recently finished?"


@pytest.mark.parametrize("text,before,after", [
    ("wait typo. example not exmaple", "maisie.kerr@exmaple.com", "maisie.kerr@example.com"),
    ("its gmail not gmial", "ann@gmial.com", "ann@gmail.com"),
    ("not sure", "ann@gmial.com", None),
])
def test_a_typo_pointed_out_is_put_right(text: str, before: str, after: str | None) -> None:
    from bot.intake.answers import typo_fixed
    assert typo_fixed(text, before) == after


def test_work_done_elsewhere_and_is_this_something_you_deal_with() -> None:
    text = ("Two years ago I paid a studio in London to camouflage my C-section scar and it healed LIGHTER than my "
            "skin, so now I have a pale stripe that's more obvious than the scar ever was. I'm honestly furious. Is "
            "this something you deal with?")
    replies = said(text)
    assert replies[0] == "utter_ack_elsewhere" and "utter_other_studio_work" in replies
    assert "utter_note_mature_scar" not in replies     # two years is when the other studio worked, not the scar's age
    assert understand(text).tone != "complaint"         # not a complaint about this studio


@pytest.mark.parametrize("text,email,phone", [
    ("oh seven seven double oh nine double oh three five two", None, "+447700900352"),
    ("peggy hollis at example dot com no space", "peggyhollis@example.com", None),
    ("ahmed dot karimi at example dot co dot uk", "ahmed.karimi@example.co.uk", None),
    ("one or two things at home", None, None),
])
def test_contact_details_said_in_words_are_read(text: str, email: str | None, phone: str | None) -> None:
    from bot.contact import read_contact
    found = read_contact(text, "GB")
    assert (found.email, found.phone) == (email, phone)


def test_a_chat_with_someone_next_wednesday_about_half_6_is_a_visit_and_names_its_time() -> None:
    from bot.understanding.facts import names_a_clock
    text = ("would i be able to have a chat with someone about it next wednesday about half 6 after work thanks love")
    assert names_a_clock(text) and read_facts(text).day_named == "wednesday"


@pytest.mark.parametrize("text", ["will it still be on the ipad though", "can my mum still see it?"])
def test_whether_it_is_still_on_the_device_after_erasure_gets_the_honest_answer(text: str) -> None:
    assert said(text) == ["utter_erased_check"]


@pytest.mark.parametrize("concern", ["stretch_marks", "scalp", "vitiligo", "areola", "scar"])
def test_keloids_are_asked_of_everyone_once(concern: str) -> None:
    from bot.intake.questions import required_slots
    asked = required_slots({"health_consent": "yes", "concern": concern, "adult": "yes"})
    assert asked.count("keloid_history") == 1       # the general screen in the domain notes


def test_a_scar_still_pinky_at_one_end_has_not_settled() -> None:
    from bot.intake import answers
    from bot.intake.questions import QUESTIONS
    described = QUESTIONS["scar_settled"].descriptions
    assert answers.described("Mostly pale now, a bit pinky at one end when I'm warm", described) == "no"
    assert answers.described("pale and flat now", described) == "yes"


def test_work_done_at_a_salon_months_ago_is_no_young_scar() -> None:
    from bot.replies.plan import Context, plan_reply
    from bot.understanding.model import understand
    u = understand("I had my c section scar 'camouflaged' at a salon 4 months ago and its gone ORANGE. worse than "
                   "the scar was")
    said = plan_reply(u, Context()).said
    assert said[:2] == ["utter_ack_elsewhere", "utter_other_studio_work"], said
    assert not any("young_scar" in r or "still_healing" in r for r in said), said


def test_is_it_all_gone_after_an_erasure_is_about_the_data_not_the_pigment() -> None:
    from bot.replies.plan import Context, plan_reply
    from bot.understanding.model import Part, understand
    u = understand("is it all gone?", [Part("is it all gone?", "faq", 0.9, "permanence", 0.7)])
    assert plan_reply(u, Context()).said == ["utter_erased_check"]
