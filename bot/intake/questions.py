"""The intake questions: which to ask for which concern, how to ask, how to re-ask.

The form in the action server asks the slots of :func:`required_slots` in
order; each :class:`Question` knows its wording, buttons and the hint given
when an answer cannot be understood.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Mapping, Optional, Sequence

Slots = Mapping[str, object]

CONCERNS: dict[str, str] = {
    "scar": "a scar",
    "stretch_marks": "stretch marks",
    "scalp": "hair loss (scalp micropigmentation)",
    "vitiligo": "vitiligo",
    "areola": "areola or nipple reconstruction",
    "other": "something else",
}
YES_NO_UNSURE = (("Yes", "yes"), ("No", "no"), ("Not sure", "not sure"))
YES_NO = (("Yes", "yes"), ("No", "no"))
#: between the values of a choice answered with several options ("hairline,crown")
MULTIPLE_SEPARATOR = ","


@dataclass(frozen=True)
class Question:
    slot: str
    kind: str                      # yes_no_unsure | yes_no | choice | date | text | email | phone | name | phototype
    text: str | Callable[[Slots], str]
    hint: str
    label: str                     # plain language, for the summary and the dashboard
    buttons: Sequence[tuple[str, str]] = ()
    options: Sequence[tuple[str, Sequence[str]]] = field(default_factory=tuple)
    health: bool = True            # a health answer: only after consent, never logged
    descriptions: Sequence[tuple[str, Sequence[str]]] = ()   # yes/no read from a description, in order
    #: several options named in one answer ("crown and temples"): kept together (``"all"``), or stored as
    #: this one value ("white and red" stretch marks are a mix); None keeps the first named
    several: Optional[str] = None

    def render(self, slots: Slots) -> str:
        return self.text(slots) if callable(self.text) else self.text


def _area_text(slots: Slots) -> str:
    if slots.get("concern") == "areola":
        return "Which side is it: the left, the right, or both?"
    return "Where on the body is it?"


def _onset_text(slots: Slots) -> str:
    concern = slots.get("concern")
    if concern == "areola":
        return ("When was your last reconstruction surgery (or mastectomy, if there was no reconstruction)? "
                "An approximate answer is perfect, like \"8 months ago\" or \"March 2024\".")
    if concern == "stretch_marks":
        return "Roughly when did the stretch marks appear? For example \"two years ago\" or \"since my pregnancy in 2023\"."
    what = {"burn": "the burn", "surgery": "the operation", "injury": "the injury"}.get(str(slots.get("scar_cause")),
                                                                                      "the surgery or injury")
    return (f"When did {what} happen? An approximate answer is fine, "
            "like \"8 months ago\", \"last summer\" or \"March 2024\".")


QUESTIONS: dict[str, Question] = {q.slot: q for q in [
    Question("health_consent", "yes_no", "",
             "Thank you. Before I note any health details I need your permission: may I ask you a few health "
             "questions? Please answer yes or no.",
             "Consent to health questions", YES_NO, health=False),
    Question("adult", "yes_no", "Thank you. Before the general health questions: are you 18 or older?",
             "Just yes or no, please: are you 18 or older? (Or tell me your age.)",
             "18 or older", YES_NO, health=False),
    Question("concern", "choice", "What would you like help with?",
             "Please pick one of the options, or describe it in a few words (for example \"a scar on my knee\").",
             "Concern",
             (("Scar", "scar"), ("Stretch marks", "stretch marks"), ("Hair loss / scalp", "hair loss"),
              ("Vitiligo", "vitiligo"), ("Areola / nipple", "areola"), ("Something else", "something else")),
             options=(("scar", ("scar", "burn", "c-section", "surgery")),
                      ("stretch_marks", ("stretch", "striae")),
                      ("scalp", ("hair", "scalp", "bald", "hairline", "crown", "smp")),
                      ("vitiligo", ("vitiligo", "white patch", "depigment")),
                      ("areola", ("areola", "nipple", "mastectomy", "breast")),
                      ("other", ("else", "other", "something")))),
    Question("body_area", "text", _area_text,
             "A few words are enough, for example \"left knee\" or \"lower belly\".", "Body area"),
    Question("scar_cause", "choice", "What caused the scar?", "Please choose surgery, injury, burn or other.",
             "Cause of the scar",
             (("Surgery", "surgery"), ("Injury / accident", "injury"), ("Burn", "burn"), ("Other", "other")),
             options=(("surgery", ("surgery", "operation", "c-section", "caesarean", "surgical", "op", "replaced",
                                  "replacement", "removal", "removed", "biopsy", "operated", "surgeon", "mastectomy",
                                  "appendix", "hernia", "tummy tuck")),
                      ("injury", ("injury", "accident", "cut", "fall", "fell", "dog bite", "bite", "wound", "crash",
                                  "bike", "motorbike", "motorcycle", "bicycle", "came off my", "came off the", "car", "glass", "knife",
                                  "collision", "sport", "rugby", "football", "windscreen", "trampoline", "horse",
                                  "fracture", "broke", "broken", "plate", "attack", "attacked", "assault")),
                      ("burn", ("burn", "burnt", "burned", "scald", "fire")),
                      ("other", ("other", "acne", "self-harm", "self harm", "something else", "born with",
                                 "birthmark", "chickenpox", "chicken pox")))),
    Question("onset_date", "date", _onset_text,
             "I couldn't read that as a date in the past. Try something like \"8 months ago\", \"two years ago\" "
             "or \"March 2024\" — or say \"not sure\".", "When it happened"),
    Question("scar_settled", "yes_no_unsure",
             "Has the scar settled — no longer pink or red, and flat rather than raised?",
             "Yes, no or not sure is enough: is the scar's colour settled and is it flat?",
             "Scar colour settled and flat", YES_NO_UNSURE,
             descriptions=(("no", ("still",)),
                           ("yes", ("no longer", "not pink", "not red", "not raised", "isn't pink", "isn't red",
                                    "isn't raised", "not anymore")),
                           ("no", ("pink", "pinky", "pinkish", "red", "reddish", "raised", "lumpy", "bumpy", "purple",
                                   "purplish", "not yet", "healing", "itchy", "sore", "angry")),
                           ("yes", ("flat", "pale", "white", "silver", "silvery", "faded", "settled", "healed",
                                    "same colour", "skin colour")))),
    Question("keloid_history", "yes_no_unsure",
             "Have you ever had keloids or thick, raised scars that kept growing?",
             "Yes, no or not sure: any history of keloids or raised scars?", "History of keloids", YES_NO_UNSURE,
             descriptions=(("yes", ("keloid", "keloids", "raised", "lumpy", "thick", "hypertrophic")),)),
    Question("skin_condition_area", "yes_no_unsure",
             "Is there any skin condition in that area right now, such as eczema, psoriasis, a rash or sunburn?",
             "Yes, no or not sure: any active skin condition where you'd like treatment?",
             "Active skin condition in the area", YES_NO_UNSURE,
             descriptions=(("no", ("clear", "nothing there", "not there", "nowhere near", "not on it", "elsewhere")),
                           ("yes", ("eczema", "psoriasis", "dermatitis", "rash", "sunburn", "sunburnt", "flaky",
                                    "flare", "infection", "infected", "weeping")))),
    Question("stretch_colour", "choice", "What colour are the stretch marks now?",
             "Please choose white/silver, red/purple, or a mix.", "Stretch-mark colour",
             (("White or silver", "white"), ("Red or purple", "red"), ("A mix", "mix")),
             options=(("white", ("white", "silver", "pale", "light")),
                      ("red", ("red", "purple", "pink", "dark", "new")),
                      ("mix", ("mix", "both", "some"))), several="mix"),
    Question("vitiligo_spreading", "yes_no_unsure",
             "In the last 12 months, have any new patches appeared or existing ones grown?",
             "Yes, no or not sure: any new or spreading patches in the last year?",
             "New or spreading patches in the last 12 months", YES_NO_UNSURE,
             descriptions=(("no", ("not spreading", "hasn't spread", "has not spread", "no new", "not changed",
                                   "hasn't changed", "no spreading", "nothing new", "none new", "not grown",
                                   "no change")),
                           ("yes", ("spreading", "spread", "new patches", "new patch", "new spot", "new spots",
                                    "new small spot", "growing", "getting bigger")),
                           ("no", ("stable",)))),
    Question("vitiligo_new_patch", "date",
             "When did the last new or growing patch appear? Roughly is fine, like \"10 months ago\".",
             "Roughly when, like \"10 months ago\" or \"in the spring\".", "Last new or growing patch"),
    Question("areola_reconstruction_done", "yes_no_unsure",
             "Is your breast reconstruction finished, with every surgical stage healed?",
             "Yes, no or not sure: is the reconstruction complete and healed?",
             "Reconstruction finished and healed", YES_NO_UNSURE,
             descriptions=(("no", ("not finished", "not healed", "not complete", "not done", "not yet", "still healing",
                                   "still sore", "still waiting", "still to have", "still got", "still have",
                                   "still need", "still open", "still swollen")),   # "the right one is still mine": no
                           ("yes", ("all healed", "healed", "finished", "complete", "completed", "all done")))),
    Question("areola_radiotherapy", "yes_no_unsure", "Did you have radiotherapy on that side?",
             "Yes, no or not sure: radiotherapy on that side?", "Radiotherapy on that side", YES_NO_UNSURE),
    Question("scalp_pattern", "choice", "Which best describes the hair loss?",
             "Please pick hairline, crown, overall thinning or full/shaved look.", "Hair-loss pattern",
             (("Receding hairline", "hairline"), ("Crown", "crown"), ("Overall thinning", "diffuse"),
              ("Full / shaved look", "full"), ("Scar in the scalp", "scar")),
             options=(("hairline", ("hairline", "receding", "front", "temples")),
                      ("crown", ("crown", "top", "vertex", "back of")),
                      ("diffuse", ("diffuse", "thinning", "thin", "overall", "density")),
                      ("full", ("full", "bald", "shaved", "completely", "whole")),
                      ("scar", ("scar", "transplant", "fue", "fut", "strip"))), several="all"),
    Question("scalp_condition", "yes_no_unsure",
             "Do you currently have any scalp condition, such as psoriasis, eczema or sunburn?",
             "Yes, no or not sure: any active scalp condition right now?", "Active scalp condition", YES_NO_UNSURE,
             descriptions=(("yes", ("psoriasis", "eczema", "dermatitis", "sunburn", "sunburnt", "flaky", "itchy",
                                    "infection", "folliculitis")),)),
    Question("pregnant_or_breastfeeding", "yes_no_unsure", "Are you pregnant or breastfeeding at the moment?",
             "Yes, no or not sure, please.", "Pregnant or breastfeeding", YES_NO_UNSURE,
             descriptions=(("yes", ("pregnant", "breastfeeding", "breast feeding", "breastfeed", "expecting",
                                    "nursing", "trying for a baby")),)),
    Question("anticoagulants", "yes_no_unsure", "Do you take blood thinners (anticoagulants), such as warfarin or apixaban?",
             "Yes, no or not sure: any blood-thinning medication?", "Blood thinners", YES_NO_UNSURE,
             descriptions=(("yes", ("warfarin", "apixaban", "rivaroxaban", "edoxaban", "dabigatran", "heparin",
                                    "clopidogrel", "aspirin", "blood thinner", "blood thinners", "eliquis",
                                    "xarelto")),)),
    Question("diabetes", "yes_no_unsure", "Do you have diabetes?", "Yes, no or not sure, please.", "Diabetes",
             YES_NO_UNSURE, descriptions=(("yes", ("type 1", "type 2", "type one", "type two", "diabetic",
                                                   "insulin", "metformin")),)),
    Question("chemo_radio", "yes_no_unsure",
             "Are you having, or have you recently finished, chemotherapy or radiotherapy?",
             "Yes, no or not sure: current or recent chemotherapy or radiotherapy?",
             "Current or recent chemotherapy/radiotherapy", YES_NO_UNSURE),
    Question("isotretinoin", "yes_no_unsure",
             "Have you taken isotretinoin (for example Roaccutane or Accutane) in the last 12 months?",
             "Yes, no or not sure: isotretinoin in the last year?", "Isotretinoin in the last 12 months",
             YES_NO_UNSURE),
    Question("isotretinoin_stopped", "date",
             "When did you stop taking it? Roughly is fine, like \"4 months ago\" or \"last March\" — or say if "
             "you're still taking it.",
             "When you stopped, roughly (like \"4 months ago\"), or \"still taking it\".", "Isotretinoin stopped"),
    Question("treatment_ended", "date",
             "When did the radiotherapy or chemotherapy finish? Roughly is fine, like \"7 months ago\" or "
             "\"last April\" — or say if it's still going on.",
             "When it finished, roughly (like \"7 months ago\"), or \"still having it\".",
             "Radiotherapy/chemotherapy finished"),
    Question("allergies", "yes_no_unsure",
             "Any known allergies to pigments, anaesthetics or numbing creams, latex or metals?",
             "Yes, no or not sure: any of those allergies?", "Known allergies (pigments, anaesthetics, latex, metals)",
             YES_NO_UNSURE, descriptions=(("yes", ("allergic", "allergy", "allergies", "latex", "nickel",
                                                   "lidocaine", "react")),)),
    Question("phototype", "phototype",
             "How does your skin react to the sun without protection? (This helps the practitioner match "
             "pigment colours.)",
             "Pick the closest description, or tell me your Fitzpatrick type (I to VI).", "Skin phototype",
             (("Always burns, never tans", "I always burn and never tan"),
              ("Usually burns, tans a little", "I usually burn and tan minimally"),
              ("Sometimes burns, tans gradually", "I sometimes burn and tan gradually"),
              ("Rarely burns, tans easily", "I rarely burn and tan easily"),
              ("Very rarely burns, tans very easily", "I very rarely burn and tan very easily"),
              ("Never burns, deeply pigmented skin", "I never burn, deeply pigmented skin"))),
    Question("expectations", "text", "In a sentence, what would you hope to change?",
             "A short sentence is enough, for example \"I'd like the scar to be less noticeable\".",
             "Hopes and expectations"),
    Question("first_name", "name", "Nearly done! What's your first name?",
             "Just your first name, please (letters only).", "First name", health=False),
    Question("email", "email", "What email address can the studio use? (Type \"skip\" if you'd rather give a phone number.)",
             "That doesn't look like an email address — please check it, for example name@example.com, "
             "or type \"skip\".", "Email", health=False),
    Question("phone", "phone", "And a phone number? (Type \"skip\" to leave it out.)",
             "I couldn't read that as a phone number. Please include the area code, or the country code if "
             "you're abroad (for example +44 7911 123456), or type \"skip\".", "Phone", health=False),
    Question("preferred_contact", "choice", "How would you prefer the studio to contact you?",
             "Please pick email, phone call, WhatsApp or SMS.", "Preferred contact",
             (("Email", "email"), ("Phone call", "phone"), ("WhatsApp", "whatsapp"), ("SMS", "sms")),
             options=(("email", ("email", "e-mail", "mail")), ("phone", ("phone", "call", "ring", "telephone",
                                                                         "landline", "mobile", "calls", "phone call")),
                      ("whatsapp", ("whatsapp", "whats app", "wa")), ("sms", ("sms", "text", "message"))),
             health=False),
    Question("summary_confirmed", "yes_no", "", "Please choose \"Yes, send it\" or tell me what to change.",
             "Summary confirmed", (("Yes, send it", "yes"), ("Change something", "change something")), health=False),
]}

#: why each question is asked, said when the visitor asks ("why do you need to know that?", "does it matter?")
WHY_ASKED: dict[str, str] = {
    "adult": "The studio treats adults only, from 18, so this comes before any health question.",
    "body_area": "Skin differs from one part of the body to another, so where it is helps {practitioner_name} plan "
                 "the session and the colours.",
    "scar_cause": "How the scar came about (surgery, an injury, a burn) tells {practitioner_name} how the skin healed, "
                  "which guides the timing and the colours; burns, for example, usually need longer to settle.",
    "onset_date": "Skin keeps changing for months after it is marked: the studio waits until it has settled, so how "
                  "long ago it happened tells {practitioner_name} whether the timing is right.",
    "scar_settled": "A scar that is still pink, red or raised is still healing, and pigment is only added once it "
                    "has settled.",
    "keloid_history": "Some people's skin forms thick, raised scars after any injury, and pigmenting can do the same, "
                      "so {practitioner_name} needs to know before anything else.",
    "skin_condition_area": "Pigment is only added to calm, healthy skin: an active condition in the area (eczema, "
                           "psoriasis, a rash, sunburn) has to settle first.",
    "stretch_colour": "White or silver marks are the mature kind the studio camouflages; red or purple ones are still "
                      "changing and are usually left to fade first.",
    "vitiligo_spreading": "Camouflage is for vitiligo that has been stable for about a year: new or growing patches "
                          "mean waiting.",
    "areola_reconstruction_done": "Areola work is done once every surgical stage has healed, usually at least 3 "
                                  "months after the last one.",
    "areola_radiotherapy": "Skin that had radiotherapy needs longer to recover, usually about 12 months, with the "
                           "oncology team's go-ahead.",
    "scalp_pattern": "Where the hair is thinning shapes how {practitioner_name} plans the density and the hairline.",
    "scalp_condition": "An active scalp condition such as psoriasis or sunburn has to settle before any session.",
    "pregnant_or_breastfeeding": "Pregnancy and breastfeeding are among the things {practitioner_name} checks before "
                                 "any treatment, and they can mean waiting a while, so she needs to know.",
    "anticoagulants": "Blood thinners can mean more bleeding during a session, so {practitioner_name} plans with "
                      "them in mind (never stop or change a medicine for this).",
    "diabetes": "Diabetes can affect how skin heals, so {practitioner_name} takes it into account.",
    "chemo_radio": "Skin and the immune system need time to recover after chemotherapy or radiotherapy before any "
                   "treatment.",
    "isotretinoin": "Isotretinoin (Roaccutane) leaves the skin fragile for months: the studio waits about 12 months "
                    "after the last dose.",
    "allergies": "{practitioner_name} chooses the pigments and any numbing product with allergies in mind.",
    "phototype": "How your skin reacts to the sun helps {practitioner_name} match the pigment colours and judge the "
                 "risk of darker marks.",
    "expectations": "So {practitioner_name} knows what matters most to you; there is no wrong answer.",
}
WHY_ASKED_CONTACT = "So the studio can send you your summary and get in touch about your consultation; it isn't used " \
                    "for anything else."
WHY_ASKED_ANY = "Each answer helps {practitioner_name} prepare your consultation."

HEALTH_SCREEN = ("pregnant_or_breastfeeding", "anticoagulants", "diabetes", "chemo_radio", "isotretinoin", "allergies")
CONCERN_SLOTS: dict[str, tuple[str, ...]] = {
    "scar": ("body_area", "scar_cause", "onset_date", "scar_settled", "keloid_history"),
    "stretch_marks": ("body_area", "stretch_colour", "onset_date"),
    "scalp": ("scalp_pattern", "scalp_condition"),
    "vitiligo": ("body_area", "vitiligo_spreading"),
    "areola": ("body_area", "areola_reconstruction_done", "onset_date", "areola_radiotherapy"),
    "other": ("body_area", "onset_date"),
}
CONTACT_SLOTS = ("first_name", "email", "phone", "preferred_contact")
#: a yes that needs its date: when the last patch appeared, the treatment ended, the medicine stopped
WHEN_ASKED = {"vitiligo_spreading": "vitiligo_new_patch", "areola_radiotherapy": "treatment_ended",
              "chemo_radio": "treatment_ended", "isotretinoin": "isotretinoin_stopped"}
#: every slot the form can fill, in asking order (for resets and the summary)
ALL_SLOTS: tuple[str, ...] = tuple(QUESTIONS)
SKIPPED = "skipped"


def _dated(slot: str, slots: Slots) -> bool:
    """Whether the date of ``slot`` belongs with it: asked after a yes, kept after a no that told it
    ("no, the last new spot was July 2024" says for how long the vitiligo has been stable)."""
    return slot in WHEN_ASKED and (slots.get(slot) == "yes" or (slots.get(slot) == "no"
                                                                 and slots.get(WHEN_ASKED[slot]) is not None))


def required_slots(slots: Slots) -> list[str]:
    """The slots to ask for, given what is known so far.

    No consent: nothing after that question; under 18: nothing after the age question.
    """
    required = ["health_consent"]
    if slots.get("health_consent") != "yes":
        return required
    required.append("concern")
    concern = slots.get("concern")
    if concern in CONCERN_SLOTS:
        for slot in CONCERN_SLOTS[str(concern)]:
            required.append(slot)
            if _dated(slot, slots):
                required.append(WHEN_ASKED[slot])
    required.append("adult")            # after what they came for, which is what visitors tell first
    if slots.get("adult") != "yes":
        return required
    skip_chemo = concern == "areola" and slots.get("areola_radiotherapy") == "yes"
    if "keloid_history" not in required:
        required.append("keloid_history")   # the general screen asks it of everyone (domain notes); scars ask it earlier
    if concern != "scalp":
        required.append("skin_condition_area")  # active skin disease in the area (the scalp has its own question)
    for slot in HEALTH_SCREEN:
        if skip_chemo and slot == "chemo_radio":
            continue
        required.append(slot)
        if _dated(slot, slots):
            required.append(WHEN_ASKED[slot])    # a yes with a date: the waiting period is counted from it
    required.extend(("phototype", "expectations", *CONTACT_SLOTS, "summary_confirmed"))
    return required


#: the (month, day) a date said as a year alone is kept at (bot.intake.dates)
YEAR_ONLY = (7, 1)


def display_value(slot: str, value: object) -> str:
    """An answer as the visitor and the practitioner read it."""
    if value is None:
        return "—"
    question = QUESTIONS.get(slot)
    text = str(value)
    if slot == "concern":
        return CONCERNS.get(text, text)
    if text == SKIPPED:
        return "not given"
    if text == "unsure":
        return "not sure"
    if question and question.kind == "choice":
        titles = dict((payload, title) for title, payload in question.buttons)
        return " and ".join(titles.get(part, part) for part in text.split(MULTIPLE_SEPARATOR))
    if slot == "phototype":
        return f"Type {text}"
    if question and question.kind == "date":
        try:
            when = date.fromisoformat(text)
        except ValueError:
            return text
        # a year said alone ("in 2023") is kept as its middle, 1 July: shown as the year, never a month they never said
        return str(when.year) if (when.month, when.day) == YEAR_ONLY else when.strftime("%B %Y")
    return text
