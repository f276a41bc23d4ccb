"""Language resources shared by the Rasa pipeline and the action server."""
