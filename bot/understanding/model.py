"""The understanding of one message, built once and read by every action."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping, Optional

from bot.understanding import age as ages
from bot.understanding import facts as fact_rules
from bot.nlp.vocabulary import load_vocabulary
from bot.understanding.language import language_of
from bot.understanding.tone import DISSATISFIED, feeling_of, tone_of

#: a part's answer is given when the response selector is at least this sure of it…
SURE_TOPIC = 0.5
#: …or at least this sure and this far ahead of the next answer (a typo'd but clear question)
CLEAR_TOPIC, CLEAR_MARGIN = 0.35, 0.25
FALLBACK = "nlu_fallback"
#: a question: a question mark, or a question word first
QUESTION = re.compile(r"\?|^\W*(?:\d+ (?:q|qs|questions?|quick ones?)\W*)?(?:\d[).]?\s+)?(?:and |but |also |or |so )?(?:can|could|do|does|is|are|will|would|should|how|what|"
                      r"when|where|who|which|why)\b(?!['’]t\b)|\b(?:tell me|explain|wondering|want to know|like to know|(?:my|the|one) question is|"
                      r"(?:want|wanted|like|need) to ask|(?:is|would|will) (?:that|it|this|they|these) (?:going to |gonna )?"
                      r"be (?:a problem|an issue|ok|okay|safe|alright)|does (?:that|it|this) matter|"
                      r"curious|info (?:on|about)|any idea)\b|"
                      r",\s*(?:and |so |but )?(?:can|could|would|will|does|do|should) (?:she|he|they|i|you|u|it|we|this|that)\b"
                      r"(?! (?:believe|know|guess)\b)", re.IGNORECASE)   # "…shes 62, could she have a nipple tattoo"
#: a statement inside a story gives an answer only when the selector is this sure ("the scar healed ok" is no
#: question about aftercare)
STATEMENT_SURE = 0.9
#: what a sentence of a story is often taken for ("the scar healed ok…" is no question about aftercare)
_TOLD_IN_A_STORY = frozenset({"aftercare"})
#: a worry said as a statement is a question too ("I'm scared it will hurt"), even beside another question
_WORRIED = re.compile(r"\b(?:worr(?:y|ied|ies|ying)|scared|afraid|nervous|anxious|terrified|frightened|concerned|dread\w*|"
                      r"fear\w*|panic\w*|wondering|not sure)\b", re.IGNORECASE)
#: intents that ask for something to happen rather than for an answer
ACTION_INTENTS = ("book_consultation", "check_suitability", "human_handoff", "affirm", "deny", "cancel_booking",
                  "reschedule_booking", "delete_my_data", "stop", "start_over", "correct_answer")
#: a yes or a no is short, or says so first
YES_NO_WORDS = 4
_YES_NO_FIRST = re.compile(r"^\W*(?:yes|yeah|yep|yup|sure|ok|okay|alright|please|no|nope|nah|not now|not yet|go on|"
                           r"definitely|absolutely|of course|naw)\b", re.IGNORECASE)
#: "ok but what about the crown?": the ok only takes the answer in, it accepts no offer
_YES_BUT = re.compile(r"^\W*(?:yes|yeah|yep|sure|ok|okay|alright|right|fine)\W*\s*but\b", re.IGNORECASE)
#: a part asking for a person says so in some such word
_BOOKING_WORDS = re.compile(r"\b(book\w*|appointment|appt|consult\w*|slot|available|free (?:on|at|this|next)|"
                            r"come (?:in|down|over)|see (?:her|you|marta)|visit|mon|tue|wed|thu|fri|sat|sun|"
                            r"tomorrow|tmrw|today|next week|\d)\b", re.IGNORECASE)
#: a request for the readiness check names it: a statement about one's skin ("I am very dark skinned") starts no form
_CHECK_WORDS = re.compile(r"\b(check\w*|assess\w*|suitab\w*|eligib\w*|candidate|ready|qualif\w*|right for me|"
                          r"good fit|screen\w*|questions?|quiz|find out|see if|know if|whether i can|can i (?:have|get) "
                          r"(?:it|this|them) done)\b|^/", re.IGNORECASE)
#: bringing someone along to the consultation is a question about it, not a request to book
_COMPANION = re.compile(r"\b(?:come in with|come along with)\b|\b(?:bring|take|come with)\b[^.?!]{0,30}\b(?:my|a|her|his|our|someone|somebody|friend|"
                        r"partner|husband|wife|mum|mom|dad|daughter|son|child|kid|little one|baby)\b", re.IGNORECASE)
#: talking it over with someone of their own first
_ASK_SOMEONE_ELSE = re.compile(r"\b(?:talk|speak|chat|check) (?:to|with) my (?:partner|husband|wife|boyfriend|girlfriend|"
                               r"fianc\w*|mum|mom|dad|family|doctor|gp|consultant|surgeon)\b|\bthink (?:about it|it over)\b",
                               re.IGNORECASE)
#: someone who will not do it themselves ("she won't ring anyone herself"): a story, no request of the writer's
_WONT_THEMSELVES = re.compile(r"\b(?:won'?t|wont|will not|doesn'?t|does not|wouldn'?t|would never|never|refuses? to|too (?:shy|"
                              r"scared|embarrassed) to)\b[^.?!]{0,25}\b(?:ring|call|phone|contact|message|talk|book|speak)\w*"
                              r"[^.?!]{0,25}\b(?:himself|herself|themselves|themself)\b|\b(?:he|she|they) (?:won'?t|wont|"
                              r"will not|wouldn'?t|would never|never)\b[^.?!]{0,15}\b(?:ring|call|phone|contact|message|book)\w*",
                              re.IGNORECASE)
#: a bare "for how long?" after another question: it asks about that one
_HOW_LONG_OF_IT = re.compile(r"^\W*(?:and |but |so )?(?:for )?how long(?: for)?\W*$", re.IGNORECASE)
_YOU_TO_DO = re.compile(r"\b(?:can|could|would|will) (?:you|u|someone|somebody)\b|\bplease\b", re.IGNORECASE)
#: a present for someone else: they book their own consultation, this asks about vouchers
_GIFT = re.compile(r"\b(?:gift|present|voucher|surprise)\b", re.IGNORECASE)
#: coming in to talk is a visit (the consultation), not a call-back
_COME_IN = re.compile(r"\bcome (?:in|and (?:see|talk|chat|speak)|down|over|to the studio)\b|\bpop in\b|\bvisit\b",
                      re.IGNORECASE)
#: said with a question, this holds any booking back
_NOT_BOOKING_YET = re.compile(r"\bbefore (?:i|we) (?:book|commit|decide|go ahead)|\bbefore booking\b|\b(?:rather|don'?t want "
                              r"to|not ready to) book (?:just )?yet\b|\bnot (?:booking|book) (?:just )?yet\b", re.IGNORECASE)
_AGAIN = re.compile(r"\b(again|over|scratch|restart|reset|beginning|fresh|redo|re-?do)\b", re.IGNORECASE)
_STOP_WORDS = re.compile(r"\b(stop|quit|enough|forget it|never ?mind|leave it|no more|not interested|changed my mind|"
                         r"(?:don'?t|do not) want to (?:continue|carry on|go on|answer))\b", re.IGNORECASE)
_PERSON_WORDS = re.compile(r"\b(person|human|someone|somebody|staff|team|practitioner|call|ring|phone|speak|talk|"
                           r"contact|get back|reach|real|owner|manager|her|him)\b", re.IGNORECASE)
#: what a change to a booking they already have asks for
BOOKING_CHANGES = {"move": "reschedule_booking", "cancel": "cancel_booking"}
SOCIAL_INTENTS = ("greet", "thanks", "goodbye", "bot_challenge")
#: the FAQ topic that answers "can you help with <concern>?"
CONCERN_TOPICS = {"scar": "scars", "stretch_marks": "stretch_marks", "scalp": "scalp", "vitiligo": "vitiligo",
                  "areola": "areola"}


@dataclass(frozen=True)
class Part:
    """One sentence or clause, classified on its own."""

    text: str
    intent: Optional[str] = None
    confidence: float = 0.0
    topic: Optional[str] = None            # the FAQ topic, when the part is a studio question
    topic_confidence: float = 0.0
    topic_margin: float = 0.0              # how far ahead of the next answer the topic is

    @property
    def answerable(self) -> bool:
        """A studio question whose answer the selector is sure of, or clearly prefers ("addres pls")."""
        if not self.topic:
            return False
        clear = self.topic_confidence >= CLEAR_TOPIC and self.topic_margin >= CLEAR_MARGIN
        if self.intent == "faq":
            return self.topic_confidence >= SURE_TOPIC or clear
        if self.intent == "check_suitability" and self.is_question:
            return self.topic_confidence >= SURE_TOPIC   # "would it even work on a c-section scar?" wants an answer
        terse = len(self.text.split()) <= 4     # unsure of the intent, sure of the answer: a short question
        return self.intent == FALLBACK and clear and (self.is_question or terse)

    @property
    def is_question(self) -> bool:
        return bool(QUESTION.search(self.text))


@dataclass(frozen=True)
class Facts:
    """What the visitor said about their own case; ``None`` when they did not say."""

    concern: Optional[str] = None
    concerns: tuple[str, ...] = ()         # every treatment named, in order ("the scar and the stretch marks around it")
    body_area: Optional[str] = None
    months_ago: Optional[float] = None
    still_healing: bool = False
    pregnant: Optional[bool] = None
    breastfeeding: Optional[bool] = None
    blood_thinners: Optional[bool] = None
    isotretinoin: Optional[bool] = None
    isotretinoin_months_ago: Optional[float] = None   # when the last course ended, if said
    diabetes: Optional[bool] = None
    radiotherapy: Optional[bool] = None
    radiotherapy_months_ago: Optional[float] = None
    chemotherapy: Optional[bool] = None
    keloid: Optional[bool] = None
    age: Optional[int] = None
    minor: bool = False
    for_someone_else: bool = False         # asking for a child or relative ("my daughter is 16")
    both_sides: bool = False
    self_harm: bool = False
    burn: bool = False
    vitiligo_spreading: Optional[bool] = None
    vitiligo_stable_months: Optional[float] = None   # "no new patches for about 18 months"
    chemotherapy_months_ago: Optional[float] = None
    urgent: Optional[str] = None           # infection | bleeding | mole | lump | allergic | self_harm
    wants_time: bool = False               # asks to come at a named day or time
    day_named: Optional[str] = None        # a weekday named ("monday"…): its own opening hours
    days_named: tuple[str, ...] = ()       # every weekday named ("Thursday and Friday")
    asks_hours: bool = False               # "thurs late?", "open saturdays?": the hours, not a booking
    treated_here: bool = False             # "you did my areola in September": a client, Marta answers
    follow_up_months: Optional[float] = None   # "get in touch in 8 months" (0: later, no time said)
    asks_price: bool = False               # asks what it costs
    asks_pain: bool = False                # asks whether it hurts ("scared of needles, how bad is it?")
    other_service: Optional[str] = None    # a service the studio does not offer (makeup, removal, aesthetic…)
    asked: tuple[str, ...] = ()            # topics named in plain words ("is there parking?", "on video?")
    booking_held: Optional[str] = None     # a booking they already have: held | move | cancel
    allergy: bool = False                  # an allergy or a past reaction stated
    stretch_marks_young: bool = False      # stretch marks still red or purple
    stretch_marks_stage: Optional[str] = None   # young | mature | mix
    medicine: Optional[str] = None         # a medicine that can affect healing, as named ("methotrexate")
    skin_condition: Optional[str] = None   # an active skin condition ("psoriasis" flaring now)
    contact_way: bool = False              # says how they want to be reached ("whatsapp first, not phone")
    darker_skin: bool = False              # darker skin stated: the risk of darkening is part of the assessment
    new_baby: bool = False                 # a baby born within about two years ("from my baby in september")

    def stated(self) -> dict[str, Any]:
        """Only the facts actually stated."""
        return {k: v for k, v in asdict(self).items() if v not in (None, False)}


@dataclass(frozen=True)
class Understanding:
    text: str
    parts: tuple[Part, ...] = ()
    facts: Facts = field(default_factory=Facts)
    tone: Optional[str] = None             # distress | frustration | complaint
    feeling: Optional[str] = None          # the kind of distress (grief, trauma, hurt…), see tone.feeling_of
    language: Optional[str] = None         # set only when clearly not English

    @property
    def topics(self) -> list[str]:
        """The studio questions asked, in order, each once, each fitted to the person's case."""
        seen: list[str] = []
        story = len(self.parts) > 1
        asked_elsewhere = any(p.is_question for p in self.parts)
        for part in self.parts:
            if story and not part.is_question and (part.topic_confidence < STATEMENT_SURE or (
                    asked_elsewhere and part.topic in _TOLD_IN_A_STORY and not _WORRIED.search(part.text))):
                continue                        # beside a question, "the scar healed ok" tells, it asks nothing
            if seen and _HOW_LONG_OF_IT.match(part.text):
                continue                        # "what do you keep… for how long?": the answer before says how long
            named = fact_rules.asked_topics(part.text) if part.is_question and story else ()
            topic = None if named and part.answerable else \
                fitted_topic(part, self.facts) if part.answerable else _treatment_asked(part)
            if named and not topic:             # "Can I go ahead now or should I wait?" names what it asks: in
                seen.extend(t for t in named if t not in seen)  # its place, never a guess beside it
            elif topic and topic not in seen:
                seen.append(topic)
        return seen

    @property
    def requests(self) -> list[str]:
        """What the visitor asked to happen (book, a person, yes to an offer…), in order, each once."""
        seen: list[str] = []
        for index, part in enumerate(self.parts):
            if part.intent in ("affirm", "deny") and (index > 0 or (len(part.text.split()) > YES_NO_WORDS
                                                                 and not _YES_NO_FIRST.match(part.text))
                                                      or (part.intent == "affirm" and _YES_BUT.match(self.text))):
                continue                        # "…? Not the whole head" answers no offer: a yes or no comes first,
                                                # and a sentence ("sounds like a normal tattoo") is no yes
            if part.intent == "check_suitability" and (part.answerable or (part.is_question and len(self.parts) > 1)
                                                       or not _CHECK_WORDS.search(part.text)
                                                       or (part.is_question and self.facts.months_ago is not None)):
                continue                        # a question about whether it works is answered, then offered;
                                                # "i am very dark skinned" is about them, not a request for the check;
                                                # "…about 3 years ago. am I ready?": what their dates say, first
            if part.intent in ("book_consultation", "human_handoff") and (_ASK_SOMEONE_ELSE.search(part.text)
                                                                        or (_WONT_THEMSELVES.search(part.text) and not
                                                                            _YOU_TO_DO.search(part.text))):
                continue                        # "I'll talk to my partner first": no visit and no call-back yet
            if part.intent == "book_consultation" and _GIFT.search(part.text):
                continue                        # "can I buy it as a gift and book him in as a surprise?": a question
            if part.intent == "book_consultation" and _COMPANION.search(part.text):
                continue                        # "can i bring my little one to the consult?" asks about the visit
            if part.intent == "book_consultation" and part.is_question and (
                    not _BOOKING_WORDS.search(part.text) or (fact_rules.asked_topics(part.text)
                                                             and not re.search(r"\bbook|\bappointment", part.text, re.I))):
                continue                        # "…is it too early for me?", "can my mum come in to the consult?"
            if part.intent == "book_consultation" and re.search(r"\bbefore (?:i|we) (?:book|commit|decide|go ahead)|"
                                                                r"\bbefore booking\b", part.text, re.IGNORECASE):
                continue                        # "before I book anything, what is your cancellation policy?"
            if part.intent == "start_over" and not _AGAIN.search(part.text):
                continue                        # "…can I start?" in a story is not a restart
            if part.intent == "stop" and len(self.parts) > 1 and not _STOP_WORDS.search(part.text):
                continue                        # "just found out this exists and im actually crying." stops nothing
            if part.intent == "human_handoff" and _COME_IN.search(part.text) and part.confidence >= 0.6:
                if "book_consultation" not in seen:
                    seen.append("book_consultation")    # "I'd like to come and talk to someone about it": a visit
                continue
            if part.intent == "human_handoff" and "not_judged" in fact_rules.asked_topics(part.text):
                continue                        # "would you even take someone like me?" asks to be welcome, not called
            if part.intent == "human_handoff" and (re.search(r"\bin person\b", part.text, re.IGNORECASE) or (
                    len(self.parts) > 1 and not _PERSON_WORDS.search(part.text))):
                continue                        # "…convince me" inside a doubting message asks for no call-back
            if part.intent in ACTION_INTENTS and part.confidence >= 0.6 and part.intent not in seen:
                seen.append(str(part.intent))
        if _NOT_BOOKING_YET.search(self.text):
            seen = [r for r in seen if r != "book_consultation"]   # "before I book anything, would I be suitable?"
        held = self.facts.booking_held          # "I've got a consultation on Thursday…": not a new booking
        if held:
            seen = [r for r in seen if r not in ("book_consultation", "reschedule_booking", "cancel_booking")]
            if held in BOOKING_CHANGES:
                seen.insert(0, BOOKING_CHANGES[held])
        return seen

    @property
    def asks(self) -> bool:
        """A question mark, or a sentence put as a question without one ("is that something you do")."""
        return any("?" in p.text for p in self.parts) or "?" in self.text or any(p.is_question for p in self.parts)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Understanding":
        facts: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in (data.get("facts") or {}).items()
                 if k in Facts.__dataclass_fields__}
        parts = tuple(Part(**{k: v for k, v in p.items() if k in Part.__dataclass_fields__})
                      for p in data.get("parts") or ())
        return cls(text=str(data.get("text") or ""), parts=parts, facts=Facts(**facts), tone=data.get("tone"),
                   feeling=data.get("feeling"),
                   language=data.get("language"))


#: treatments whose answer only fits some areas of the body (SMP is for the scalp, areolas for the chest)
TOPIC_AREAS = {"scalp": ("scalp",), "hair_growth": ("scalp",), "areola": ("breast", "chest")}
_TREATMENT_TOPICS = frozenset(CONCERN_TOPICS.values()) | {"hair_growth"}
#: general answers that a treatment named in the same sentence answers better
_GENERIC_TOPICS = frozenset({"what_is", "suitability"})


def _treatment_asked(part: Part) -> Optional[str]:
    """A question about a treatment the selector could not place ("will people tell on my scar?"): its answer."""
    if not part.is_question or part.intent in ACTION_INTENTS:
        return None
    concern, _ = fact_rules.concern_and_area(part.text)
    return CONCERN_TOPICS.get(concern or "")


#: whether the treatment can help with what they have ("can micropigmentation fix the pits?", "would it cover them")
_DOES_IT_WORK = re.compile(r"\b(?:can|could|would|will|does|do)\s+(?:it|this|that|micro\s?pigmentation|camouflage|smp|"
                           r"pigment\w*|you|u|she|the treatment)\b[^.?!]{0,25}\b(?:fix|cover|hide|help|work|improve|"
                           r"camouflage|disguise|blend|do anything)\b", re.IGNORECASE)


def fitted_topic(part: Part, facts: Facts) -> Optional[str]:
    """The part's topic, corrected by what the person said: a treatment answer must be about their treatment.

    "my eyebrow scar, can you help?" may score the SMP answer (eyebrows are hair); the treatment the
    part (or else the message) names wins, and a treatment answer for another body area is dropped
    ("I hate how my arm looks" is not about the scalp).
    """
    topic = part.topic
    if part.topic_confidence < SURE_TOPIC and _DOES_IT_WORK.search(part.text) and facts.concern in CONCERN_TOPICS \
            and not fact_rules.asked_topics(part.text):
        return CONCERN_TOPICS[facts.concern]    # "Can micropigmentation fix the pits?": their treatment's answer
    if topic not in _TREATMENT_TOPICS | _GENERIC_TOPICS:
        return topic
    concern, area = fact_rules.concern_and_area(part.text)
    if topic in _GENERIC_TOPICS:            # "does this work on raised scars?": the scar answer says more
        return CONCERN_TOPICS.get(concern or facts.concern or "", topic)
    concern, area = concern or facts.concern, area or facts.body_area
    if concern and CONCERN_TOPICS.get(concern) != topic and not (topic == "hair_growth" and concern == "scalp"):
        return CONCERN_TOPICS.get(concern)
    if area and topic in TOPIC_AREAS and area not in TOPIC_AREAS[topic]:
        return None
    return topic


def _now(said: Optional[bool], text: str, mention: str, present: "re.Pattern[str]") -> Optional[bool]:
    """True only when said of now ("I'm pregnant"), False when denied; "from my pregnancy" says nothing."""
    if said is None or not re.search(mention, text, re.IGNORECASE):
        return None
    if not said:
        return False
    if re.search(r"(?:^|[,.;!?]\s*)(?:and |also |currently |still )?(?:" + mention + r")\w*\s*(?:[,.;!?]|$)", text,
                 re.IGNORECASE):
        return True                             # "c section 7 weeks ago, breastfeeding, scar is purple": said of now
    return True if present.search(text) else None


#: a scar described as raised or lumpy (hypertrophic scarring is flagged with keloids), not "no longer raised"
_RAISED_SCAR = re.compile(r"\b(?:is|are|was|were|it'?s|its|still|and|quite|very|a bit|looks?|gone|got|become|"
                          r"slightly|really)\s+(?:\w+\s+)?(?:raised|lumpy|bumpy|thick|thicker|thickened|hypertrophic|ridged)\b"
                          r"(?! (?:in|by|up|with)\b)|\b(?:raised|lumpy|bumpy|thick|thicker|hypertrophic) (?:scars?|ones?|bits?|"
                          r"lines?|parts?)\b|\b(?:stand|stands|standing|stick|sticks|sticking) (?:up|proud)\b", re.IGNORECASE)
_NOT_RAISED = re.compile(r"\b(?:not|no longer|isn'?t|never|no)\s+(?:\w+\s+)?(?:raised|lumpy|bumpy|thick)", re.IGNORECASE)


def read_facts(text: str) -> Facts:
    """The facts stated in ``text`` (see :mod:`bot.understanding.facts`)."""
    concern, area = fact_rules.concern_and_area(text)
    health = fact_rules.health_mentions(text)
    lowered = (text or "").lower()
    flags = fact_rules.flags(text)
    said = health.get("pregnant_or_breastfeeding")
    pregnant = _now(said, text, r"pregnan|expecting", fact_rules.PREGNANT_NOW)
    breastfeeding = _now(said, text, r"breast[\s-]?feed|nursing", fact_rules.BREASTFEEDING_NOW)
    if pregnant is None and (fact_rules.PREGNANT_NOW.search(text) or re.search(
            r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine) (?:weeks?|wks?|months?) gone\b", text, re.IGNORECASE)):
        pregnant = True                         # "currently 5 months gone with my second"
    if breastfeeding is None and re.search(r"\bstill (?:nursing|feeding|breast[\s-]?feeding)\b", text, re.IGNORECASE):
        breastfeeding = True                    # "still nursing my youngest"
    chemo_radio = health.get("chemo_radio")
    radiotherapy = chemo_radio if chemo_radio is not None and re.search(r"radi", lowered) else None
    # "Finished chemo in May… No radiotherapy": each told on its own, a "no" to one is no "no" to the other
    chemotherapy = None if "chemo" not in lowered else not bool(
        re.search(r"\b(?:never|no|not|without|didn'?t (?:have|need))\b[^.,;]{0,20}chemo", lowered))
    isotretinoin = health.get("isotretinoin")
    if isotretinoin is None and any(t in lowered for t in fact_rules.HEALTH_TERMS["isotretinoin"]) \
            and not re.search(r"\b(?:never|not|no)\b[^.,;]{0,30}(?:roaccutane|accutane|isotretinoin|roacutan)", lowered):
        isotretinoin = True                     # "finished roaccutane last September" matters as much as now
    iso_when = re.search(r"(?:roaccutane|accutane|isotretinoin|roacutan)\w*\b(.{0,50})", lowered)
    isotretinoin_months = fact_rules.age_in_months(re.sub(r"\b(?:until|till|til|up to)\b", "in", iso_when.group(1))) \
        if iso_when else None                   # "was on roaccutane until june": it ended in June
    chemo_when = re.search(r"chemo\w*\b(.{0,40})", lowered)
    chemotherapy_months = fact_rules.age_in_months(chemo_when.group(1)) if chemo_when else None
    if chemotherapy is None and chemo_when and not re.search(r"\b(?:never|no|not|without)\b[^.,;]{0,20}chemo", lowered):
        chemotherapy = True                     # "finished chemo 3 months ago": recent treatment matters too
    if breastfeeding and re.search(r"\b(?:since|after|from|post)\s+(?:\w+\s+)?breast[\s-]?feeding", lowered) \
            and not re.search(r"\b(?:i'?m|i am|im|currently|still)\s+(?:\w+\s+){0,2}?breast[\s-]?feeding|\bstill (?:nursing|"
                              r"feeding)\b", lowered):
        breastfeeding = None                    # "pale since breastfeeding my three" is the past
    radio_when = re.search(r"radio\w*(?: ?therapy)?\b([^.!?]{0,60})", lowered)
    radiotherapy_months = fact_rules.age_in_months(radio_when.group(1)) if radio_when else None
    if radio_when and radiotherapy_months is None:
        # "Three years ago I had throat cancer… and six weeks of radiotherapy": dated at the start of its sentence
        sentence = re.split(r"[.!?]\s", lowered[:radio_when.start()])[-1]
        dated = re.match(r"\W*(?:about |around |nearly |almost |over )?(\w+ (?:weeks?|months?|years?) ago)\b", sentence)
        radiotherapy_months = fact_rules.age_in_months(dated.group(1)) if dated else None
    if radiotherapy_months is not None:
        radiotherapy = True
    if radiotherapy is None and radio_when and re.search(r"\bradiotherapy|\bradio therapy|\bradiation (?:therapy|treatment)",
                                                         lowered) \
            and not re.search(r"\b(?:never|no|not|without)\b[^.,;]{0,25}radi", lowered):
        radiotherapy = True                     # "a mastectomy 2 years ago and radiotherapy": its history matters too
    keloid = health.get("keloid_history")
    if keloid is None and "keloid" in lowered and not re.search(r"\b(?:never|no|not|don'?t|without)\b[^.,;]{0,25}"
                                                                 r"keloid", lowered):
        keloid = True                           # "I keloid easily", "had keloids after piercings": history counts
    if keloid is None and concern in ("scar", None) and _RAISED_SCAR.search(text or "") \
            and not _NOT_RAISED.search(text or ""):
        keloid = True                           # "the middle bit is raised and lumpy": hypertrophic, the same flag
    if keloid and concern is None and re.search(r"\bkeloid", lowered):
        concern = "scar"                        # "dont let anyone needle that keloid": a scar, raised
    age = ages.own_age(text)
    child = ages.child_age(text)
    if (flags["burn"] or flags["self_harm"]) and concern is None:
        concern = "scar"                        # "my thighs are covered in old cuts": scars
    if area == "scalp" and concern is None:
        concern = "scalp"                       # "how much for the crown?" is about hair loss
    named = tuple(load_vocabulary().find_all("concern", fact_rules.spelled(text)))
    if "scar" in named and concern != "scar" and fact_rules.SUN_BURN.search(text or "") \
            and not re.search(r"\bscar", text or "", re.IGNORECASE):
        named = tuple(n for n in named if n != "scar")      # "my patches burn in the sun": no scar named
    if concern == "scar" and "scar" not in named:
        named = ("scar", *named)                # a burn is a scar
    return Facts(concern=concern, concerns=named if concern else (), body_area=area, months_ago=fact_rules.months_ago(text),
                 still_healing=flags["still_healing"], pregnant=pregnant, breastfeeding=breastfeeding,
                 blood_thinners=health.get("anticoagulants"), isotretinoin=isotretinoin,
                 isotretinoin_months_ago=isotretinoin_months,
                 diabetes=health.get("diabetes"), radiotherapy=radiotherapy,
                 radiotherapy_months_ago=radiotherapy_months, chemotherapy=chemotherapy,
                 chemotherapy_months_ago=chemotherapy_months,
                 vitiligo_stable_months=fact_rules.stable_for_months(text) if "vitiligo" in named else None,
                 keloid=keloid, age=age, minor=bool(ages.says_minor(text)),
                 for_someone_else=child is not None or ages.about_someone_else(text),
                 both_sides=flags["both_sides"], self_harm=flags["self_harm"], burn=flags["burn"],
                 vitiligo_spreading=flags.get("vitiligo_spreading") if "vitiligo" in named else None, urgent=fact_rules.urgent_sign(text),
                 wants_time=fact_rules.wants_time(text), day_named=fact_rules.weekday(text), days_named=fact_rules.weekdays(text),
                 asks_hours=fact_rules.asks_hours(text), treated_here=fact_rules.treated_here(text), follow_up_months=fact_rules.follow_up_in(text), asks_price=fact_rules.asks_price(text),
                 asks_pain=fact_rules.asks_pain(text), other_service=fact_rules.other_service(text),
                 asked=fact_rules.asked_topics(text), booking_held=fact_rules.booking_held(text),
                 allergy=fact_rules.allergy(text), stretch_marks_young=fact_rules.stretch_marks_young(text),
                 stretch_marks_stage=fact_rules.stretch_marks_stage(text),
                 medicine=fact_rules.healing_medicine(text), skin_condition=fact_rules.skin_condition_active(text),
                 contact_way=bool(fact_rules.CONTACT_WAY.search(text or "")), darker_skin=fact_rules.darker_skin(text),
                 new_baby=fact_rules.new_baby(text) and pregnant is not True and breastfeeding is None)


def understand(text: str, parts: list[Part] | tuple[Part, ...] = ()) -> Understanding:
    """The one reading of a message: its classified parts, the facts it states, its tone and language."""
    facts = read_facts(text)
    tone = tone_of(text)
    if facts.self_harm and tone is None:
        tone = "distress"
    if facts.treated_here and tone in (None, "distress", "frustration") and DISSATISFIED.search(text):
        tone = "complaint"                      # unhappy with the studio's own work: apologised for, a person offered
    feeling = feeling_of(text) if tone in ("distress", "frustration") else None
    return Understanding(text=text, parts=tuple(parts) or (Part(text=text),), facts=facts, tone=tone, feeling=feeling,
                         language=language_of(text))
