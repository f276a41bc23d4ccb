from bot.intake.questions import HEALTH_SCREEN, QUESTIONS, display_value, required_slots


def test_nothing_but_consent_before_consent() -> None:
    assert required_slots({}) == ["health_consent"]
    assert required_slots({"health_consent": "no", "concern": "scar"}) == ["health_consent"]


def test_minors_are_not_asked_health_questions() -> None:
    slots = required_slots({"health_consent": "yes", "concern": "scalp", "adult": "no"})
    assert slots == ["health_consent", "concern", "scalp_pattern", "scalp_condition", "adult"]


def test_questions_follow_the_concern() -> None:
    base = {"health_consent": "yes", "adult": "yes"}
    scar = required_slots({**base, "concern": "scar"})
    assert {"scar_settled", "keloid_history", "onset_date"} <= set(scar) and "scalp_pattern" not in scar
    scalp = required_slots({**base, "concern": "scalp"})
    assert {"scalp_pattern", "scalp_condition"} <= set(scalp) and "body_area" not in scalp
    for concern in ("scar", "stretch_marks", "scalp", "vitiligo", "areola", "other"):
        slots = required_slots({**base, "concern": concern})
        assert slots[:2] == ["health_consent", "concern"]          # what they came for first
        assert slots.index("adult") < min(slots.index(s) for s in HEALTH_SCREEN if s in slots)
        assert set(HEALTH_SCREEN) - {"chemo_radio"} <= set(slots)
        assert slots[-1] == "summary_confirmed"


def test_every_question_is_complete() -> None:
    for slot, question in QUESTIONS.items():
        assert question.hint and question.label, slot
        if question.kind in ("yes_no", "yes_no_unsure", "choice"):
            assert question.buttons, slot


def test_display_values_read_naturally() -> None:
    assert display_value("concern", "stretch_marks") == "stretch marks"
    assert display_value("stretch_colour", "white") == "White or silver"
    assert display_value("diabetes", "unsure") == "not sure"
    assert display_value("phototype", "III") == "Type III"
    assert display_value("onset_date", "2026-03-25") == "March 2026"


def test_the_general_screen_asks_about_skin_disease_in_the_area_except_for_the_scalp() -> None:
    base = {"health_consent": "yes", "adult": "yes", "keloid_history": "no"}
    for concern in ("scar", "stretch_marks", "vitiligo", "areola", "other"):
        slots = required_slots({**base, "concern": concern})
        assert slots.index("keloid_history") < slots.index("skin_condition_area") < slots.index("pregnant_or_breastfeeding")
    assert "skin_condition_area" not in required_slots({**base, "concern": "scalp"})   # the scalp question asks it
