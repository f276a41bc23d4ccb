"""Handing a conversation to a person: what the request says (who, what about, when), no Rasa imports."""
