"""What a visitor's message means: its parts, the facts it states about the person, its tone.

One place decides this (:func:`understand`), and every action reads the result.
Standard library and PyYAML only: the Rasa server's NLU component
(:class:`bot.nlp.components.MessageUnderstanding`) builds it once per message with
the trained classifiers applied to each part, and attaches it to the parse data;
the action server reads it back with :meth:`Understanding.from_dict`.
"""
from bot.understanding.model import Facts, Part, Understanding, understand

__all__ = ["Facts", "Part", "Understanding", "understand"]
