"""What to say to a message, as an ordered list of domain responses: see :mod:`bot.replies.plan`."""
