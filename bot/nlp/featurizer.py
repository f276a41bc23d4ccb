"""Rasa's LanguageModelFeaturizer with the language model run as a compiled TensorFlow graph.

Rasa calls the Hugging Face TF model eagerly, once per message. For MiniLM that eager call was
most of the time of a turn (measured in docs/benchmarks.md, "Per-turn cost"): a ``tf.function``
with a shape-free signature is traced once and gives the same embeddings (largest difference
seen 2e-6), several times faster. A message and the parts it is cut into are featurized in one
batch. Everything else (tokenization, padding, pooling) is Rasa's own.
"""
from __future__ import annotations

from typing import Any, List, Optional

import numpy as np
import tensorflow as tf
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.dense_featurizer.lm_featurizer import LanguageModelFeaturizer
from rasa.shared.nlu.constants import ACTION_TEXT, TEXT
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class CompiledLanguageModelFeaturizer(LanguageModelFeaturizer):
    """The same features as ``LanguageModelFeaturizer``, computed by a traced graph, a batch per call."""

    _compiled: Optional[Any] = None

    def _load_model_instance(self) -> None:
        super()._load_model_instance()
        model = self.model
        spec = tf.TensorSpec(shape=[None, None], dtype=tf.int32)

        @tf.function(input_signature=[spec, spec])
        def hidden_states(token_ids: tf.Tensor, attention_mask: tf.Tensor) -> tf.Tensor:
            return model(token_ids, attention_mask=attention_mask)[0]

        self._compiled = hidden_states

    def _compute_batch_sequence_features(self, batch_attention_mask: np.ndarray,
                                         padded_token_ids: List[List[int]]) -> np.ndarray:
        if self._compiled is None:                  # unit tests of Rasa skip loading the model
            return super()._compute_batch_sequence_features(batch_attention_mask, padded_token_ids)
        states = self._compiled(tf.convert_to_tensor(np.asarray(padded_token_ids, dtype=np.int32)),
                                tf.convert_to_tensor(np.asarray(batch_attention_mask, dtype=np.int32)))
        return states.numpy()

    def process(self, messages: List[Message]) -> List[Message]:
        """Features for every message that has text, one batch per attribute."""
        for attribute in (TEXT, ACTION_TEXT):
            batch = [message for message in messages if message.get(attribute)]
            if not batch:
                continue
            docs = self._get_docs_for_batch(batch, attribute=attribute, inference_mode=True)
            for doc, message in zip(docs, batch):
                self._set_lm_features(doc, message, attribute)
        return messages
