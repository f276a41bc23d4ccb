"""Splitting a message into the parts a person meant as separate things.

"thanks! and how much for the crown? does it hurt" is three parts: thanks, a
price question and a pain question. Each part is classified on its own, so a
long story no longer dilutes the one question inside it.
"""
from __future__ import annotations

import re

#: sentence ends: ., ?, ! (also repeated), line breaks, semicolons and dashes used as separators
_SENTENCE_END = re.compile(r"(?<=[?!])\s*|(?<=[.;])\s+|\s*\n+\s*|\s+[–—-]+\s+|\s*\.{3,}\s*|(?<=\w)[.](?=[a-z]{2,}\b\s)")
#: a new question glued on with "and" / "also" / "but" / "plus" ("and how much is it")
_JOINED_QUESTION = re.compile(
    r",?\s+(?:\b(?:and|n|also|plus|but|or|oh and|btw)\b|&)\s+(?=(?:also\s+|till\s+|until\s+|from\s+|at\s+|by\s+|for\s+)?"
    r"(?:how|what|when|where|who|which|why|can|could|do|does|did|is|are|will|would|should|may|have|has)\b)",
    re.IGNORECASE)
#: numbered questions ("1) vitiligo on hands? 2) price 3) how many sessions")
_ENUMERATION = re.compile(r"\s+(?=\d[).]\s)|\s+(?=\d\s+(?:do|does|how|what|whats|will|can|is|are|would|should|"
                          r"when|where|which|who)\b)", re.IGNORECASE)
_NUMBERED = re.compile(r"^\d[).]\s")
#: a question right after a comma ("yes, does it hurt though")
_COMMA_QUESTION = re.compile(
    r",\s*(?=(?:how|what|when|where|who|which|why|can|could|do|does|is|are|will|would|should)\b[^,]*\?)",
    re.IGNORECASE)
#: a list of questions with one question mark ("is it with Marta, how long is it, and do I bring anything?"):
#: cut at each comma or colon that starts another question
_LISTED_QUESTION = re.compile(
    r"[,:]\s*(?=(?:and\s+|also\s+)?(?:how|what|when|where|who|which|why|can|could|do|does|is|are|will|would|"
    r"should|will)\b)", re.IGNORECASE)
_QUESTION_WORD = re.compile(r"\b(?:how|what|when|where|who|which|why|can|could|do|does|is|are|will|would|should)\b",
                            re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")
#: a clause that asks, cut from a sentence ending in "?" ("So roughly what would I pay in total, is a touch-up
#: included, and who does the work?"): it keeps its question mark, so it is read, and kept, as a question
_ASKS = re.compile(r"^\W*(?:(?:so|and|also|but|plus|then|roughly|honestly|basically)\s+){0,2}"
                   r"(?:how|what|whats|what's|when|where|who|which|why|can|could|do|does|did|is|are|will|would|should|"
                   r"may|have|has|am)\b", re.IGNORECASE)
#: a part this short only stands alone when it means something on its own ("yes", "thanks")
_MIN_WORDS = 3
_STANDALONE = re.compile(
    r"^\W*(?:hi+|hello+|hey+|hiya|hola|good (?:morning|afternoon|evening)|thanks?(?: you)?(?: so much)?|thx|ty|"
    r"cheers|yes|yeah|yep|yup|y|no|nope|nah|ok(?:ay)?|sure|great|perfect|lovely|brilliant)\W*$", re.IGNORECASE)
#: never more parts than this: beyond it the message is a story, read as a whole
MAX_PARTS = 5


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def split_parts(text: str) -> list[str]:
    """The parts of ``text``, in order; a single part when it says one thing."""
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(text or ""):
        if not sentence or not sentence.strip():
            continue
        listed = [sentence]
        if sentence.rstrip().endswith("?") and len(_QUESTION_WORD.findall(sentence)) >= 3:
            listed = _LISTED_QUESTION.split(sentence)
        asking = sentence.rstrip().endswith("?")
        for numbered in (n for piece in listed for n in _ENUMERATION.split(piece)):
            for clause in _COMMA_QUESTION.split(numbered):
                pieces.extend(_as_question(p) if asking else p for p in _JOINED_QUESTION.split(clause) if p and p.strip())
    merged: list[str] = []
    for piece in (p.strip() for p in pieces):
        if not _WORD.search(piece):
            if merged:
                merged[-1] += piece
            continue
        numbered = bool(_NUMBERED.match(piece))
        if merged and _words(piece) < _MIN_WORDS and not _STANDALONE.match(piece) and not piece.endswith("?") \
                and not numbered:
            merged[-1] = f"{merged[-1]} {piece}"
        elif merged and _words(merged[-1]) < _MIN_WORDS and not _STANDALONE.match(merged[-1]) \
                and not merged[-1].endswith("?") and not _NUMBERED.match(merged[-1]):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    if len(merged) > MAX_PARTS:
        return _story_and_questions(merged)
    return merged or [text.strip()]


def _as_question(clause: str) -> str:
    clause = clause.strip().rstrip(",;:")
    return f"{clause}?" if _ASKS.match(clause) and not clause.endswith("?") and _words(clause) >= _MIN_WORDS else clause


def _story_and_questions(parts: list[str]) -> list[str]:
    """A long story: its sentences as one part, each question in it as its own (at most three)."""
    questions = [p for p in parts if p.endswith("?")][-3:]
    story = " ".join(p for p in parts if p not in questions)
    return [story, *questions] if questions else [" ".join(parts)]
