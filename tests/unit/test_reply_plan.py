"""The reply plan: which responses answer a message, in which order, and the one next step."""
from __future__ import annotations

import yaml

from bot.replies.plan import FEELINGS, PRICED, Context, plan_reply
from bot.settings import REPO_ROOT, load_settings
from bot.understanding import Part, understand
from bot.understanding.facts import URGENT_SIGNS

DOMAIN = yaml.safe_load((REPO_ROOT / "domain.yml").read_text())
RESPONSES = set(DOMAIN["responses"])


def plan(text: str, parts: list[Part] | None = None, **context: object) -> list[str]:
    return plan_reply(understand(text, parts or []), Context(**context)).said  # type: ignore[arg-type]


def test_every_response_the_plan_can_name_exists_in_the_domain() -> None:
    names = {f"utter_urgent_{kind}" for kind, _ in URGENT_SIGNS}
    names |= {f"utter_price_{c}" for c in PRICED} | {"utter_price_areola_both", "utter_other_language",
                                                     "utter_other_language_again"}
    names |= {f"utter_guidance_{c}" for c in (*PRICED, "other")} | {f"utter_short_{c}" for c in PRICED}
    names |= {f"utter_note_{n}" for n in ("minor", "minor_other", "young_areola", "pregnant", "breastfeeding", "radiotherapy", "young_burn",
                                          "young_scar", "still_healing", "keloid", "chemo", "blood_thinners", "isotretinoin",
                                          "diabetes", "vitiligo_spreading", "mature_scar", "areola_timing_ok",
                                          "vitiligo_stable", "vitiligo_not_yet_stable", "chemo_recent")}
    names |= {f"utter_ack_{t}" for t in ("complaint", "frustration", "fed_up", "self_harm", "distress", "price_doubt",
                                         *FEELINGS)}
    names |= {"utter_hours_day", "utter_hours_day_closed"}
    names |= {"utter_ask_concern", "utter_ask_concern_area"}
    names |= {"utter_offer_person", "utter_offer_intake", "utter_offer_booking", "utter_booking_exists",
              "utter_offer_intake_after_booking",
              "utter_not_sure", "utter_out_of_scope", "utter_partly_answered"}
    assert names <= RESPONSES, names - RESPONSES


def test_each_of_the_studios_other_languages_has_its_reply() -> None:
    for language in load_settings().studio.get("languages") or []:
        if language != "English":
            assert {f"utter_other_language_{language.lower()}", f"utter_other_language_{language.lower()}_again"} \
                <= RESPONSES


def test_two_questions_are_answered_in_order_then_one_offer() -> None:
    said = plan("how long does it last and does it hurt", [
        Part("how long does it last", "faq", 0.9, "permanence", 0.9), Part("does it hurt", "faq", 0.9, "pain", 0.9)])
    assert said == ["utter_brief_permanence", "utter_brief_pain"]     # two answers: each in its short form


def test_a_feeling_is_acknowledged_first() -> None:
    said = plan("I hate how my arm looks, I hide it all summer. can you help with scars?",
                [Part("I hate how my arm looks, I hide it all summer.", "share_situation", 0.8),
                 Part("can you help with scars?", "faq", 0.9, "scars", 0.95)])
    assert said[:2] == ["utter_ack_distress", "utter_faq/scars"] and said[-1] == "utter_offer_intake"


def test_the_persons_facts_change_the_answer() -> None:
    said = plan("my c-section scar is 4 months old and I'm breastfeeding, can you cover it?",
                [Part("...", "faq", 0.9, "scars", 0.9)])
    assert said[0] == "utter_short_scar"          # a short yes, then what their facts change
    assert {"utter_note_breastfeeding", "utter_note_young_scar"} <= set(said)


def test_the_price_of_the_treatment_asked_about_not_the_price_list() -> None:
    assert plan("how much for both sides? double mastectomy", [Part("how much", "faq", 0.9, "price", 0.9)])[0] \
        == "utter_price_areola_both"
    assert plan("how much is it", [Part("how much is it", "faq", 0.9, "price", 0.9)], concern="scalp")[0] \
        == "utter_price_scalp"
    assert plan("how much is it", [Part("how much is it", "faq", 0.9, "price", 0.9)])[0] == "utter_faq/price"


def test_urgent_signs_get_the_doctor_message_and_nothing_else() -> None:
    assert plan("my scar is hot and swollen and there's pus, how long does healing take?",
                [Part("...", "faq", 0.9, "aftercare", 0.9)]) == ["utter_urgent_infection"]


def test_a_minor_is_never_offered_a_booking() -> None:
    said = plan("im 16 how much is it", [Part("im 16 how much is it", "faq", 0.9, "price", 0.9)])
    assert "utter_note_minor" in said and "utter_offer_booking" not in said


def test_no_booking_offer_once_a_booking_exists() -> None:
    said = plan("where are you", [Part("where are you", "faq", 0.9, "location", 0.9)], has_booking=True)
    assert said == ["utter_faq/location", "utter_booking_exists"]


def test_a_request_in_the_message_is_the_next_step() -> None:
    reply = plan_reply(understand("how much is it? and can I book for thursday", [
        Part("how much is it?", "faq", 0.9, "price", 0.9), Part("and can I book for thursday", "book_consultation",
                                                                 0.9)]), Context())
    assert reply.followup == "action_start_booking" and reply.offer is None


def test_another_language_gets_a_reply_in_it_when_the_studio_speaks_it() -> None:
    reply = plan_reply(understand("Hola, cuánto cuesta tratar una cicatriz en el brazo?"),
                       Context(languages=("English", "Spanish")))
    assert reply.said == ["utter_other_language_spanish"] and reply.offer == "person"
    reply = plan_reply(understand("Bonjour, combien coûte le traitement pour une cicatrice ?"),
                       Context(languages=("English", "Spanish")))
    assert reply.said == ["utter_other_language"]


def test_a_price_asked_in_passing_is_answered() -> None:
    said = plan("I have a big scar on the back of my hand from an accident, can you make it less visible and how much "
                "for a hand", [Part("...", "share_situation", 0.9)])
    assert "utter_price_scar" in said


def test_a_question_no_answer_covers_is_passed_to_a_person() -> None:
    reply = plan_reply(understand("is there parking nearby, and can my guide dog come in with me?", [
        Part("is there parking nearby", "faq", 0.9, "location", 0.9),
        Part("and can my guide dog come in with me?", "nlu_fallback", 0.4, "photos", 0.1)]), Context())
    assert reply.said == ["utter_faq/location", "utter_partly_answered"] and reply.offer == "person"


def test_a_parent_asking_for_a_child_hears_the_policy_about_the_child() -> None:
    said = plan("my daughter is 16 and has self harm scars, can i bring her in?")
    assert "utter_note_minor_other" in said and "utter_note_minor" not in said


def test_areola_work_too_soon_after_reconstruction() -> None:
    said = plan("had my diep flap reconstruction 6 weeks ago, how soon can i have my nipple tattooed?",
                [Part("...", "faq", 0.9, "areola", 0.9)])
    assert "utter_note_young_areola" in said


def test_a_follow_up_question_on_the_same_topic_is_not_left_unanswered() -> None:
    said = plan("I have a scar on my knee from surgery, can you make it less visible?", [
        Part("I have a scar on my knee from surgery", "faq", 0.9, "scars", 0.9),
        Part("can you make it less visible?", "faq", 0.6, "scars", 0.3)])
    assert "utter_partly_answered" not in said and said[-1] == "utter_offer_intake"


def test_every_faq_answer_has_a_short_form_for_replies_that_say_several_things() -> None:
    faq = yaml.safe_load((REPO_ROOT / "bot" / "data" / "nlu" / "faq.yml").read_text())["responses"]
    topics = {name.removeprefix("utter_faq/") for name in faq}
    assert {f"utter_brief_{t}" for t in topics} <= RESPONSES


def test_one_question_gets_the_full_answer() -> None:
    said = plan("does it hurt?", [Part("does it hurt?", "faq", 0.9, "pain", 0.9)])
    assert said[0] == "utter_faq/pain"


def test_a_service_the_studio_does_not_offer_is_not_priced_as_one_of_its_own() -> None:
    reply = plan_reply(understand("how much r ur microblading brows? want them done before my holiday",
                                  [Part("how much r ur microblading brows?", "faq", 0.9, "price", 0.9)]), Context())
    assert reply.out_of_scope and reply.redirect == "makeup"
    assert not any(r.startswith(("utter_faq/price", "utter_brief_price")) for r in reply.said)


def test_a_cream_question_about_a_young_scar_is_pointed_elsewhere_and_still_told_the_wait() -> None:
    reply = plan_reply(understand("what cream do u recommend to make a new scar fade faster? its 3 weeks old"), Context())
    assert reply.redirect == "health" and not reply.out_of_scope
    assert "utter_note_young_scar" in reply.said


def test_a_treatment_answer_for_another_body_area_is_not_given() -> None:
    said = plan("I hate how my arm looks, I hide it all summer",
                [Part("I hate how my arm looks, I hide it all summer", "faq", 0.97, "scalp", 0.54)])
    assert said == ["utter_ack_distress", "utter_ask_concern_area"]


def test_the_treatment_named_wins_over_a_guessed_one() -> None:
    said = plan("I have a scar through my eyebrow, can you help?",
                [Part("I have a scar through my eyebrow, can you help?", "faq", 0.9, "scalp", 0.7)])
    assert "utter_faq/scars" in said and not any("scalp" in r for r in said)


def test_a_complaint_with_a_day_and_time_is_not_a_booking_request() -> None:
    reply = plan_reply(understand("I had a booking for today at 11, got there and it was closed?? not happy"), Context())
    assert reply.followup is None and reply.offer == "person" and reply.said[0] == "utter_ack_complaint"


def test_frustration_with_others_is_not_an_apology_for_ourselves() -> None:
    text = "I'm so fed up. 3 different clinics told me my scars are too old, too new. is there ANY point"
    assert plan(text)[0] == "utter_ack_fed_up"
    assert plan(text, struggled=True)[0] == "utter_ack_frustration"


def test_a_fear_of_needles_gets_the_pain_answer() -> None:
    said = plan("I've been scared of needles my whole life and I'm shaking just reading about this. how bad is it really?")
    assert said[:2] == ["utter_ack_afraid", "utter_faq/pain"]


def test_each_treatment_named_gets_its_answer() -> None:
    text = ("After my two babies (both caesarean) I have the scar and around it many stretch marks, "
            "can you help with both?")
    said = plan(text, [Part(text, "faq", 0.9, "stretch_marks", 0.8)])
    assert "utter_brief_stretch_marks" in said and "utter_brief_scars" in said


def test_isotretinoin_finished_long_ago_is_no_reason_to_wait() -> None:
    text = "took roaccutane twice, last course ended 2 years ago. now i have acne scars on my cheeks, can you help?"
    assert "utter_note_isotretinoin" not in plan(text)
    assert "utter_note_isotretinoin" in plan("I finished roaccutane 3 months ago, can you do my acne scars?")


def test_a_second_message_in_another_language_does_not_get_the_same_paragraph() -> None:
    text = "Hola, ¿cuánto cuesta el tratamiento para una cicatriz?"
    languages = ("English", "Spanish")
    assert plan(text, languages=languages) == ["utter_other_language_spanish"]
    assert plan(text, languages=languages, language_replied=True) == ["utter_other_language_spanish_again"]


def test_a_question_about_a_treatment_the_selector_could_not_place_gets_that_treatments_answer() -> None:
    text = "whats the difference between this and a normal tattoo. and will people be able to tell on my scar?"
    said = plan(text, [Part("whats the difference between this and a normal tattoo.", "faq", 0.9, "vs_cosmetic", 0.9),
                       Part("and will people be able to tell on my scar?", "nlu_fallback", 1.0, "results", 0.2)])
    assert said[:2] == ["utter_brief_vs_cosmetic", "utter_brief_scars"] and "utter_partly_answered" not in said


def test_a_terse_question_with_a_clear_answer_is_answered() -> None:
    said = plan("addres pls", [Part("addres pls", "nlu_fallback", 1.0, "location", 0.47, topic_margin=0.4)])
    assert said[0] == "utter_faq/location"
    assert plan("hmm", [Part("hmm", "nlu_fallback", 1.0, "location", 0.3, topic_margin=0.1)]) == ["utter_not_sure"]


def test_home_kits_and_active_acne_are_pointed_elsewhere() -> None:
    assert plan_reply(understand("do you sell the numbing cream you use? want to try doing it myself"),
                      Context()).redirect == "diy"
    assert plan_reply(understand("can micropigmentation treat my acne? some spots are really inflamed"),
                      Context()).out_of_scope
    assert not plan_reply(understand("can you cover my acne scars?"), Context()).out_of_scope


def test_asking_for_someone_else_offers_their_consultation_not_our_health_questions() -> None:
    reply = plan_reply(understand("my husband has a scar on his arm from an accident, can you cover that?"), Context())
    assert reply.offer == "booking" and "utter_offer_intake" not in reply.said


def test_someone_under_age_is_never_sent_into_the_health_questions() -> None:
    text = "hi im 16 and have a scar on my arm, can i check if im suitable?"
    reply = plan_reply(understand(text, [Part("hi im 16", "greet", 0.97), Part("have a scar on my arm", "faq", 0.5,
                                                                                "scars", 0.9),
                                         Part("can i check if im suitable?", "check_suitability", 1.0)]), Context())
    assert reply.followup is None and "utter_note_minor" in reply.said and reply.offer == "person"


HOURS = {"monday": "10:00–18:00", "friday": "10:00–17:00", "sunday": ""}


def test_each_feeling_gets_its_own_acknowledgement_first() -> None:
    cases = {
        "My dad passed away last spring and since then I've stopped caring how my scar looks, is it still worth it?":
            "utter_ack_grief",
        "Someone attacked me and the scar on my cheek brings it all back. Please don't ask about it.": "utter_ack_trauma",
        "kids at school are really cruel about my son's birthmark scar": "utter_ack_hurt",
        "honestly it's so embarrassing, is it weird to want my stretch marks done?": "utter_ack_embarrassed",
        "I'm terrified it will look fake like the bad smp I've seen online": "utter_ack_afraid",
    }
    for text, ack in cases.items():
        said = plan(text, [Part(text, "share_situation", 0.8)])
        assert said[0] == ack, (text, said)


def test_a_plain_question_gets_no_acknowledgement() -> None:
    said = plan("I want a rose tattoo over my scar to hide it, can you do that?",
                [Part("I want a rose tattoo over my scar to hide it, can you do that?", "faq", 0.7, "scars", 0.7)])
    assert not any(r.startswith("utter_ack_") for r in said), said


def test_anger_at_a_price_is_heard_then_the_price_and_who_does_the_work() -> None:
    text = "£450 to draw dots on a head?? what a rip-off"
    said = plan(text, [Part(text, "faq", 0.9, "price", 0.9)])
    assert said[:3] == ["utter_ack_price_doubt", "utter_price_scalp", "utter_brief_practitioner"], said


def test_an_old_scar_is_told_it_is_past_the_waiting_time_and_a_young_one_is_not() -> None:
    old = plan("my knee scar is 3 years old, white and flat, can you help?",
               [Part("my knee scar is 3 years old, white and flat, can you help?", "faq", 0.9, "scars", 0.9)])
    assert "utter_note_mature_scar" in old and "utter_note_young_scar" not in old, old
    young = plan("my scar is 11 months now, is it possible or must I wait?",
                 [Part("my scar is 11 months now, is it possible or must I wait?", "faq", 0.9, "healing_wait", 0.9)])
    assert "utter_note_young_scar" in young and "utter_faq/healing_wait" not in young, young


def test_vitiligo_stable_long_enough_is_said_so() -> None:
    text = "I've had vitiligo for years and no new patches for about 18 months. could you help?"
    said = plan(text, [Part(text, "faq", 0.9, "vitiligo", 0.9)], vitiligo_stable_months=12)
    assert "utter_note_vitiligo_stable" in said, said


def test_a_specific_flag_replaces_the_general_list_of_reasons_to_wait() -> None:
    text = "I'm on clopidogrel and aspirin, is that a problem for stretch marks?"
    said = plan(text, [Part(text, "faq", 0.9, "contraindications", 0.9)])
    assert "utter_note_blood_thinners" in said and not any("contraindications" in r for r in said), said


def test_past_breastfeeding_is_no_reason_to_wait_and_paying_for_sides_is_the_price() -> None:
    text = "Left side mastectomy, the right is pale since breastfeeding my kids. Would I be paying for one side or both?"
    said = plan(text, [Part(text, "faq", 0.8, "payment", 0.8)])
    assert "utter_note_breastfeeding" not in said and any(r.startswith("utter_price_areola") for r in said), said


def test_the_hours_of_the_day_asked_about_come_first() -> None:
    said = plan("what time do you close on fridays?", [Part("what time do you close on fridays?", "faq", 0.9, "hours",
                                                            0.9)], day_hours=HOURS)
    assert said[0] == "utter_hours_day", said
    closed = plan_reply(understand("are you open sundays?", [Part("are you open sundays?", "faq", 0.9, "hours", 0.9)]),
                        Context(day_hours=HOURS))
    assert closed.responses[0] == ("utter_hours_day_closed", {"day": "Sunday", "day_hours": ""})


def test_a_practical_detail_the_assistant_does_not_know_offers_a_person() -> None:
    reply = plan_reply(understand("is there parking near you?", [Part("is there parking near you?", "faq", 0.9,
                                                                       "unknown_practical", 0.9)]), Context())
    assert reply.said == ["utter_faq/unknown_practical", "utter_offer_person"] and reply.offer == "person"


def test_an_allergic_reaction_after_a_treatment_elsewhere_is_an_emergency() -> None:
    said = plan("had my scalp done elsewhere this morning, now my face and eyes are swelling up and my throat feels "
                "tight")
    assert said == ["utter_urgent_allergic"]


def test_services_the_studio_does_not_offer_get_their_own_pointer() -> None:
    for text, family in {"can you remove my keloid? it keeps growing": "scar_removal",
                         "could you lighten the dark patches on my cheeks": "skin_lightening",
                         "do you do microneedling?": "skin_treatments",
                         "I'd like a flower tattoo designed over my scar": "tattoo_design"}.items():
        reply = plan_reply(understand(text), Context())
        assert reply.redirect == family, (text, reply)


def test_is_this_a_bot_beside_a_data_worry_is_answered_honestly_then_the_data_question() -> None:
    said = plan("is this a bot? bet ur just harvesting peoples data", [
        Part("is this a bot?", "bot_challenge", 0.9), Part("bet ur just harvesting peoples data", "faq", 0.9,
                                                            "privacy", 0.9)])
    assert said[:2] == ["utter_iamabot", "utter_faq/privacy"], said


def test_a_complaint_gets_an_apology_a_direct_contact_and_a_person() -> None:
    text = "I messaged on Friday and nobody has got back to me. Is anyone running this place??"
    said = plan(text, [Part(text, "greet", 0.5)])
    assert said == ["utter_ack_complaint", "utter_brief_contact", "utter_offer_person"], said


def test_a_list_of_questions_with_one_question_mark_is_cut_into_its_questions() -> None:
    from bot.understanding.parts import split_parts
    assert split_parts("Three things: is the consultation with Marta herself, how long is it, and do I need to "
                       "bring anything?")[1:] == ["how long is it", "and do I need to bring anything?"]


def test_asking_to_be_contacted_later_keeps_in_touch_instead_of_booking() -> None:
    for text, months in {"no i dont want to book now, get in touch with me in 8 months": 8.0,
                         "can you email me a reminder when the 12 months are up": 0.0}.items():
        u = understand(text, [Part(text, "book_consultation", 0.7)])
        assert u.facts.follow_up_months == months
        assert plan_reply(u, Context()).followup == "action_keep_in_touch", text


def test_a_short_question_about_a_days_hours_is_no_booking() -> None:
    reply = plan_reply(understand("thurs late?", [Part("thurs late?", "book_consultation", 0.8)]),
                       Context(day_hours={"thursday": "10:00–20:00"}))
    assert reply.said[0] == "utter_hours_day" and reply.followup is None, reply
