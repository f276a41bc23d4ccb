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
                                          "vitiligo_stable", "vitiligo_not_yet_stable", "chemo_recent", "allergy",
                                          "young_stretch_marks")}
    names |= {f"utter_ack_{t}" for t in ("complaint", "frustration", "fed_up", "self_harm", "distress", "price_doubt",
                                         *FEELINGS)}
    names |= {"utter_hours_day", "utter_hours_day_closed", "utter_hours_out_of_work", "utter_nhs",
              "utter_session_length", "utter_sessions_other", "utter_brief_sessions_other", "utter_booking_held", "utter_iamabot_brief",
              "utter_booking_window", "utter_cancellation", "utter_note_medicine", "utter_note_skin_condition"}
    names |= {"utter_ask_concern", "utter_ask_concern_area"}
    names |= {"utter_offer_person", "utter_offer_intake", "utter_offer_booking", "utter_booking_exists",
              "utter_offer_intake_after_booking",
              "utter_not_sure", "utter_out_of_scope", "utter_partly_answered"}
    assert names <= RESPONSES, names - RESPONSES


def test_each_of_the_studios_other_languages_has_its_reply() -> None:
    for language in load_settings().studio.get("languages") or []:
        if language != "English":
            assert f"utter_other_language_{language.lower()}" in RESPONSES


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
    assert plan("how much for both sides? double mastectomy", [Part("how much", "faq", 0.9, "price", 0.9)])[:2] \
        == ["utter_ack_ordeal", "utter_price_areola_both"]     # a kind word for the mastectomy, then one price
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
    assert reply.said == ["utter_es_price_scar", "utter_es_offer_person"] and reply.offer == "person"
    reply = plan_reply(understand("Bonjour, combien coûte le traitement pour une cicatrice ?"),
                       Context(languages=("English", "Spanish")))
    assert reply.said == ["utter_other_language", "utter_price_scar"]     # the note, then the answer in English
    reply = plan_reply(understand("Bonjour, je voudrais savoir si vous êtes ouverts le samedi matin"),
                       Context(languages=("English", "Spanish")))
    assert reply.said == ["utter_other_language"] and reply.offer == "person"   # nothing recognised: the note


def test_a_price_asked_in_passing_is_answered() -> None:
    said = plan("I have a big scar on the back of my hand from an accident, can you make it less visible and how much "
                "for a hand", [Part("...", "share_situation", 0.9)])
    assert "utter_price_scar" in said


def test_a_question_no_answer_covers_is_passed_to_a_person() -> None:
    reply = plan_reply(understand("what's your address, and can my partner wait in the studio with me?", [
        Part("what's your address", "faq", 0.9, "location", 0.9),
        Part("and can my partner wait in the studio with me?", "nlu_fallback", 0.4, "photos", 0.1)]), Context())
    assert reply.said == ["utter_faq/location", "utter_partly_answered_about"] and reply.offer == "person"
    assert reply.responses[1][1] == {"question": "can my partner wait in the studio with me?"}


def test_a_practical_detail_the_studio_never_gave_is_said_plainly_once_with_a_person_offered() -> None:
    reply = plan_reply(understand("whats your address and is there parking near you? driving over from Worthing", [
        Part("whats your address", "faq", 0.9, "location", 0.9),
        Part("is there parking near you?", "faq", 0.8, "location", 0.8)]), Context())
    assert reply.said == ["utter_brief_location", "utter_brief_unknown_practical_about", "utter_offer_person"]
    assert reply.responses[1][1] == {"subject": "parking"}     # which detail is missing, named
    assert reply.offer == "person"


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
    assert not any(r.startswith("utter_partly_answered") for r in said) and said[-1] == "utter_offer_intake"


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
    text = "Hola, ¿me pueden atender en el estudio la semana que viene por favor?"
    languages = ("English", "Spanish")
    assert plan(text, languages=languages) == ["utter_other_language_spanish"]
    # once Spanish has been spoken, a question nothing here answers is said so in Spanish ("only English" never again)
    assert plan(text, languages=languages, language_replied=True) == ["utter_es_unknown"]


def test_a_question_about_a_treatment_the_selector_could_not_place_gets_that_treatments_answer() -> None:
    text = "whats the difference between this and a normal tattoo. and will people be able to tell on my scar?"
    said = plan(text, [Part("whats the difference between this and a normal tattoo.", "faq", 0.9, "vs_cosmetic", 0.9),
                       Part("and will people be able to tell on my scar?", "nlu_fallback", 1.0, "results", 0.2)])
    assert said[:2] == ["utter_brief_vs_cosmetic", "utter_brief_scars"] and not any(r.startswith("utter_partly_answered") for r in said)


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
    assert reply.followup is None and "utter_note_minor" in reply.said
    assert reply.offer is None and "utter_offer_person" not in reply.said   # no call-back asked of a 16-year-old


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
    assert reply.said == ["utter_unknown_practical_about", "utter_offer_person"] and reply.offer == "person"
    both = plan_reply(understand("can my husband come in with me and is it step free?"), Context())
    assert ("utter_unknown_practical_about", {"subject": "bringing someone with you and access to the studio"}) \
        in both.responses, both.responses


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
    assert said[:2] == ["utter_iamabot_brief", "utter_faq/privacy"], said


def test_a_complaint_gets_an_apology_a_direct_contact_and_a_person() -> None:
    text = "I messaged on Friday and nobody has got back to me. Is anyone running this place??"
    said = plan(text, [Part(text, "greet", 0.5)])
    assert said == ["utter_ack_complaint", "utter_brief_contact", "utter_offer_person"], said


def test_a_list_of_questions_with_one_question_mark_is_cut_into_its_questions() -> None:
    from bot.understanding.parts import split_parts
    assert split_parts("Three things: is the consultation with Marta herself, how long is it, and do I need to "
                       "bring anything?")[1:] == ["how long is it?", "and do I need to bring anything?"]
    # each question keeps its question mark, so a long story around them never swallows one
    assert split_parts("I'm comparing three studios. One quoted £1,200 for 3 sessions. Another says theirs never fades. "
                       "Yours says from £450. So roughly what would I pay in total, is a touch-up included, and who "
                       "actually does the work? I just don't want to get ripped off.")[1:] == [
        "So roughly what would I pay in total?", "is a touch-up included?", "and who actually does the work?"]
    assert split_parts("do u do streth marks on thighs n how long dos a sesion take") == [
        "do u do streth marks on thighs", "how long dos a sesion take"]


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


WEEK = {"monday": "10:00–18:00", "tuesday": "10:00–18:00", "wednesday": "10:00–18:00", "thursday": "10:00–20:00",
        "friday": "10:00–17:00", "saturday": "10:00–14:00", "sunday": ""}


def test_someone_working_nine_to_six_hears_the_late_day_and_the_weekend() -> None:
    reply = plan_reply(understand("I work 9-6 mon to fri and can't really get time off. Do you do any evenings or "
                                  "weekends?", [Part("I work 9-6 mon to fri", "share_situation", 0.6),
                                                Part("can't really get time off.", "nlu_fallback", 0.4, "permanence",
                                                     0.63, 0.58),
                                                Part("Do you do any evenings or weekends?", "faq", 1.0, "hours", 0.96)]),
                       Context(day_hours=WEEK))
    assert reply.said[0] == "utter_hours_out_of_work"
    assert reply.responses[0][1]["out_of_work_hours"] == "until 20:00 on Thursdays and 10:00–14:00 on Saturdays"
    assert "utter_faq/hours" not in reply.said


def test_each_question_named_in_plain_words_gets_its_answer() -> None:
    said = plan("3 things: 1) how much for both areolas 2) can the first chat be on video 3) are you open saturdays",
                [Part("3 things: 1) how much for both areolas", "faq", 0.9, "price", 0.9),
                 Part("2) can the first chat be on video", "faq", 0.4, "consultation", 0.4),
                 Part("3) are you open saturdays", "faq", 0.9, "hours", 0.9)], day_hours=WEEK)
    assert {"utter_price_areola_both", "utter_brief_remote_assessment", "utter_hours_day"} <= set(said)
    assert "utter_nhs" in plan("Is areola tattooing something I can get on the NHS through you or is it all private?")
    assert {"utter_brief_colour_matching", "utter_faq/colour_matching"} & set(plan(
        "I'm very dark skinned, never burn. My worry is the colour would come out grey or just look off",
        [Part("I'm very dark skinned, never burn.", "share_situation", 0.8),
         Part("My worry is the colour would come out grey or just look off", "faq", 0.6, "vitiligo", 0.6)],
        concern="vitiligo"))


def test_a_scar_is_not_given_the_scalps_number_of_sessions_and_a_session_length_is_not_invented() -> None:
    said = plan("Quick q's before I book: does it hurt, how long is one session, and how many sessions would a scar "
                "on my forearm need?", [Part("does it hurt", "faq", 0.9, "pain", 0.9),
                                        Part("how many sessions would a scar on my forearm need?", "faq", 0.9,
                                             "sessions", 0.9)])
    assert "utter_brief_sessions_other" in said and "utter_brief_sessions" not in said
    assert "utter_session_length" in said


def test_a_booking_they_already_have_is_not_booked_again() -> None:
    text = "Got my consultation booked for next week, is there anything I need to bring or do before?"
    reply = plan_reply(understand(text, [Part(text, "book_consultation", 0.7, "preparation", 0.8)]), Context())
    assert reply.followup is None and reply.offer is None and "utter_offer_booking" not in reply.said
    moved = understand("Hi it's Priya, I've got a consultation Thursday at 4 but something's come up at work. Could "
                       "we move it to Friday morning instead?", [Part("…", "book_consultation", 0.9)])
    assert moved.requests == ["reschedule_booking"]
    cancelled = plan_reply(understand("need to cancel my appointment tomorrow, i've got covid. will i be charged?", [
        Part("need to cancel my appointment tomorrow, i've got covid.", "cancel_booking", 0.9),
        Part("will i be charged?", "faq", 0.8, "payment", 0.8)]), Context())
    assert cancelled.said == ["utter_ack_unwell"]      # the cancellation itself says nothing is owed
    assert cancelled.followup == "action_cancel_booking"


def test_what_their_own_facts_change_is_said() -> None:
    assert "utter_note_allergy" in plan("Im allergic to latex and had a bad reaction to lidocaine at the dentist "
                                        "once. Would that stop me getting my areola done?")
    assert "utter_note_young_stretch_marks" in plan("3 months postpartum and the stretch marks on my tummy are still "
                                                    "purple/red. can I book in now so theyre gone for summer??")
    reply = plan_reply(understand("Lost my mum to breast cancer 2 years ago, and because I'm BRCA I had a preventative "
                                  "double mastectomy with implants. The op was 8 months ago and everything's healed. "
                                  "What would it cost for both sides?"), Context())
    assert ("utter_note_areola_timing_ok", {"age": "8 months", "months": 3}) in reply.responses


def test_services_elsewhere_are_recognised_in_how_people_say_them() -> None:
    assert understand("I want an old tattoo on my wrist lasered off, how much would that be?").facts.other_service \
        == "removal"
    assert understand("could you tattoo a pretty flower design over my scar instead of the skin colour?"
                      ).facts.other_service == "tattoo_design"
    assert understand("loads of stretch marks plus loose skin. Will this tighten anything?").facts.other_service \
        == "skin_tightening"
    had = understand("had a FUT hair transplant in turkey 3 years ago, left a long strip scar. can SMP hide it?")
    assert had.facts.other_service is None
    head = understand("My husband have big scar on the head after car accident, no hair grow there. It is possible "
                      "to make it look like hair?")
    assert head.facts.concern == "scalp"


def test_an_angry_is_it_a_bot_gets_a_short_honest_yes_and_the_number() -> None:
    reply = plan_reply(understand("r u a bot?? this is useless. just give me a phone number", [
        Part("r u a bot??", "bot_challenge", 0.9), Part("this is useless.", "nlu_fallback", 0.3),
        Part("just give me a phone number", "faq", 0.9, "contact", 0.9)]), Context())
    assert reply.said == ["utter_ack_fed_up", "utter_iamabot_brief", "utter_faq/contact"]
    assert reply.offer == "person"


def test_a_doubting_convince_me_asks_for_no_call_back() -> None:
    u = understand("Sounds like a normal tattoo with a fancy name tbh. £450 a session for dots?? convince me", [
        Part("Sounds like a normal tattoo with a fancy name tbh.", "faq", 0.7, "vs_cosmetic", 0.7),
        Part("£450 a session for dots??", "faq", 0.8, "price", 0.8), Part("convince me", "human_handoff", 0.7)])
    assert u.requests == []


def test_a_sceptic_hears_an_answer_to_each_doubt_not_a_call_back() -> None:
    text = ("Sounds like a normal tattoo with a fancy name tbh. £450 a session for dots on someone's head?? and it "
            "fades anyway so you're basically paying forever. convince me")
    reply = plan_reply(understand(text, [Part("Sounds like a normal tattoo with a fancy name tbh.", "affirm", 0.9,
                                              "vs_cosmetic", 0.8)]), Context())
    assert reply.said[:4] == ["utter_ack_price_doubt", "utter_price_scalp", "utter_brief_vs_cosmetic",
                              "utter_brief_permanence"], reply.said
    assert reply.followup is None


def test_more_questions_named_in_plain_words() -> None:
    assert {"utter_booking_window", "utter_cancellation"} <= set(plan(
        "how far ahead can i book and if something comes up can i cancel without paying"))
    assert "utter_faq/preparation" in plan("anything i need to do before the consultation?")
    said = plan("what actually happens at the free consultation?? do i have to get undressed, im really shy")
    assert said[:2] == ["utter_ack_embarrassed", "utter_faq/consultation"], said
    said = plan("I've read SMP goes blue or green after a few years. why would yours be any different")
    assert said[0] == "utter_colour_change" and any("colour_matching" in r for r in said), said     # how it ages


def test_medicines_and_active_skin_conditions_are_noted_not_ignored() -> None:
    reply = plan_reply(understand("on methotrexate for rheumatoid arthritis. scar from wrist surgery is 18 months old "
                                  "now. does the methotrexate matter?"), Context())
    assert ("utter_note_medicine", {"medicine": "methotrexate"}) in reply.responses
    said = plan("my scalp psoriasis is flaring right now, red and flaky. can i still book smp for next month?")
    assert "utter_note_skin_condition" in said, said
    assert understand("Still having herceptin every 3 weeks after my mastectomy").facts.months_ago is None
    keloid = plan("I keloid easily (ear piercings) and I've got a chest scar from 3 years ago")
    assert "utter_note_keloid" in keloid and "utter_note_mature_scar" not in keloid


def test_a_spanish_message_gets_the_essentials_in_spanish_then_a_person() -> None:
    languages = ("English", "Spanish")
    said = plan("hola tengo estrias rojas en las caderas del embarazo, mi bebe tiene 5 meses y le doy el pecho. se "
                "pueden tratar ya?", languages=languages)
    assert said == ["utter_es_works_stretch_marks", "utter_es_note_breastfeeding", "utter_es_note_young_stretch_marks",
                    "utter_es_offer_person"]
    said = plan("Me estoy quedando calvo en la coronilla. La micropigmentación capilar hace que vuelva a crecer el "
                "pelo o es solo visual? Y cuántas sesiones", languages=languages)
    assert said[:2] == ["utter_es_hair_growth", "utter_es_sessions_scalp"]
    assert plan("buenas, abris los sabados? a q hora", languages=languages)[0] == "utter_es_hours"
    assert plan("Hola, cuánto cuesta tratar una cicatriz?", languages=("English",)) == ["utter_other_language",
                                                                                       "utter_price_scar"]


def test_every_spanish_response_exists_and_fills_from_the_studio_settings() -> None:
    from bot.replies.spanish import spanish_values
    settings = load_settings()
    values = settings.reply_values()
    values = {**values, **spanish_values(values, settings.day_hours())}
    spanish = {name for name in RESPONSES if name.startswith("utter_es_")}
    assert len(spanish) >= 20
    for name in spanish:
        text = DOMAIN["responses"][name][0]["text"].format(months=12, **values)
        assert "{" not in text and "from £" not in text, (name, text)
