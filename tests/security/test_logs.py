"""Finding 7 (logs) and the data files: no visitor text in any log line, owner-only files.

The filter is checked record by record, then a whole intake — an email, a
phone number, a medicine, a message starting with "/" — is driven through a
stack of its own whose logs are captured from the start, and none of the
answers may appear in them. The same stack's data files must be owner-only.
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import sys
from pathlib import Path
from typing import Iterator

import pytest

from bot.hardening.logs import REDACTED, VisitorTextFilter, redact_text, safe_traceback
from bot.launcher.stack import Ports, Stack
from bot.store.db import create_sync_engine_for
from bot.store.migrate import upgrade
from tests.conversation.intake_helpers import HEALTHY, asked_slot, run_intake
from tests.harness import Assistant, ensure_model, free_port

SECRET = "zelda.q7x@example.org"


def filtered(name: str, msg: str, *args: object, level: int = logging.INFO, exc_info: object = None) -> str:
    record = logging.LogRecord(name, level, __file__, 1, msg, args, exc_info)  # type: ignore[arg-type]
    assert VisitorTextFilter().filter(record)
    return logging.Formatter("%(message)s").format(record)


# --- the filter, record by record -----------------------------------------------------------------------------

def test_rasa_intent_syntax_warning_is_replaced() -> None:
    line = filtered("py.warnings", "%s", f"/x/shared/utils/io.py:100: UserWarning: Failed to parse arguments in "
                    f"line '/apixaban {SECRET}'. Expected the intent to be one of [...] but found apixaban.")
    assert "apixaban" not in line and SECRET not in line and "intent syntax" in line


def test_quoted_values_and_string_arguments_of_other_libraries_are_redacted() -> None:
    assert filtered("rasa.core.processor", f"Received user message '{SECRET}' with intent 'x'") == \
        f"Received user message '{REDACTED}' with intent '{REDACTED}'"
    assert SECRET not in filtered("rasa.core.processor", "Circuit breaker tripped for sender '+44 7700 900461'.")
    assert filtered("engineio.server", "%s: Received packet %s data %s", "sid", "MESSAGE", SECRET) == \
        f"{REDACTED}: Received packet {REDACTED} data {REDACTED}"
    assert "don't take it" not in filtered("rasa.x", "Received user message 'I don't take it' now")
    assert filtered("rasa.core.actions", "Failed to run custom action 'action_submit_intake' (%d)", 3) == \
        "Failed to run custom action 'action_submit_intake' (3)"              # domain names and numbers stay


def test_structured_records_keep_only_their_event() -> None:
    line = filtered("rasa.core.channels.rest", json.dumps(
        {"text": SECRET, "user_text": "/apixaban", "event": "rest.message.received.failure", "level": "error",
         "exception": [{"exc_type": "ValueError", "exc_value": SECRET, "frames": [
             {"filename": "a.py", "lineno": 1, "name": "f", "locals": {"text": SECRET}}]}]}))
    fields = json.loads(line)
    assert fields["event"] == "rest.message.received.failure" and fields["text"] == REDACTED
    assert SECRET not in line and "apixaban" not in line and fields["exception"][0]["exc_type"] == "ValueError"


def test_tracebacks_keep_their_frames_not_their_messages() -> None:
    try:
        try:
            raise ValueError(SECRET)
        except ValueError as error:
            raise RuntimeError(f"while handling '{SECRET}'") from error
    except RuntimeError:
        exc_info = sys.exc_info()
    line = filtered("bot.channels.base", "rest: handling a message failed", exc_info=exc_info, level=logging.ERROR)
    assert SECRET not in line
    assert "ValueError: [redacted]" in line and "RuntimeError: [redacted]" in line
    assert "direct cause" in line and "test_logs.py" in line
    assert safe_traceback((None, None, None)) is None


def test_our_own_messages_are_kept() -> None:
    assert filtered("bot.channels.rest", "rest: refused a message of %d characters", 12) == \
        "rest: refused a message of 12 characters"
    assert redact_text("nothing quoted here") == "nothing quoted here"


# --- a whole intake through a stack whose logs are captured ---------------------------------------------------

@pytest.fixture(scope="module")
def logged_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """The real stack on fresh SQLite files, its processes' output in ``<workdir>/logs``."""
    model = ensure_model()
    workdir = tmp_path_factory.mktemp("logged-stack")
    database_url, tracker_url = f"sqlite:///{workdir / 'leads.db'}", f"sqlite:///{workdir / 'tracker.db'}"
    upgrade(database_url)                 # made by this process (umask 022): the launcher must tighten it
    env = {**os.environ, "DATABASE_URL": database_url, "TRACKER_STORE_URL": tracker_url, "VAR_DIR": str(workdir),
           "REST_CHANNEL_TOKEN": secrets.token_urlsafe(24)}
    env.pop("REDIS_URL", None)
    env.pop("ACTION_SERVER_TOKEN", None)
    stack = Stack(env=env, ports=Ports(free_port(), free_port(), free_port()), var_dir=workdir, model=model,
                  log_dir=workdir / "logs")
    stack.start()
    leads_db, tracker_db = create_sync_engine_for(database_url), create_sync_engine_for(tracker_url)
    try:
        stack.wait_ready(timeout=400)
        yield Assistant("sqlite", stack, database_url, tracker_url, leads_db, tracker_db)
    finally:
        stack.stop()
        leads_db.dispose()
        tracker_db.dispose()


ANSWERS = {**HEALTHY, "health_consent": "yes", "adult": "yes", "concern": "scar", "body_area": "left shin",
           "scar_cause": "injury", "onset_date": "about 3 years ago", "scar_settled": "yes", "keloid_history": "no",
           "anticoagulants": "yes, I take rivaroxaban every morning",
           "phototype": "I sometimes burn and tan gradually",
           "expectations": "I hope the pale line by my tattoo of a heron fades", "first_name": "Zelda",
           "email": SECRET, "phone": "07700 900461", "preferred_contact": "email", "summary_confirmed": "yes"}
SLASH_MESSAGE = "/apixaban@0.9 is what my cardiologist gave me, write to zelda.q7x@example.org"


def service_logs(assistant: Assistant) -> dict[str, str]:
    folder = assistant.stack.log_dir
    assert folder is not None
    return {p.name: p.read_text(errors="replace") for p in sorted(folder.glob("*.log"))}


@pytest.mark.conversation
def test_a_whole_intake_leaves_no_answer_in_the_logs(logged_stack: Assistant) -> None:
    chat = logged_stack.conversation()
    assert chat.say(SLASH_MESSAGE)                                       # Rasa's intent syntax, with data in it
    first = chat.say("I'd like to check if I'm a good candidate")
    assert asked_slot(first) == "health_consent"
    _, asked = run_intake(chat, first, ANSWERS)
    assert {"anticoagulants", "email", "phone", "expectations"} <= set(asked)
    lead = logged_stack.rows("SELECT email FROM leads WHERE conversation_id = :c", c=chat.sender_id)
    assert [row["email"] for row in lead] == [SECRET]                  # the intake really went through
    logs = service_logs(logged_stack)
    assert {"rasa.log", "actions.log"} <= set(logs) and "Rasa server is up and running" in logs["rasa.log"]
    assert "intent syntax" in logs["rasa.log"]             # Rasa's warning on the "/" message fired, without it
    markers = [SECRET, "zelda.q7x", "900461", "7700 900", "rivaroxaban", "apixaban@0.9", "cardiologist",
               "left shin", "heron", "Zelda", chat.sender_id, logged_stack.stack.env["ACTION_SERVER_TOKEN"],
               logged_stack.stack.env["REST_CHANNEL_TOKEN"]]
    found = {name: [m for m in markers if m in text] for name, text in logs.items()}
    assert not any(found.values()), found


@pytest.mark.conversation
def test_data_files_are_owner_only(logged_stack: Assistant) -> None:
    chat = logged_stack.conversation()
    run_intake(chat, chat.say("I'd like to check if I'm a good candidate"), ANSWERS, stop_at="body_area")
    workdir = logged_stack.stack.var_dir
    databases = sorted(p for p in workdir.iterdir() if ".db" in p.name)
    assert {"leads.db", "leads.db-wal", "tracker.db"} <= {p.name for p in databases}
    secrets_and_logs = [workdir / n for n in ("endpoints.yml", "credentials.yml", "action-server-token")]
    secrets_and_logs += list((workdir / "logs").iterdir())
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in databases + secrets_and_logs}
    assert set(modes.values()) == {"0o600"}, modes
    assert workdir.stat().st_mode & 0o777 == 0o700
    for service in logged_stack.stack.services:                        # what they create later is owner-only too
        status = Path(f"/proc/{service.process.pid}/status")           # type: ignore[union-attr]
        if status.exists():
            umask = next(line.split()[1] for line in status.read_text().splitlines() if line.startswith("Umask:"))
            assert umask == "0077", (service.name, umask)
