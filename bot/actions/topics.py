"""FAQ topics as the visitor sees them: a short title and a question that asks it."""
from __future__ import annotations

TOPICS: dict[str, tuple[str, str]] = {
    "what_is": ("What it is", "What is paramedical micropigmentation?"),
    "vs_cosmetic": ("Vs. tattoos & microblading", "How is it different from a tattoo or microblading?"),
    "permanence": ("Is it permanent?", "Is it permanent?"),
    "touch_ups": ("Touch-ups", "How often are touch-ups needed?"),
    "suitability": ("Who it suits", "Is it suitable for everyone?"),
    "scars": ("Scars", "Can you camouflage scars?"),
    "stretch_marks": ("Stretch marks", "Can you treat stretch marks?"),
    "scalp": ("Hair loss (SMP)", "How does scalp micropigmentation work?"),
    "hair_growth": ("Does hair grow back?", "Does it make hair grow?"),
    "vitiligo": ("Vitiligo", "Can you help with vitiligo?"),
    "areola": ("Areola reconstruction", "Can you recreate an areola after a mastectomy?"),
    "process": ("How it works", "How does the treatment work?"),
    "colour_matching": ("Colour matching", "How do you match my skin colour?"),
    "healing_wait": ("How long to wait", "How long should I wait after surgery?"),
    "aftercare": ("Aftercare", "What is the aftercare?"),
    "pain": ("Does it hurt?", "Does it hurt?"),
    "sessions": ("Sessions", "How many sessions will I need?"),
    "price": ("Prices", "How much does it cost?"),
    "payment": ("Paying & insurance", "How do I pay, and does insurance cover it?"),
    "risks": ("Risks", "What are the risks and side effects?"),
    "contraindications": ("Who should wait", "Who can't have the treatment?"),
    "practitioner": ("Who does it", "Who performs the treatment?"),
    "results": ("Results", "What results can I expect?"),
    "photos": ("Before/after photos", "Can I see before and after photos?"),
    "location": ("Where", "Where is the studio?"),
    "hours": ("Opening hours", "What are your opening hours?"),
    "contact": ("Contact", "How can I contact you?"),
    "languages": ("Languages", "Which languages do you speak?"),
    "privacy": ("My data", "What happens to my data?"),
}

#: after these answers the visitor is offered the readiness check
OFFER_INTAKE_AFTER = {"scars", "stretch_marks", "scalp", "vitiligo", "areola", "suitability", "healing_wait",
                      "contraindications", "results", "process"}
#: after these, a consultation booking
OFFER_BOOKING_AFTER = {"price", "payment", "location", "hours", "contact", "practitioner", "sessions", "photos"}

STARTER_TOPICS = ("what_is", "price", "healing_wait")
