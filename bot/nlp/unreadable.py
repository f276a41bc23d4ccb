"""A Rasa NLU component: messages with nothing to read go to the fallback.

Emoji-only or punctuation-only messages, zero-width characters and one endless
"word" ("aaaaaaaa…") have no meaning the classifiers could find, yet DIET
gives them some intent with high confidence. This marks them ``nlu_fallback``
so the assistant asks for clarification instead of answering at random.
Runs in Rasa's environment (it imports Rasa); the test itself is in readable.py.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlp.readable import unreadable

FALLBACK = "nlu_fallback"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class UnreadableMessageClassifier(GraphComponent):
    """Sends unreadable messages to ``nlu_fallback`` (place it after the FallbackClassifier)."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "UnreadableMessageClassifier":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if unreadable(message.get(TEXT) or ""):
                fallback = {INTENT_NAME_KEY: FALLBACK, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.data[INTENT] = fallback
                ranking = [r for r in message.data.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != FALLBACK]
                message.data[INTENT_RANKING_KEY] = [fallback, *ranking]
        return messages
