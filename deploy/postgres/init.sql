-- Rasa's conversations (tracker store) live in their own database beside the leads store.
CREATE DATABASE studio_tracker OWNER studio;
