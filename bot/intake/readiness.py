"""Readiness screening: flags and explains, never decides.

Three outcomes: ready for a consultation, needs the practitioner's review
(with reasons), or not yet (with the earliest sensible date). Periods come
from the studio settings because sources differ.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping, Optional

from bot.intake.dates import add_months, months_between
from bot.settings import Readiness as Rules

READY, REVIEW, NOT_YET = "ready", "review", "not_yet"


@dataclass
class Assessment:
    outcome: str = READY
    reasons: list[str] = field(default_factory=list)      # for the practitioner and the visitor
    earliest: Optional[date] = None

    def review(self, reason: str) -> None:
        self.reasons.append(reason)
        if self.outcome == READY:
            self.outcome = REVIEW

    def wait(self, reason: str, until: date) -> None:
        self.reasons.append(reason)
        self.outcome = NOT_YET
        self.earliest = max(self.earliest or until, until)


def _onset(slots: Mapping[str, object], slot: str = "onset_date") -> Optional[date]:
    value = slots.get(slot)
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _scar(slots: Mapping[str, object], rules: Rules, today: date, a: Assessment) -> None:
    minimum = rules.burn_scar_min_months if slots.get("scar_cause") == "burn" else rules.scar_min_months
    onset = _onset(slots)
    if onset is None:
        a.review("the age of the scar is not known")
    elif months_between(onset, today) < minimum:
        a.wait(f"the scar is about {months_between(onset, today)} months old; scars usually need at least "
               f"{minimum} months to mature", add_months(onset, minimum))
    if slots.get("scar_settled") == "no":
        a.review("the scar's colour or texture has not settled yet (still pink, red or raised)")
    elif slots.get("scar_settled") == "unsure":
        a.review("it is not clear whether the scar has settled")
    if slots.get("keloid_history") in ("yes", "unsure"):
        a.review("a history (or possible history) of keloid or raised scarring")


def _stretch_marks(slots: Mapping[str, object], rules: Rules, today: date, a: Assessment) -> None:
    colour = slots.get("stretch_colour")
    if colour == "red":
        a.wait("red or purple stretch marks are still maturing; they are treated once white or silver",
               add_months(today, 6))
    elif colour == "mix":
        a.review("some stretch marks are still red or purple")


def _vitiligo(slots: Mapping[str, object], rules: Rules, today: date, a: Assessment) -> None:
    spreading = slots.get("vitiligo_spreading")
    last_patch = _onset(slots, "vitiligo_new_patch")
    if spreading == "yes" and last_patch and months_between(last_patch, today) >= rules.vitiligo_stable_months:
        pass                                    # "yes, but the last new patch was 14 months ago": stable enough
    elif spreading == "yes":
        a.wait(f"vitiligo is treated only once stable: no new or growing patches for {rules.vitiligo_stable_months} "
               "months", add_months(last_patch or today, rules.vitiligo_stable_months))
    elif spreading == "unsure":
        a.review("it is not clear whether the vitiligo has been stable for a year")
    # a dermatologist's involvement is advice (the guidance says it), not a reason to wait or to review


def _areola(slots: Mapping[str, object], rules: Rules, today: date, a: Assessment) -> None:
    done = slots.get("areola_reconstruction_done")
    onset = _onset(slots)
    radiotherapy = slots.get("areola_radiotherapy")
    if done == "no":
        a.wait("the reconstruction is not finished yet; treatment comes after the final stage has healed",
               add_months(today, rules.areola_min_months_after_reconstruction))
    elif done == "unsure":
        a.review("it is not clear whether the reconstruction is finished")
    minimum = rules.areola_min_months_after_reconstruction
    if onset is None:
        a.review("the date of the last surgery is not known")
    elif months_between(onset, today) < minimum:
        a.wait(f"the last surgery was about {months_between(onset, today)} months ago; at least {minimum} months "
               "of healing are needed", add_months(onset, minimum))
    ended = _onset(slots, "treatment_ended")
    after_radiotherapy = rules.areola_min_months_after_radiotherapy
    counted_from = ended or onset
    if radiotherapy == "yes" and counted_from and months_between(counted_from, today) < after_radiotherapy:
        since = "radiotherapy finished" if ended else "the last surgery was"
        a.wait(f"{since} about {months_between(counted_from, today)} months ago; after radiotherapy the skin "
               f"needs about {after_radiotherapy} months", add_months(counted_from, after_radiotherapy))
    if radiotherapy in ("yes", "unsure"):
        a.review("after radiotherapy the oncology team's clearance is needed")


def _scalp(slots: Mapping[str, object], rules: Rules, today: date, a: Assessment) -> None:
    if slots.get("scalp_condition") == "yes":      # no period is set for it anywhere: a flag, and no made-up date
        a.review("an active scalp condition (such as psoriasis, eczema or sunburn) needs to calm down first")
    elif slots.get("scalp_condition") == "unsure":
        a.review("possible active scalp condition")


def _health(slots: Mapping[str, object], rules: Rules, today: date, a: Assessment) -> None:
    if slots.get("pregnant_or_breastfeeding") == "yes":     # a screening flag: no waiting period is set anywhere,
        a.review("pregnant or breastfeeding: the practitioner advises on timing")   # so no date is made up
    review_if_yes = {
        "anticoagulants": "takes blood thinners (anticoagulants)",
        "diabetes": "has diabetes",
        "chemo_radio": "current or recent chemotherapy or radiotherapy",
        "isotretinoin": "isotretinoin in the last 12 months",
        "allergies": "known allergy to pigments, anaesthetics, latex or metals",
        "skin_condition_area": "an active skin condition in the area needs to settle first",
    }
    stopped = _onset(slots, "isotretinoin_stopped")
    if slots.get("isotretinoin") == "yes" and stopped:
        review_if_yes.pop("isotretinoin")       # its date decides: wait, or nothing to flag
        if months_between(stopped, today) < rules.isotretinoin_clear_months:
            a.wait(f"isotretinoin stopped about {months_between(stopped, today)} months ago; the skin needs "
                   f"{rules.isotretinoin_clear_months} months clear of it", add_months(stopped,
                                                                                 rules.isotretinoin_clear_months))
    ended = _onset(slots, "treatment_ended")
    if slots.get("chemo_radio") == "yes" and ended:
        review_if_yes["chemo_radio"] = (f"chemotherapy or radiotherapy finished about {months_between(ended, today)} "
                                        "months ago: the medical team's go-ahead is needed")
    for slot, reason in review_if_yes.items():
        if slots.get(slot) == "yes":
            a.review(reason)
    unsure = [s for s in ("pregnant_or_breastfeeding", *review_if_yes) if slots.get(s) == "unsure"]
    if unsure:
        a.review("some health answers were 'not sure'")


_BY_CONCERN = {"scar": _scar, "stretch_marks": _stretch_marks, "vitiligo": _vitiligo, "areola": _areola,
               "scalp": _scalp}


def assess(slots: Mapping[str, object], rules: Rules, today: date) -> Assessment:
    """Screen the intake answers. ``slots`` holds the form's values."""
    a = Assessment()
    concern = str(slots.get("concern") or "other")
    if concern in _BY_CONCERN:
        _BY_CONCERN[concern](slots, rules, today, a)
    else:
        a.review("a concern outside the usual treatments")
    _health(slots, rules, today, a)
    return a                                    # the phototype is an answer the practitioner reads, never a reason


def guidance(concern: Optional[str], rules: Rules) -> str:
    """What usually decides the timing for ``concern``, in one or two sentences."""
    if concern == "scar":
        return (f"As a guide, a scar is usually ready once it is at least {rules.scar_min_months} months old, "
                f"flat, and no longer pink or red; burns often need around {rules.burn_scar_min_months} months.")
    if concern == "stretch_marks":
        return ("As a guide, stretch marks are ready once they have matured to white or silver; red or purple "
                "marks are still settling, so it's better to wait a little.")
    if concern == "vitiligo":
        return (f"As a guide, vitiligo needs to be stable first: no new or growing patches for at least "
                f"{rules.vitiligo_stable_months} months, ideally with your dermatologist's support.")
    if concern == "areola":
        return (f"As a guide, every stage of the reconstruction should be healed, usually for at least "
                f"{rules.areola_min_months_after_reconstruction} months, and longer after radiotherapy "
                f"(around {rules.areola_min_months_after_radiotherapy} months), with your medical team's go-ahead.")
    if concern == "scalp":
        return ("As a guide, the scalp should be free of any active condition, such as psoriasis, eczema or "
                "sunburn, and the design is planned around your hair-loss pattern.")
    return "As a guide, the skin needs to be fully healed and settled before any treatment."
