"""Keep visitor text out of the logs: a filter on every handler of the Rasa and action servers.

What a visitor types can be a health detail, an email or a phone number, and a
log file is read by more people, and kept longer, than the databases. Rasa logs
it in several places: its intent-syntax warning quotes any message starting
with "/", a message that fails processing is logged with its text, and every
traceback carries the exception's message (a failed action call carries the
whole conversation). The filter rewrites each record before it is written:

* third-party records (not ``bot.*``): values in quotes, which is how Rasa
  interpolates data into a message, and string ``%s`` arguments are replaced
  by ``[redacted]``, except action and response names; messages known to carry
  unquoted visitor text are replaced as a whole;
* Rasa's structured (structlog, JSON) records keep only their event name and
  level; every other field is ``[redacted]`` (set ``FORCE_JSON_LOGGING=1``: the
  launcher does, so they are JSON even on a terminal);
* every traceback keeps its frames (code locations) but not the exceptions'
  messages.

Records of our own modules (``bot.*``) and of the migration tool keep their
message: our code logs labels, counts and exception types, never what a visitor said.

Wiring: ``rasa run --logging-config-file bot/hardening/rasa_logging.yml`` (the
launcher passes it) and :func:`configure_logging` in the action server.
"""
from __future__ import annotations

import json
import logging
import re
import traceback
from types import TracebackType
from typing import Any, Iterable, Optional, Type, Union

REDACTED = "[redacted]"
#: quoted values kept: names from the domain, which the operator needs to read an error
SAFE_VALUE = re.compile(r"(?:action|utter|validate)_[A-Za-z0-9_]{1,80}")
#: a value in single or double quotes, as Rasa writes interpolated data ('…' inside words is an apostrophe)
QUOTED = re.compile(r"(?<!\w)(['\"])(.*?)\1(?!\w)", re.DOTALL)
#: messages that carry visitor text without quotes: replaced as a whole
WHOLE_MESSAGE = (
    (re.compile(r"Failed to parse arguments in line"),
     "A message starting with '/' is not valid intent syntax; it is handled as text (not logged)."),
)
#: structured-log fields that never hold data
SAFE_FIELDS = frozenset({"event", "level", "event_key", "timestamp", "logger", "log_level"})
#: loggers whose messages are kept: ours, and the migration tool's (revision names only)
TRUSTED_LOGGERS = ("bot", "__main__", "alembic")
#: loggers of libraries that log SQL parameters (visitor data) at DEBUG
QUIET_LOGGERS = ("aiosqlite", "sqlalchemy.engine", "asyncpg", "psycopg")

CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"

ExcInfo = tuple[Optional[Type[BaseException]], Optional[BaseException], Optional[TracebackType]]


def redact_text(text: str) -> str:
    """``text`` without quoted values (domain names kept) or known visitor-text messages."""
    for pattern, replacement in WHOLE_MESSAGE:
        if pattern.search(text):
            return replacement

    def quoted(match: re.Match[str]) -> str:
        value = match.group(2)
        return match.group(0) if SAFE_VALUE.fullmatch(value) else f"{match.group(1)}{REDACTED}{match.group(1)}"

    return QUOTED.sub(quoted, text)


def _redact_arg(value: Any) -> Any:
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    if isinstance(value, str) and SAFE_VALUE.fullmatch(value):
        return value
    return REDACTED


def safe_traceback(exc_info: ExcInfo) -> Optional[str]:
    """The traceback as Python prints it, each exception's message replaced by ``[redacted]``."""
    value = exc_info[1]
    if value is None:
        return None
    chain: list[tuple[traceback.TracebackException, str]] = []
    current: Optional[traceback.TracebackException] = traceback.TracebackException(
        type(value), value, exc_info[2], limit=None, capture_locals=False)
    link = ""
    while current is not None and len(chain) < 20:
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, CONTEXT
        else:
            current = None
    parts: list[str] = []
    for index, (exception, _) in enumerate(reversed(chain)):
        if index:
            parts.append(chain[len(chain) - index][1])
        if exception.stack:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(exception.stack.format())
        exc_type = exception.exc_type
        name = getattr(exc_type, "__qualname__", "Exception")
        module = getattr(exc_type, "__module__", "builtins")
        parts.append(f"{name if module == 'builtins' else f'{module}.{name}'}: {REDACTED}\n")
    return "".join(parts).rstrip("\n")


def _safe_exception_dicts(value: Any) -> Any:
    """structlog's ``dict_tracebacks`` output with no exception values and no frame locals."""
    if not isinstance(value, list):
        return REDACTED
    safe = []
    for item in value:
        if not isinstance(item, dict):
            continue
        frames = [{k: f.get(k) for k in ("filename", "lineno", "name")}
                  for f in item.get("frames") or [] if isinstance(f, dict)]
        safe.append({"exc_type": item.get("exc_type"), "exc_value": REDACTED, "frames": frames})
    return safe


def redact_structured(message: str) -> Optional[str]:
    """A structlog JSON line with only its safe fields left; None when ``message`` is not one."""
    if not message.startswith("{") or '"event"' not in message:
        return None
    try:
        fields = json.loads(message)
    except ValueError:
        return None
    if not isinstance(fields, dict) or "event" not in fields:
        return None
    safe: dict[str, Any] = {}
    for key, value in fields.items():
        if key in SAFE_FIELDS:
            safe[key] = value
        elif key == "exception":
            safe[key] = _safe_exception_dicts(value)
        elif key == "event_info" and isinstance(value, str):
            safe[key] = redact_text(value)
        else:
            safe[key] = REDACTED
    return json.dumps(safe, ensure_ascii=False)


def _trusted(name: str) -> bool:
    return any(name == trusted or name.startswith(f"{trusted}.") for trusted in TRUSTED_LOGGERS)


def _message(record: logging.LogRecord) -> Optional[str]:
    """The redacted message of a third-party record (None: keep it as it is)."""
    msg, args = record.msg, record.args
    if record.name == "py.warnings" and isinstance(args, tuple) and len(args) == 1:
        return redact_text(str(args[0]))     # a formatted warning: the whole text is the argument
    if args:
        if isinstance(args, dict):
            args = {k: _redact_arg(v) for k, v in args.items()}
        else:
            args = tuple(_redact_arg(v) for v in args)
        try:
            text = str(msg) % args
        except (TypeError, ValueError, KeyError):
            text = f"{msg} {REDACTED}"
    else:
        text = str(msg)
    structured = redact_structured(text)
    return structured if structured is not None else redact_text(text)


def _malformed_packet(record: logging.LogRecord) -> str:
    """The error's name when engineio could not decode a client's packet (a fuzzer or a broken client), else ""."""
    kind = record.exc_info[0] if isinstance(record.exc_info, tuple) else None
    if record.name.startswith("engineio") and kind is not None \
            and issubclass(kind, (IndexError, ValueError, KeyError, TypeError, UnicodeError)):
        return kind.__name__
    return ""


class VisitorTextFilter(logging.Filter):
    """Rewrites each record so that no visitor text reaches a handler; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_visitor_text_redacted", False):
            return True
        structured = redact_structured(record.msg) if isinstance(record.msg, str) and not record.args else None
        if structured is not None:
            record.msg, record.args = structured, ()
        elif not _trusted(record.name):
            record.msg, record.args = _message(record), ()
        malformed = _malformed_packet(record)
        if malformed:
            # a client's broken socket.io packet ("Unknown receive error", IndexError inside engineio): the server
            # carries on, so one line says so; a traceback would read like a server fault
            record.msg, record.args = f"engineio: a malformed packet from a client was ignored ({malformed})", ()
            record.exc_info, record.exc_text = None, None
        elif record.exc_info and record.exc_info is not True:
            record.exc_text = safe_traceback(record.exc_info)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = REDACTED
        record._visitor_text_redacted = True
        return True


def rasa_filter() -> VisitorTextFilter:
    """The filter, for ``rasa run --logging-config-file`` (a ``()`` factory in rasa_logging.yml).

    It also routes Python warnings through logging: Rasa's intent-syntax warning quotes the
    visitor's message and would otherwise go straight to standard error.
    """
    logging.captureWarnings(True)
    return VisitorTextFilter()


def install(handlers: Iterable[logging.Handler]) -> None:
    """Put the filter on each handler (once)."""
    for handler in handlers:
        if not any(isinstance(f, VisitorTextFilter) for f in handler.filters):
            handler.addFilter(VisitorTextFilter())


def configure_logging(level: Union[str, int] = "INFO") -> None:
    """Logging of our own processes (the action server): one stream, filtered, warnings included."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install(logging.getLogger().handlers)
    logging.captureWarnings(True)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
