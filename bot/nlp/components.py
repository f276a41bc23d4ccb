"""Custom Rasa NLU components (they run in Rasa's environment and import Rasa).

- :class:`InvisibleCharacterCleaner` (first in the pipeline) removes invisible
  characters, which would otherwise crash the language-model featurizer on
  messages such as "thanks!! ❤️".
- :class:`GreetingPrefixRemover` (second) drops a greeting glued to a real
  message, which otherwise outweighs the rest: "hello, I've got a scar from
  a knee operation, can you camouflage it?" was answered with a hello.
- :class:`ExplicitRequestClassifier` (after the FallbackClassifier) makes
  requests spelled out in words win: erasure, a person, starting over.
- :class:`SecondOpinionClassifier` checks DIET's choice where it was seen to
  go wrong: a question is never a statement, a hesitant out-of-scope gives way
  to a sure answer, and a worry about a mole or a wound goes to a doctor.
- :class:`UnreadableMessageClassifier` (after the FallbackClassifier) sends
  messages with nothing to read — emoji or punctuation only, one endless
  "word" — to ``nlu_fallback``, where DIET would otherwise guess an intent
  with high confidence.
- :class:`UncertainAnswerClassifier` (after the ResponseSelector) sends FAQ
  questions whose best answer is uncertain to ``nlu_fallback`` too: the
  visitor is offered the likely topics instead of a confident wrong answer
  (questions outside every topic, such as insurance before it had a topic,
  scored 0.15 to 0.5; held-out questions answered right mostly score above 0.9).
  Before giving up, it looks at the treatment the entity ruler found: a long
  story that names one treatment ("…my c-section scar is lighter than my
  skin…") gets that treatment's answer, since the story itself dilutes the
  response selector's confidence.
- :class:`PartSplitter` (right after the cleaner) adds one extra message per
  part of a message that says several things ("thanks! and how much for the
  crown? does it hurt"), so every component after it classifies each part on
  its own; :class:`MessageUnderstanding` (last) folds the parts back into the
  one message Rasa keeps, with the facts and tone read by
  :mod:`bot.understanding`: the one place that decides what a message means.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text, cast

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import RESPONSE_SELECTOR_PREDICTION_KEY, RESPONSE_SELECTOR_PROPERTY_NAME
from rasa.shared.nlu.constants import (ENTITIES, ENTITY_ATTRIBUTE_TYPE, ENTITY_ATTRIBUTE_VALUE, INTENT,
                                       INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlp.readable import (ASKS_IF_CANCELLED, STOP_SENDING, WITHDRAW_CALL, asks, clean_text, emoji_intent,
                              explicit_request, health_worry, may_ask_erasure, unreadable, without_preamble)
from bot.nlp.vocabulary import load_vocabulary
from bot.understanding import Part, understand
from bot.understanding.facts import names_a_clock, spelled_names
from bot.understanding.model import BOOKING_CHANGES, CONCERN_TOPICS, SOCIAL_INTENTS
from bot.understanding.parts import split_parts

FALLBACK = "nlu_fallback"
STATEMENT = "share_situation"
OUT_OF_SCOPE = "out_of_scope"
ERASURE = "delete_my_data"
RETRIEVAL_INTENT = "faq"
#: the response selector's confidence from which a question that also describes a case gets its answer
ANSWER_LIKELY = 0.5
#: what an entirely invisible message becomes: still something the tokenizers can read
EMPTY = "…"


def _to_fallback(message: Message) -> None:
    fallback = {INTENT_NAME_KEY: FALLBACK, PREDICTED_CONFIDENCE_KEY: 1.0}
    message.data[INTENT] = fallback
    ranking = [r for r in message.data.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != FALLBACK]
    message.data[INTENT_RANKING_KEY] = [fallback, *ranking]


class _Stateless(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> GraphComponent:
        return cls()


class _TextRewriter(_Stateless):
    """Rewrites the message text, in training as at run time, before tokenization."""

    def rewrite(self, text: str) -> str:
        raise NotImplementedError

    def _apply(self, message: Message) -> None:
        text = message.get(TEXT)
        if isinstance(text, str):
            message.set(TEXT, self.rewrite(text))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._apply(message)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._apply(message)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class InvisibleCharacterCleaner(_TextRewriter):
    """Removes invisible characters, and corrects the treatments' usual misspellings ("Ariola", "strech
    marks"), before tokenization: the classifiers have never seen most of them."""

    def rewrite(self, text: str) -> str:
        cleaned = spelled_names(clean_text(text))
        return cleaned if cleaned.strip() else EMPTY


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class GreetingPrefixRemover(_TextRewriter):
    """Drops a leading greeting when a real message follows ("hi! is it painful" is about pain)."""

    def rewrite(self, text: str) -> str:
        return without_preamble(text)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class UnreadableMessageClassifier(_Stateless):
    """Sends unreadable messages to ``nlu_fallback`` (place it after the FallbackClassifier)."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not unreadable(text):
                continue
            meaning = emoji_intent(text)
            if meaning:                         # "👋", "👍🏽": a hello, a yes
                chosen = {INTENT_NAME_KEY: meaning, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.data[INTENT] = chosen
                message.data[INTENT_RANKING_KEY] = [chosen]
            else:
                _to_fallback(message)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ExplicitRequestClassifier(_Stateless):
    """Requests spelled out in words ("please delete my data", "can I talk to a real person") win.

    Erasure and a person must work however the sentence around them is phrased;
    the classifier alone missed "actually, on second thought, please delete my data".
    """

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = explicit_request(message.get(TEXT) or "")
            if intent and (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != intent:
                chosen = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
                ranking = [r for r in message.data.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != intent]
                message.data[INTENT] = chosen
                message.data[INTENT_RANKING_KEY] = [chosen, *ranking]
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SecondOpinionClassifier(GraphComponent):
    """Three checks on DIET's choice, each where it was seen to go wrong.

    - A message that asks something is not ``share_situation`` (a visitor telling
      their case): "Do you camouflage stretch marks on arms? mine are silvery"
      goes to the next intent of the ranking.
    - A question that DIET hesitates to call out-of-scope, or sends to the fallback,
      gets the answer the response selector is sure of: "who's going to be doing my
      treatment and are they qualified" scored out-of-scope 0.47, the practitioner
      answer 0.99. Only questions: the response selector is often sure about
      small talk too ("hi everyone" would get an answer).
    - A worry about a mole, a rash or a wound is for a doctor, never the answer
      on the treatment's risks.
    """

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.hesitant = float(config["hesitant"])
        self.sure = float(config["sure"])

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"hesitant": 0.6, "sure": 0.95}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> GraphComponent:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = message.get(INTENT) or {}
            name, confidence = intent.get(INTENT_NAME_KEY), float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
            sure_answer = _answer_confidence(message) >= self.sure
            if name == ERASURE and not may_ask_erasure(text):
                _choose(message, _next_best(message, (ERASURE,)))   # a guess with no word of erasing: never erasure
            elif name == STATEMENT and asks(text):
                _choose(message, self._instead_of_statement(message))
            elif name in (OUT_OF_SCOPE, FALLBACK) and confidence < self.hesitant and sure_answer and asks(text):
                _choose(message, RETRIEVAL_INTENT)
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == RETRIEVAL_INTENT and health_worry(text):
                _choose(message, OUT_OF_SCOPE)
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == ERASURE and not may_ask_erasure(text):
                # a second choice is held to the same rule as the first ("…pregnant!! Should I postpone?")
                _choose(message, _next_best(message, (ERASURE, STATEMENT)))
        return messages

    @staticmethod
    def _instead_of_statement(message: Message) -> str:
        """An answer if one is likely, the next intent if likely enough, else the fallback's choice of topics."""
        if _answer_confidence(message) >= ANSWER_LIKELY:
            return RETRIEVAL_INTENT
        ranking = [r for r in message.data.get(INTENT_RANKING_KEY) or []
                   if r.get(INTENT_NAME_KEY) not in (STATEMENT, FALLBACK)]
        if not ranking:
            return FALLBACK
        best = ranking[0]
        if best.get(INTENT_NAME_KEY) == RETRIEVAL_INTENT or float(best.get(PREDICTED_CONFIDENCE_KEY) or 0) >= 0.3:
            return str(best[INTENT_NAME_KEY])
        return FALLBACK


def _choose(message: Message, intent: str | None) -> None:
    """Make ``intent`` the prediction, keeping the rest of the ranking in order."""
    if not intent:
        return
    ranking = message.data.get(INTENT_RANKING_KEY) or []
    chosen = next((dict(r) for r in ranking if r.get(INTENT_NAME_KEY) == intent),
                  {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0})
    message.data[INTENT] = chosen
    message.data[INTENT_RANKING_KEY] = [chosen, *[r for r in ranking if r.get(INTENT_NAME_KEY) != intent]]


def _answer_confidence(message: Message, retrieval_intent: str = "faq") -> float:
    selector = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(retrieval_intent) or {}
    return float((selector.get(RESPONSE_SELECTOR_PREDICTION_KEY) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class UncertainAnswerClassifier(GraphComponent):
    """Sends ``faq`` messages whose best answer scores below ``threshold`` to ``nlu_fallback``."""

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.retrieval_intent = str(config["retrieval_intent"])
        self.threshold = float(config["threshold"])

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"retrieval_intent": "faq", "threshold": 0.5}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> GraphComponent:
        return cls(config)

    def answer_confidence(self, message: Message) -> float:
        return _answer_confidence(message, self.retrieval_intent)

    def _topic_of_named_concern(self, message: Message) -> str | None:
        """The FAQ topic of the one treatment the message names, if it names exactly one."""
        vocabulary = load_vocabulary()
        concerns = {vocabulary.canonical("concern", str(e.get(ENTITY_ATTRIBUTE_VALUE, "")))
                    for e in message.get(ENTITIES) or [] if e.get(ENTITY_ATTRIBUTE_TYPE) == "concern"}
        concerns.discard(None)
        return CONCERN_TOPICS.get(cast(str, concerns.pop())) if len(concerns) == 1 else None

    def _answer_with(self, message: Message, topic: str) -> None:
        selector = message.get(RESPONSE_SELECTOR_PROPERTY_NAME)[self.retrieval_intent]
        key = f"{self.retrieval_intent}/{topic}"
        ranking = {r.get("intent_response_key"): r.get(PREDICTED_CONFIDENCE_KEY, 0.0)
                   for r in selector.get("ranking") or []}
        selector[RESPONSE_SELECTOR_PREDICTION_KEY] = {
            **selector.get(RESPONSE_SELECTOR_PREDICTION_KEY, {}), "intent_response_key": key,
            "utter_action": f"utter_{key}", PREDICTED_CONFIDENCE_KEY: ranking.get(key, 0.0), "responses": []}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if intent == self.retrieval_intent and self.answer_confidence(message) < self.threshold:
                topic = self._topic_of_named_concern(message)
                if topic:
                    self._answer_with(message, topic)
                else:
                    _to_fallback(message)
        return messages


#: marks an extra message made by :class:`PartSplitter`: the index of the message it is a part of
PART_OF = "part_of"
UNDERSTANDING = "understanding"
#: intents a message keeps whatever its parts say: leaving, erasure and a person are never overridden
KEEP_INTENTS = ("stop", "start_over", "human_handoff", "delete_my_data", "cancel_booking", "reschedule_booking",
                "correct_answer")
#: asking whether they have come to the right place for their treatment ("is this the scar place", "u the vitiligo people?")
_THE_PLACE_FOR = re.compile(r"\b(?:is (?:this|it|that)|are (?:you|u)|r (?:you|u)|you|u)\s+(?:the |a |where |who )?(?:right )?"
                            r"(?:[\w-]+ ){0,3}(?:place|studio|people|ones?|clinic|lot|lady|woman|person)\b", re.IGNORECASE)
#: a plain answer to an offer that goes on ("yes please keep them", "no thanks, not now")
_LEADING_ANSWER = re.compile(r"^\W*(?:(?P<yes>yes|yeah|yea|yep|yup|sure|ok(?:ay)?(?:,? sure)?(?!\W*(?:thanks?|thank you|thx|ty|cheers|bye|ta)\b)|"
                             r"alright(?!\W*(?:thanks?|thank you|cheers|bye)\b)|go on|why not|"
                             r"please do|go ahead|definitely|"
                             r"absolutely|of course|s[ií]|vale|claro|oui|sim|tak|y|ye|yh)|(?P<no>no|nope|nah|naw|nae|not now|not yet|n|"
                             r"non|nie|n[aã]o))\b", re.IGNORECASE)
#: a closing line ("ok fine lol bye", "I'll have a think, cheers"): a goodbye, whatever else it holds
_CLOSING = re.compile(r"\b(bye+|goodbye|byee+|see ya|see you|take care|speak soon|talk soon|have a good (?:day|one|"
                      r"evening|night)|(?:i'?ll|will|i will) (?:have a )?think (?:about it|it over)?|have a think)\b",
                      re.IGNORECASE)
CLOSING_WORDS = 10
#: "ok…" before a goodbye is no yes to an offer; "yes please, see you then" is
#: how they found the studio, said as a hello ("a friend sent me ur page", "saw u on insta")
_REFERRAL = re.compile(r"\b(?:saw|seen|found|came across|friend (?:sent|told|showed|recommended)|recommended|heard about|"
                       r"sent me)\b.*\b(?:page|insta\w*|tiktok|facebook|fb|site|website|you|u|ad|post)\b", re.IGNORECASE)
#: "I'll discuss it in person", "see her in person": a visit, not a person to call
_IN_PERSON = re.compile(r"\bin person\b|\bface to face\b", re.IGNORECASE)
#: booking without the health questions ("ill book but i dont want to answer any medical questions"): booking asks none
_BOOK_NO_HEALTH = re.compile(r"^(?=.*\b(?:book|booking)\b)(?=.*\b(?:no|not|don'?t|dont|won'?t|rather not)\b[^.?!]{0,30}\b(?:medical|"
                             r"health)\b)(?!.*\bwhy\b)", re.IGNORECASE)
#: a person asked to get in touch ("can someone ring me tomorrow at 5"): a call-back, whatever day is named
_CALL_ME = re.compile(r"\b(?:call|ring|phone|text|whats ?app|email|e-mail|contact|get back to|reach|message) (?:me|us|my|"
                      r"her|him|them)\b|\b(?:call|ring|phone)\b[^.?!]{0,25}\bback\b|\bcall ?back\b|"
                      r"\bgive (?:me|her|him|them) a (?:call|ring|bell)\b", re.IGNORECASE)
#: booking said in words ("can i book saturday morning, and is there parking?"): a booking with its question
_BOOK_WORD = re.compile(r"\b(?:book|booking|reserve|appointment for me|get me in|put me down)\b", re.IGNORECASE)
#: "hello? is anyone even there at this time of night": a hello, not a goodbye
_ANYONE_THERE = re.compile(r"\b(?:any ?(?:one|body) (?:even )?(?:there|here|around|about|awake|in)|(?:are|r) (?:you|u) (?:still )?"
                           r"there|is this (?:thing )?(?:working|on|live))\b", re.IGNORECASE)
#: booking said plainly, without a question ("rather just book please", "ok just book me in")
_JUST_BOOK = re.compile(r"^\W*(?:(?:ok(?:ay)?|yes|yeah|no|i'?d rather|i would rather|rather|please|let'?s|i want to|i'?d like to|"
                        r"i'?ll)\W+)*just book\b(?![^?]*\?)", re.IGNORECASE)
#: giving up on a question ("forget it. ta", "never mind then"): no erasure, whatever the classifier heard in "forget"
_GIVE_UP = re.compile(r"^\W*(?:oh,? |ok,? |okay,? |ah,? |lol,? )?(?:just )?(?:forget it|forget about it|never ?mind|nvm|doesn'?t "
                      r"matter|don'?t worry)\b(?!.*\b(?:data|details|me|everything)\b)", re.IGNORECASE)
#: topics a statement raises, answered whatever the classifier made of it ("running 20 min late")
STATEMENT_TOPICS = frozenset({"running_late", "booking_pending", "booking_lookup", "walk_in", "erased_check", "reminder",
                              "call_status"})
#: after a yes, asking what comes next is still the yes ("go on then, what do u need to know")
_WHAT_NEXT = re.compile(r"\bwhat (?:do|d'?you|do u|would|will) (?:you|u|ya) (?:need|want)(?: to know| from me)?\W*$|"
                        r"\bwhat'?s next\W*$|\bwhat now\W*$|\b(?:fire|ask) away\b", re.IGNORECASE)
_WEAK_YES = re.compile(r"^\W*(?:ok|okay|alright|fine)\b", re.IGNORECASE)
#: a restart says it ("again", "from scratch"); "…can I start?" at the end of a story does not
#: a message cut into parts none of which is clear is answered as a whole only when the answer is this sure
WHOLE_SURE = 0.8
#: a leaving intent in a message this long is only taken when the words say it ("please stop")
LONG_MESSAGE_WORDS = 15
#: a "goodbye" this long that tells a time or a feeling says more than goodbye
FAREWELL_WITH_MORE = 6
#: the general answer about a treatment: naming it beside a day and time is no question about it
TREATMENT_TOPICS = frozenset(CONCERN_TOPICS.values()) | {"hair_growth"}
#: the route that answers: the reply is composed from the whole understanding (``action_answer``)
ANSWER_ROUTE = RETRIEVAL_INTENT


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class PartSplitter(_Stateless):
    """Adds a message per part of a message that says several things (at run time only)."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        extra: List[Message] = []
        for index, message in enumerate(messages):
            text = message.get(TEXT)
            if not isinstance(text, str) or text.startswith("/") or message.get(PART_OF) is not None:
                continue
            parts = split_parts(text)
            if len(parts) > 1:
                extra.extend(Message(data={TEXT: part, PART_OF: index}) for part in parts)
        return [*messages, *extra]


def _next_best(message: Message, exclude: tuple[str, ...]) -> str:
    """The best-ranked intent that is not excluded (the fallback when none is left)."""
    ranking = [r for r in message.data.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) not in exclude]
    return str(ranking[0][INTENT_NAME_KEY]) if ranking else FALLBACK


def _part_of(message: Message) -> Part:
    intent = message.get(INTENT) or {}
    selector = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(RETRIEVAL_INTENT) or {}
    prediction = selector.get(RESPONSE_SELECTOR_PREDICTION_KEY) or {}
    topic = str(prediction.get("intent_response_key") or "").removeprefix(f"{RETRIEVAL_INTENT}/") or None
    scores = sorted((float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) for r in selector.get("ranking") or []),
                    reverse=True)
    margin = scores[0] - scores[1] if len(scores) > 1 else (scores[0] if scores else 0.0)
    return Part(text=str(message.get(TEXT) or ""), intent=intent.get(INTENT_NAME_KEY),
                confidence=round(float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0), 3), topic=topic,
                topic_confidence=round(float(prediction.get(PREDICTED_CONFIDENCE_KEY) or 0.0), 3),
                topic_margin=round(margin, 3))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class MessageUnderstanding(_Stateless):
    """Folds the parts back into their message, attaches the understanding and picks the route.

    A message whose parts hold a studio question goes to the answer route, which
    answers every part in order; so does one that describes an urgent sign or is
    written in another language. Leaving, erasure and a person keep their intent.
    """

    def process(self, messages: List[Message]) -> List[Message]:
        mains = [m for m in messages if m.get(PART_OF) is None]
        for index, message in enumerate(mains):
            if not isinstance(message.get(TEXT), str):
                continue
            whole = _part_of(message)
            parts = [_part_of(m) for m in messages if m.get(PART_OF) == index] or [whole]
            if whole.topic_confidence >= WHOLE_SURE and not any(p.answerable for p in parts):
                parts.insert(0, whole)          # the question is clear only as a whole
            understanding = understand(message.get(TEXT), parts)
            message.set(UNDERSTANDING, understanding.to_dict(), add_to_output=True)
            self._route(message, understanding)
            if understanding.facts.minor and (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == "check_suitability":
                _choose(message, ANSWER_ROUTE)  # no health questions for someone under age: the policy, a person
        return mains

    @staticmethod
    def _booking_held(message: Message, understanding: Any, intent: Any) -> bool:
        """A booking the person already has: moved or cancelled as they ask, their questions answered, no new one.

        "I've got a consultation Thursday at 4, could we move it to Friday?" is a reschedule whatever
        the classifier made of the times in it; "…my consultation next week, what do I bring?" is a
        question. Returns whether the route was chosen."""
        held = understanding.facts.booking_held
        if not held or intent in ("stop", "delete_my_data", "human_handoff"):
            return False
        asked = any(p.answerable for p in understanding.parts) or bool(understanding.facts.asked)
        if held in BOOKING_CHANGES and not asked and not understanding.tone:
            _choose(message, BOOKING_CHANGES[held])
            return True
        if held in BOOKING_CHANGES:             # "my husband is in hospital, I'll have to cancel": heard, then cancelled
            _choose(message, ANSWER_ROUTE)
            return True
        if asked or intent in ("book_consultation", "reschedule_booking", "cancel_booking", STATEMENT, FALLBACK):
            _choose(message, ANSWER_ROUTE)      # the answer, then the change they asked for (plan.followup)
            return True
        return False

    @staticmethod
    def _route(message: Message, understanding: Any) -> None:
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        text = message.get(TEXT) or ""
        if intent == "start_over" and explicit_request(text) != "start_over" and not text.startswith("/"):
            _choose(message, _next_best(message, exclude=("start_over",)))     # "can I start?" is not a restart
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if intent == "stop" and "?" in text and explicit_request(text) != "stop" and understanding.asks:
            _choose(message, ANSWER_ROUTE)      # "would it stop it spreading tho??" asks; it does not end anything
            return
        words = len(text.split())
        if intent in ("goodbye", "thanks") and not text.startswith("/") and (
                understanding.asks or understanding.facts.asked
                or (words >= FAREWELL_WITH_MORE and (understanding.tone or understanding.facts.day_named))):
            # "so what do i do now", "ah right so tuesday at 10 then", "…I just want to sit by the pool in peace":
            # a question, a time or a feeling, not a farewell
            _choose(message, ANSWER_ROUTE)
            return
        if intent in ("stop", "deny") and len(text.split()) >= LONG_MESSAGE_WORDS and explicit_request(text) != "stop" \
                and (understanding.facts.concern or understanding.asks):
            # a story with "I don't even know…" in it is not "stop": it is about their case
            _choose(message, _next_best(message, exclude=("stop", "deny")))
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if understanding.facts.follow_up_months is not None and intent not in ("delete_my_data", "stop") \
                and not text.startswith("/"):
            _choose(message, ANSWER_ROUTE)      # "not now, get in touch in 8 months": a date kept, not a booking
            return
        if text.startswith("/"):
            return
        if intent == "check_suitability" and explicit_request(text) == "check_suitability" \
                and not understanding.facts.minor:
            return                              # "…can you check if I'm suitable for SMP?": the check, as asked
        if intent == "human_handoff" and not _CALL_ME.search(text) and names_a_clock(text) and (
                understanding.facts.day_named or understanding.facts.days_named):
            _choose(message, "book_consultation")   # "a chat with someone about it next wednesday about half 6": a visit
            return
        if intent == "delete_my_data" and "erase_part" in understanding.facts.asked:
            _choose(message, ANSWER_ROUTE)      # "delete just the health bit but keep my booking": a person does it
            return
        if intent == "human_handoff" and explicit_request(text) != "human_handoff" and (
                (leading := _LEADING_ANSWER.match(text)) and leading.group("no") or _IN_PERSON.search(text)):
            # "No. I'll discuss health in person.": a no to the offer, and no call-back asked for; with a question
            # beside it ("and the scar price?? also no thanks to the health questions"), the question is answered
            _choose(message, ANSWER_ROUTE if understanding.asks and any(p.answerable for p in understanding.parts)
                    else "deny" if _LEADING_ANSWER.match(text) else _next_best(message, exclude=("human_handoff",)))
            return
        if _REFERRAL.search(text) and len(text.split()) <= CLOSING_WORDS and not asks(text) \
                and not understanding.facts.concern:
            _choose(message, "greet")           # "hiya, a friend sent me ur page": hello, and what the studio does
            return
        if _ANYONE_THERE.search(text) and len(text.split()) <= LONG_MESSAGE_WORDS and not understanding.facts.concern \
                and not understanding.facts.asked and intent not in KEEP_INTENTS:
            _choose(message, "greet")           # "hello? anyone there at this time of night": hello, what we do
            return
        if intent == "delete_my_data" and _GIVE_UP.match(text) and explicit_request(text) != "delete_my_data":
            _choose(message, "goodbye")         # "forget it. ta": giving up on a question erases nothing
            return
        if (WITHDRAW_CALL.search(text) or STOP_SENDING.search(text)) and intent not in ("delete_my_data",):
            _choose(message, ANSWER_ROUTE)      # "withdraw the call-back request": the answer action withdraws it
            return
        if MessageUnderstanding._booking_held(message, understanding, intent):
            return
        if ASKS_IF_CANCELLED.search(text) and len(text.split()) <= LONG_MESSAGE_WORDS and intent not in KEEP_INTENTS:
            _choose(message, "cancel_booking")  # "wed is cancelled yeah?": the cancel action answers, cancelling nothing
            return
        if _JUST_BOOK.search(text) and intent not in KEEP_INTENTS:
            _choose(message, "book_consultation")   # "Rather just book please, I'll go through it all with her"
            return
        if (answer := _LEADING_ANSWER.match(text)) and answer.group("yes") and _WHAT_NEXT.search(text) \
                and intent not in KEEP_INTENTS:
            _choose(message, "affirm")          # "go on then, what do u need to know": yes to the offer
            return
        if intent == "affirm" and _WEAK_YES.match(text) and asks(text) and (
                understanding.facts.asked or any(p.answerable for p in understanding.parts)):
            _choose(message, ANSWER_ROUTE)      # "ok... and can they make them disappear?": a question, no yes
            return
        if _BOOK_NO_HEALTH.search(text) and intent not in KEEP_INTENTS:
            _choose(message, "book_consultation")   # "ill book but i dont want to answer medical questions": no need to
            return
        if STATEMENT_TOPICS & set(understanding.facts.asked) and explicit_request(text) is None \
                and intent not in ("human_handoff", "stop"):
            _choose(message, ANSWER_ROUTE)      # "running late", "nobody has confirmed it": answered, not a new booking
            return
        if intent in KEEP_INTENTS:
            return
        answer = _LEADING_ANSWER.match(text)
        if _CLOSING.search(text) and len(text.split()) <= CLOSING_WORDS and not asks(text) \
                and not (answer and (answer.group("no") or not _WEAK_YES.match(text))) \
                and intent in (FALLBACK, STATEMENT, "out_of_scope", "thanks", "greet", "affirm"):
            _choose(message, "goodbye")         # "ok fine lol bye", "cheers, I'll have a think": no yes to anything
            return
        if answer and intent in ("thanks", "greet", "goodbye", FALLBACK, STATEMENT, "out_of_scope") and not asks(text) \
                and len(text.split()) < LONG_MESSAGE_WORDS:     # "alright. play second row…" tells a story
            _choose(message, "deny" if answer.group("no") else "affirm")    # "yes please keep them", "no thanks"
            return
        if understanding.facts.urgent or understanding.language or understanding.tone == "complaint" \
                or understanding.facts.asks_hours or (understanding.facts.contact_way and intent in (
                    FALLBACK, STATEMENT, "out_of_scope")):     # "oh and tell them to whatsapp first, not phone"     # "thurs late?" asks the hours, it books nothing
            _choose(message, ANSWER_ROUTE)      # a complaint is acknowledged and a person offered, never a booking
            return
        if intent in ("greet", "thanks", "goodbye") and understanding.facts.asked and len(text.split()) >= 8:
            _choose(message, ANSWER_ROUTE)      # "Dear studio, … please send me a copy of my data": no mere hello
            return
        if intent in ("greet", "thanks") and understanding.facts.concern and _THE_PLACE_FOR.search(text):
            _choose(message, ANSWER_ROUTE)      # "is this the scar place": yes, and what it does, not a hello
            return
        if intent in ("greet", "thanks") and understanding.facts.concern and len(text.split()) >= 8:
            _choose(message, STATEMENT)     # a story that starts warmly is still a story ("so hopeful reading…")
            intent = STATEMENT
        questions = [p for p in understanding.parts if p.answerable and p.topic not in ("hours", "languages")
                     and p.topic not in TREATMENT_TOPICS]      # "…to chat about my scalp" asks nothing about SMP
        if understanding.facts.other_service and not understanding.facts.concern and intent != "out_of_scope":
            _choose(message, ANSWER_ROUTE)      # "can I book microblading?", "…botox, can I come saturday?"
            return
        if intent == "check_suitability" and understanding.facts.months_ago is not None \
                and "check_suitability" not in understanding.requests:
            _choose(message, ANSWER_ROUTE)      # "…burn scar about 3 years ago. am I ready?": their dates first, then
            return                              # the check offered
        if intent == "book_consultation" and understanding.facts.asked and not understanding.facts.wants_time \
                and "book_consultation" not in understanding.requests:
            _choose(message, ANSWER_ROUTE)      # "what's the minimum age, and can my mum come in to the consult?"
            return
        elsewhere = understanding.facts.other_service and not understanding.facts.concern
        practical = understanding.facts.asked and not _BOOK_WORD.search(text)   # "can I come in with him, and could
        # his appointment be first thing when it's quiet?" asks about the visit; it books nothing yet
        if understanding.facts.wants_time and not questions and not elsewhere and not practical \
                and intent not in ("cancel_booking", "reschedule_booking"):
            _choose(message, "book_consultation")     # "Sunday 11am possible?", "can I come thursday at 18:30?"
            return
        if practical and intent in (FALLBACK, STATEMENT, "out_of_scope", "book_consultation"):
            _choose(message, ANSWER_ROUTE)      # answered first; a booking is offered, not started
            return
        if intent == FALLBACK and (any(p.answerable for p in understanding.parts) or understanding.facts.asked
                                   or (understanding.facts.concern and understanding.asks)):
            # "…her hair is starting to go… can you help her?": a question about one of our treatments
            _choose(message, ANSWER_ROUTE)      # "addres pls", "…without travelling down?": sure what answers it
            return
        if len(understanding.parts) < 2:
            return
        if intent in SOCIAL_INTENTS and (understanding.facts.asks_price or understanding.facts.asked
                                         or (understanding.facts.concern and understanding.asks)):
            _choose(message, ANSWER_ROUTE)      # "is this a bot? … got a scar on my face, how much?": all of it
            return
        questions = [p for p in understanding.parts if p.answerable]
        others = [p for p in understanding.parts if not p.answerable and (p.intent not in SOCIAL_INTENTS
                                                                          or p.intent == "bot_challenge")]
        if questions and (intent != RETRIEVAL_INTENT or others or len(questions) > 1):
            if not any(p.intent in ("human_handoff", "delete_my_data") for p in understanding.parts):
                _choose(message, ANSWER_ROUTE)
        elif intent in SOCIAL_INTENTS + (FALLBACK,):
            if understanding.requests:          # what the parts ask to happen, as the understanding reads them
                _choose(message, understanding.requests[0])
