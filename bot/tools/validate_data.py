"""``rasa data validate --fail-on-warnings``, knowing which responses the action server speaks.

Rasa warns about every response that no story or rule utters, but the composed
replies (:mod:`bot.replies.plan`) are uttered by ``action_answer`` and the forms,
so they are in no story on purpose. This runs Rasa's own validation with those
responses left out of that one check; every other warning still fails. The
reverse check (every response the code names exists) is a unit test.
Runs in the Rasa environment: ``python -m bot.tools.validate_data``.
"""
from __future__ import annotations

import sys

#: responses spoken by custom actions, by name prefix (see bot/replies/plan.py and bot/actions/)
SPOKEN_BY_ACTIONS = ("utter_faq", "utter_urgent_", "utter_note_", "utter_ack_", "utter_offer_", "utter_price_",
                     "utter_guidance_", "utter_short_", "utter_other_language", "utter_booking_exists", "utter_not_sure",
                     "utter_out_of_scope", "utter_partly_answered", "utter_brief_", "utter_ask_concern",
                     "utter_hours_day")


def main(argv: list[str] | None = None) -> None:
    from rasa.cli.utils import validate_files
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.validator import Validator

    gather = Validator._gather_utterance_actions

    def in_stories_only(self: Validator) -> set[str]:
        return {u for u in gather(self) if not u.startswith(SPOKEN_BY_ACTIONS)}

    Validator._gather_utterance_actions = in_stories_only
    importer = TrainingDataImporter.load_from_config("config.yml", "domain.yml", ["bot/data"])
    validate_files(fail_on_warnings=True, max_history=None, importer=importer)


if __name__ == "__main__":
    main(sys.argv[1:])
