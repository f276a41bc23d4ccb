"""The web process: the practitioner's dashboard, the chat widget's files and background jobs."""
