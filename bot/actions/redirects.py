"""Where to send a visitor whose request the studio does not handle.

An out-of-scope message still deserves a useful pointer: permanent make-up,
artistic tattoos, removal and health worries each have a better place to go.
Keyword families, not NLU, choose the pointer: the NLU already decided the
request is out of scope, this only words the refusal.
"""
from __future__ import annotations

import re
from typing import Mapping

# (name, words that start a matching token) — checked in this order.
_FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("urgent", ("bleeding", "emergency", "ambulance", "can't breathe", "cant breathe", "overdose", "chest pain")),
    ("removal", ("remov", "laser", "fade my tattoo", "get rid of my tattoo")),
    ("makeup", ("brow", "eyebrow", "microblad", "lip", "eyeliner", "liner", "lash", "freckle", "beauty mark",
                "beauty spot", "permanent make", "permanent makeup", "pmu", "powder brow", "ombre")),
    ("tattoo", ("tattoo", "tatoo", "ink ", "piercing", "pierce", "design", "script", "portrait")),
    ("aesthetic", ("botox", "filler", "anti-wrinkle", "anti wrinkle", "profhilo", "skin booster", "injectable",
                   "lip flip", "dermal filler")),
    ("hair", ("transplant", "minoxidil", "finasteride", "hair growth serum", "prp", "wig", "hairpiece",
              "hair piece", "cold cap")),
    ("diagnosis", ("mole", "melanoma", "cancer", "diagnos", "what is it", "what is this", "what's this", "whats this",
                   "lump", "bump", "is it normal", "is this normal")),
    ("health", ("rash", "sunburn", "acne", "spot", "eczema", "psoriasis", "itch", "allerg", "infect",
                "ibuprofen", "paracetamol", "painkiller", "medicine", "medication", "dose", "doctor", "gp ",
                "prescri", "wart", "bite", "swollen", "fever", "cream", "peel")),
    ("dental", ("teeth", "tooth", "dentist", "whitening", "veneer", "braces")),
    ("beauty", ("waxing", "leg wax", "bikini wax", "brazilian wax", "manicure", "pedicure", "gel nails",
                "acrylic nails", "a facial", "massage", "spray tan", "lash lift", "haircut", "hair cut", "highlights",
                "hair dye")),
    ("business", ("job", "vacanc", "cv", "resume", "hiring", "apprentice", "training course", "courses", "training", "supplier",
                  "catalogue", "catalog", "wholesale", "marketing", "seo", "partnership", "collaborat")),
)

_POINTERS = {
    "urgent": "If this is a medical emergency, please call your local emergency number now.",
    "removal": "We don't do laser treatments or tattoo removal; a specialist laser clinic is the right place to ask.",
    "makeup": ("We don't offer cosmetic permanent make-up such as microblading, brows, lips or eyeliner: a "
               "permanent make-up (PMU) artist is the right person for that."),
    "skin_tightening": ("Camouflage changes colour only: it doesn't tighten or lift loose skin. For that, a plastic "
                        "surgeon or an aesthetic doctor is the right person to ask."),
    "tattoo": "For an artistic tattoo or a piercing, a tattoo studio is the right place.",
    "aesthetic": ("We don't do injectables such as Botox or fillers: a registered aesthetic doctor, nurse or "
                  "dentist prescriber is the right person to ask."),
    "hair": ("For wigs, hair transplants or hair-loss medicines, a specialist wig supplier, a hair-restoration clinic or "
             "your GP (or the oncology team, during chemotherapy) is the right place: the studio doesn't recommend one. "
             "If you'd like the look of a fuller scalp without surgery, scalp micropigmentation is what we do."),
    "diagnosis": ("I can't say what a mark, a mole or a lump is: nobody can tell that from a chat, and the studio "
                  "doesn't diagnose. Please show it to your GP or a dermatologist; a mole that has changed, itches or "
                  "bleeds should be checked soon."),
    "health": ("For a health worry or another treatment, please ask your doctor or a pharmacist: they can "
               "look at it properly."),
    "dental": "We don't do anything for teeth: a dentist is the right person to ask.",
    "beauty": ("We don't offer beauty treatments such as waxing, nails, facials or massage: a beauty salon is the "
               "right place for those."),
    "business": "For jobs, training or business enquiries, please email the studio at {email}.",
    "scar_removal": ("We don't remove or flatten scars or keloids: camouflage works on colour, not on the scar "
                     "itself. Your GP or a dermatologist is the right person for that, especially for a keloid "
                     "that is still growing."),
    "skin_lightening": ("We don't lighten skin or treat melasma or dark patches: camouflage adds pigment, it can't "
                        "take colour away. Your GP or a dermatologist can look at them and advise."),
    "skin_treatments": ("We don't offer injections, laser, microneedling, peels or other skin treatments: a dermatologist or an "
                        "aesthetic clinic can advise on those."),
    "tattoo_design": ("We don't do decorative tattoos or designs over scars: our work blends a scar into the skin "
                      "around it. For a design, a tattoo artist is the right person."),
    "diy": ("We don't sell numbing cream, pigments or kits for use at home: this work is done only by a trained "
            "practitioner, in the studio."),
}


def _normalise(text: str) -> str:
    return " " + re.sub(r"\s+", " ", text.lower().replace("’", "'")) + " "


def redirect_for(text: str) -> str | None:
    """The family of an out-of-scope request ("makeup", "health", …), or None if none fits."""
    padded = _normalise(text)
    for family, starts in _FAMILIES:
        if any(f" {start}" in padded for start in starts):
            return family
    return None


def pointer(text: str, studio: Mapping[str, str], family: str | None = None) -> str:
    """One sentence that points the visitor somewhere better; empty when nothing specific fits.

    ``family`` is the kind of service the understanding found ("makeup", "removal"…); else the words decide."""
    family = family if family in _POINTERS else redirect_for(text)
    if family is None:
        return ""
    if family == "business" and not studio.get("email"):
        return "For jobs, training or business enquiries, please contact the studio directly."
    return _POINTERS[family].format(email=studio.get("email", ""))
