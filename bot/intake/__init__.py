"""Intake domain logic, free of Rasa: questions, answer parsing and readiness rules."""
