"""What the visitor saw when their message was a button's payload: the button's title.

A tapped button reaches Rasa as its payload (``/book_consultation``, or a
sentence such as "What is paramedical micropigmentation?"), and so does a
number typed on a messaging app ("2"). The transcript shows the title of the
button the assistant offered just before instead; the widget's own controls
and an intent payload that matches no offered button get a readable name.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, Optional

#: The widget's own controls (bot/widget/src/config.js): payload → the label the visitor tapped.
WIDGET_CONTROLS = {"/human_handoff": "Talk to a person", "/delete_my_data": "Delete my data"}
#: Payloads sent without the visitor seeing anything (the widget opening a chat).
SILENT = frozenset({"/greet", "/session_start"})
_INTENT = re.compile(r"^/([A-Za-z0-9_]+)")


def offered(buttons: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """payload → title of the buttons of a bot message (a button without a payload sends its title)."""
    found: dict[str, str] = {}
    for button in buttons:
        title = str(button.get("title") or "").strip()
        payload = str(button.get("payload") or title).strip()
        if title and payload:
            found.setdefault(payload.casefold(), title)
    return found


def is_payload(text: str) -> bool:
    return text.startswith("/")


def shown_as(text: str, choices: Mapping[str, str], earlier: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """The title to show for a visitor's message, or None when it was typed (shown as it is).

    ``choices`` are the buttons offered since the visitor's previous message (:func:`offered`);
    ``earlier`` those offered before (a button further up the chat can still be tapped), looked at
    only for intent payloads, which nobody types. A silent payload gives "" (leave the line out).
    """
    key = text.strip().casefold()
    if key in choices:
        return choices[key]
    if not is_payload(text.strip()):
        return None
    if earlier and key in earlier:
        return earlier[key]
    if key in SILENT:
        return ""
    if key in WIDGET_CONTROLS:
        return WIDGET_CONTROLS[key]
    match = _INTENT.match(text.strip())
    return match.group(1).replace("_", " ").capitalize() if match else None
