"""The reply plan: which responses answer a message, in which order, and the one next step."""
from __future__ import annotations

import yaml

from bot.replies.plan import PRICED, Context, plan_reply
from bot.settings import REPO_ROOT, load_settings
from bot.understanding import Part, understand
from bot.understanding.facts import URGENT_SIGNS

DOMAIN = yaml.safe_load((REPO_ROOT / "domain.yml").read_text())
RESPONSES = set(DOMAIN["responses"])


def plan(text: str, parts: list[Part] | None = None, **context: object) -> list[str]:
    return plan_reply(understand(text, parts or []), Context(**context)).said  # type: ignore[arg-type]


def test_every_response_the_plan_can_name_exists_in_the_domain() -> None:
    names = {f"utter_urgent_{kind}" for kind, _ in URGENT_SIGNS}
    names |= {f"utter_price_{c}" for c in PRICED} | {"utter_price_areola_both", "utter_other_language"}
    names |= {f"utter_guidance_{c}" for c in (*PRICED, "other")} | {f"utter_short_{c}" for c in PRICED}
    names |= {f"utter_note_{n}" for n in ("minor", "minor_other", "young_areola", "pregnant", "breastfeeding", "radiotherapy", "young_burn",
                                          "young_scar", "still_healing", "keloid", "chemo", "blood_thinners", "isotretinoin",
                                          "diabetes", "vitiligo_spreading")}
    names |= {f"utter_ack_{t}" for t in ("complaint", "frustration", "self_harm", "distress")}
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
    assert said == ["utter_faq/permanence", "utter_faq/pain"]


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
