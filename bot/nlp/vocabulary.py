"""The treatment and body-area vocabulary, and mapping free text onto it.

Imported by both environments (Rasa's and ours): standard library and PyYAML only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

VOCABULARY_FILE = Path(__file__).resolve().parent / "vocabulary.yml"
#: labels whose long words are read through a typo or two ("vitiglo"): names of treatments, never body areas
MISSPELLINGS_READ = frozenset({"concern"})
MISSPELT_MIN_LENGTH = 7
#: letters dropped, added, changed or swapped that still read as the word: one in a word of up to 8 letters ("scalping"
#: is not "scarring"), two in a longer one ("mastectamy", "recontsruction")
MISSPELT_LONG = 9


def typo_distance(a: str, b: str) -> int:
    """Edits between two words, a swap of neighbours counting as one (optimal string alignment)."""
    rows = [list(range(len(b) + 1))]
    for i, x in enumerate(a, 1):
        row = [i]
        for j, y in enumerate(b, 1):
            row.append(min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (x != y)))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


#: body words that name no body area here: "back again", "come back later", "grows back", "back in 2019"
_IDIOMS = re.compile(
    r"\b(?:i'?m|im|i am|be|been|come|comes|came|coming|get|gets|got|getting|go|goes|went|going|write|wrote|writing|"
    r"call|calling|ring|ringing|text|texting|message|messaging|grow|grows|grew|growing|looking|look|hold|held|"
    r"way|bring|brought|send|sent|pay|paid|give|gave|hear|heard|put|step|stepped|sit|sat)\s+back\b|"
    r"\bback (?:again|to|then|home|when|soon|later|in (?:the|19|20)\w*|and forth|on track)\b|"
    r"\bon (?:the )?other hand\b|\bhands? down\b|\bface to face\b",
    re.IGNORECASE)


def without_idioms(text: str) -> str:
    """``text`` without everyday phrases built on body words ("I'm back", "on the other hand", "head over")."""
    return _IDIOMS.sub(" ", text or "")


@dataclass(frozen=True)
class Vocabulary:
    """label -> canonical value -> phrases (lowercase)."""

    terms: dict[str, dict[str, tuple[str, ...]]]

    def phrases(self, label: str) -> list[tuple[str, str]]:
        """(phrase, canonical) pairs of one label, longest phrase first."""
        pairs = [(p, value) for value, phrases in self.terms[label].items() for p in phrases]
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    def find(self, label: str, text: str) -> Optional[str]:
        """The canonical value of the longest phrase of ``label`` found in ``text``; for a treatment, a long word
        misspelt by a letter or two counts ("vitiglo", "mastectamy")."""
        text = without_idioms(text) if label == "body_area" else text
        lowered = f" {re.sub(r'[^a-z0-9-]+', ' ', text.lower())} "
        for phrase, value in self.phrases(label):
            if f" {phrase} " in lowered:
                return value
        return self._misspelt(label, lowered) if label in MISSPELLINGS_READ else None

    def _misspelt(self, label: str, lowered: str) -> Optional[str]:
        words = [(p, v) for p, v in self.phrases(label) if " " not in p and len(p) >= MISSPELT_MIN_LENGTH]
        for word in lowered.split():
            if len(word) < MISSPELT_MIN_LENGTH - 1:
                continue
            for phrase, value in words:
                edits = 2 if len(phrase) >= MISSPELT_LONG else 1
                if word[0] == phrase[0] and abs(len(word) - len(phrase)) <= edits and typo_distance(word, phrase) <= edits:
                    return value
        return None

    def find_all(self, label: str, text: str) -> list[str]:
        """Every canonical value of ``label`` named in ``text``, in the order they are named."""
        text = without_idioms(text) if label == "body_area" else text
        lowered = f" {re.sub(r'[^a-z0-9-]+', ' ', text.lower())} "
        found: dict[str, int] = {}
        for phrase, value in self.phrases(label):
            at = lowered.find(f" {phrase} ")
            if at >= 0 and (value not in found or at < found[value]):
                found[value] = at
        if not found and label in MISSPELLINGS_READ:
            misspelt = self._misspelt(label, lowered)
            return [misspelt] if misspelt else []
        return sorted(found, key=found.__getitem__)

    def canonical(self, label: str, value: str) -> Optional[str]:
        """A canonical value given a canonical value or one of its phrases."""
        lowered = value.strip().lower()
        if lowered in self.terms[label]:
            return lowered
        return self.find(label, lowered)


@lru_cache(maxsize=1)
def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Vocabulary({label: {value: tuple(str(p).lower() for p in phrases) for value, phrases in values.items()}
                       for label, values in raw.items()})
