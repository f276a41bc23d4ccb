"""Custom Rasa NLU components (they run in Rasa's environment and import Rasa).

- :class:`InvisibleCharacterCleaner` (first in the pipeline) removes invisible
  characters, which would otherwise crash the language-model featurizer on
  messages such as "thanks!! ❤️".
- :class:`UnreadableMessageClassifier` (after the FallbackClassifier) sends
  messages with nothing to read — emoji or punctuation only, one endless
  "word" — to ``nlu_fallback``, where DIET would otherwise guess an intent
  with high confidence.
- :class:`UncertainAnswerClassifier` (after the ResponseSelector) sends FAQ
  questions whose best answer is uncertain to ``nlu_fallback`` too: the
  visitor is offered the likely topics instead of a confident wrong answer
  (questions outside every topic, such as insurance before it had a topic,
  scored 0.15 to 0.5; held-out questions answered right mostly score above 0.9).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import RESPONSE_SELECTOR_PREDICTION_KEY, RESPONSE_SELECTOR_PROPERTY_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlp.readable import clean_text, unreadable

FALLBACK = "nlu_fallback"
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


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class InvisibleCharacterCleaner(_Stateless):
    """Removes invisible characters from the message text before tokenization."""

    @staticmethod
    def _clean(message: Message) -> None:
        text = message.get(TEXT)
        if isinstance(text, str):
            cleaned = clean_text(text)
            message.set(TEXT, cleaned if cleaned.strip() else EMPTY)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._clean(message)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._clean(message)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class UnreadableMessageClassifier(_Stateless):
    """Sends unreadable messages to ``nlu_fallback`` (place it after the FallbackClassifier)."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if unreadable(message.get(TEXT) or ""):
                _to_fallback(message)
        return messages


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
        selector = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(self.retrieval_intent) or {}
        return float((selector.get(RESPONSE_SELECTOR_PREDICTION_KEY) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if intent == self.retrieval_intent and self.answer_confidence(message) < self.threshold:
                _to_fallback(message)
        return messages
