"""Build the spaCy pipeline Rasa loads: a blank English model plus an entity ruler.

Official spaCy models cannot be downloaded here, so setup builds this one from
``vocabulary.yml``: ``python -m bot.nlp.build_spacy OUTPUT_DIR`` (Rasa's environment).
"""
from __future__ import annotations

import sys
from pathlib import Path

from bot.nlp.vocabulary import load_vocabulary


def build(output: Path) -> None:
    import spacy  # only in Rasa's environment

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    vocabulary = load_vocabulary()
    patterns = [{"label": label, "pattern": phrase, "id": value}
                for label in vocabulary.terms for phrase, value in vocabulary.phrases(label)]
    ruler.add_patterns(patterns)
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
