from datetime import date

from bot.intake.readiness import NOT_YET, READY, REVIEW, assess
from bot.settings import Readiness

RULES = Readiness()
TODAY = date(2026, 11, 25)
HEALTHY = {s: "no" for s in ("pregnant_or_breastfeeding", "anticoagulants", "diabetes", "chemo_radio",
                             "isotretinoin", "allergies")}


def test_a_young_scar_is_not_yet_with_the_date_it_matures() -> None:
    result = assess({**HEALTHY, "concern": "scar", "onset_date": "2026-07-25", "scar_settled": "yes",
                     "keloid_history": "no"}, RULES, TODAY)
    assert result.outcome == NOT_YET
    assert result.earliest == date(2027, 7, 25)          # a 4-month-old scar: around month 12


def test_burn_scars_wait_longer() -> None:
    result = assess({**HEALTHY, "concern": "scar", "scar_cause": "burn", "onset_date": "2025-07-25",
                     "scar_settled": "yes", "keloid_history": "no"}, RULES, TODAY)
    assert result.outcome == NOT_YET and result.earliest == date(2027, 1, 25)


def test_a_mature_scar_is_ready() -> None:
    result = assess({**HEALTHY, "concern": "scar", "onset_date": "2024-01-01", "scar_settled": "yes",
                     "keloid_history": "no"}, RULES, TODAY)
    assert (result.outcome, result.reasons) == (READY, [])


def test_keloids_and_health_answers_need_review() -> None:
    result = assess({**HEALTHY, "concern": "scar", "onset_date": "2024-01-01", "scar_settled": "yes",
                     "keloid_history": "yes", "anticoagulants": "yes"}, RULES, TODAY)
    assert result.outcome == REVIEW and len(result.reasons) == 2


def test_not_yet_wins_over_review_and_keeps_the_latest_date() -> None:
    result = assess({**HEALTHY, "concern": "vitiligo", "vitiligo_spreading": "yes",
                     "pregnant_or_breastfeeding": "yes", "diabetes": "unsure"}, RULES, TODAY)
    assert result.outcome == NOT_YET and result.earliest == date(2027, 11, 25)


def test_red_stretch_marks_wait_white_ones_are_ready() -> None:
    assert assess({**HEALTHY, "concern": "stretch_marks", "stretch_colour": "red"}, RULES, TODAY).outcome == NOT_YET
    assert assess({**HEALTHY, "concern": "stretch_marks", "stretch_colour": "white"}, RULES, TODAY).outcome == READY


def test_areola_after_radiotherapy_needs_time_and_clearance() -> None:
    early = assess({**HEALTHY, "concern": "areola", "areola_reconstruction_done": "yes",
                    "onset_date": "2026-05-25", "areola_radiotherapy": "yes"}, RULES, TODAY)
    assert early.outcome == NOT_YET and early.earliest == date(2027, 5, 25)
    later = assess({**HEALTHY, "concern": "areola", "areola_reconstruction_done": "yes",
                    "onset_date": "2024-05-25", "areola_radiotherapy": "yes"}, RULES, TODAY)
    assert later.outcome == REVIEW


def test_periods_come_from_the_settings() -> None:
    strict = Readiness(scar_min_months=24)
    result = assess({**HEALTHY, "concern": "scar", "onset_date": "2025-06-25", "scar_settled": "yes",
                     "keloid_history": "no"}, strict, TODAY)
    assert result.outcome == NOT_YET and result.earliest == date(2027, 6, 25)


def test_an_active_scalp_condition_is_flagged_for_the_practitioner_without_a_made_up_date() -> None:
    result = assess({**HEALTHY, "concern": "scalp", "scalp_pattern": "crown", "scalp_condition": "yes"},
                    RULES, TODAY)
    assert result.outcome == REVIEW and result.earliest is None
    assert any("scalp condition" in reason for reason in result.reasons)


def test_pregnancy_or_breastfeeding_is_flagged_for_the_practitioner_without_a_made_up_date() -> None:
    result = assess({**HEALTHY, "concern": "scar", "onset_date": "2023-01-01", "scar_settled": "yes",
                     "keloid_history": "no", "pregnant_or_breastfeeding": "yes"}, RULES, TODAY)
    assert result.outcome == REVIEW and result.earliest is None
    assert any("breastfeeding" in reason for reason in result.reasons)


def test_a_dark_phototype_and_stable_vitiligo_add_no_reason() -> None:
    result = assess({**HEALTHY, "concern": "vitiligo", "vitiligo_spreading": "no", "phototype": "VI"}, RULES, TODAY)
    assert result.outcome == READY and result.reasons == []


def test_an_active_skin_condition_in_the_area_needs_review() -> None:
    result = assess({**HEALTHY, "concern": "scar", "onset_date": "2024-01-01", "scar_settled": "yes",
                     "skin_condition_area": "yes"}, RULES, TODAY)
    assert result.outcome == REVIEW and any("skin condition" in r for r in result.reasons), result
