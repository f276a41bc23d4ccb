"""The essentials in Spanish (a studio language): which responses answer a Spanish message, and the
studio's figures worded in Spanish for them.

Only what a first message usually asks is answered here; the reply always ends by offering a
Spanish-speaking person, who answers the rest. The wording lives in the domain (``utter_es_*``).
"""
from __future__ import annotations

import re
from typing import Any

from bot.understanding.spanish import SpanishReading

PRICED = ("scar", "stretch_marks", "scalp", "vitiligo", "areola")
#: English price phrases in studio.yml and their Spanish wording (anything else stays as written)
_PHRASES = ((r"\bfrom\b", "desde"), (r"\bper session\b", "por sesión"), (r"\busually\b", "normalmente"),
            (r"\bsessions\b", "sesiones"), (r"\bfor one side\b", "un lado"), (r"\bfor both\b", "los dos lados"),
            (r"\btouch-up session included\b", "sesión de retoque incluida"), (r"\bfree\b", "gratuita"),
            (r"\babout (\d+) minutes\b", r"unos \1 minutos"), (r"\bin person or by video\b",
                                                               "en persona o por videollamada"),
            (r"\bon request\b", "a consultar"))
_DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def in_spanish(text: str) -> str:
    for english, spanish in _PHRASES:
        text = re.sub(english, spanish, text, flags=re.IGNORECASE)
    return text


def spanish_values(values: dict[str, str], day_hours: dict[str, str]) -> dict[str, str]:
    """``es_price_*`` and ``es_hours`` for the Spanish responses."""
    out = {f"es_{k}": in_spanish(v) for k, v in values.items() if k.startswith("price_")}
    hours = [f"{_DAYS[i]} {h}" for i, h in enumerate(day_hours.values()) if h]
    closed = [_DAYS[i] for i, h in enumerate(day_hours.values()) if not h]
    out["es_hours"] = ", ".join(hours) + (f" (cerrado: {', '.join(closed)})" if closed else "")
    return out


def spanish_plan(es: SpanishReading, scar_min_months: int, minimum_age: int = 18,
                 burn_min_months: int = 18) -> list[tuple[str, dict[str, Any]]]:
    """The Spanish responses that answer ``es``, in order; empty when nothing is recognised."""
    if es.urgent:                               # bleeding that won't stop, pus, fever: a doctor now, nothing else
        return [("utter_es_urgent", {})]
    if "person" in es.topics:                   # "quiero hablar con Marta directamente": yes, a person, nothing else
        return [("utter_es_person", {})]
    if "not_offered" in es.topics and not es.concern:     # "¿hacéis microblading de cejas?": no, and what it does
        return [("utter_es_not_offered", {})]
    said: list[tuple[str, dict[str, Any]]] = []
    if es.afraid:
        said.append(("utter_es_ack_afraid", {}))
    if es.minor:                                # under age: the policy first, and no booking offered
        said.append(("utter_es_note_minor", {"minimum_age": minimum_age}))
    if es.concern and not any(t in ("works", "price", "sessions", "hair_growth", "permanence", "touch_up", "pain")
                              for t in es.topics) \
            and not es.minor:
        said.append((f"utter_es_works_{es.concern}", {}))     # "tengo vitíligo en las manos…": yes, first
    for topic in es.topics:
        if topic == "booking" and (es.minor or "change" in es.topics):
            continue                            # "tengo cita el jueves, ¿se podría cambiar?" changes one, books none
        if topic == "price":
            said.append((f"utter_es_price_{es.concern}" if es.concern in PRICED else "utter_es_price", {}))
        elif topic == "sessions" and es.concern == "scalp" and "price" in es.topics:
            continue                            # the scalp price already says "2-3 sesiones"
        elif topic == "sessions":
            said.append(("utter_es_sessions_scalp" if es.concern == "scalp" else "utter_es_sessions", {}))
        elif topic == "touch_up" and "permanence" in es.topics:
            continue                            # "¿cuánto dura? ¿hay que hacer retoques?": the answer on lasting says both
        elif topic == "works" and es.concern:
            said.append((f"utter_es_works_{es.concern}", {}))
        elif topic != "works":
            said.append((f"utter_es_{topic}", {}))
    if es.pregnant:
        said.append(("utter_es_note_pregnant", {}))
    elif es.breastfeeding:
        said.append(("utter_es_note_breastfeeding", {}))
    if es.concern == "stretch_marks" and es.still_red:
        said.append(("utter_es_note_young_stretch_marks", {}))
    elif es.concern == "scar" and es.burn and (es.still_red or (es.months_ago is not None
                                                            and es.months_ago < burn_min_months)):
        said.append(("utter_es_note_young_burn", {"months": burn_min_months}))
    elif es.concern == "scar" and (es.still_red or (es.months_ago is not None and es.months_ago < scar_min_months)):
        said.append(("utter_es_note_young_scar", {"months": scar_min_months}))
    first: dict[str, dict[str, Any]] = {}
    for r, v in said:
        first.setdefault(r, v)                  # the first of each reply, in order
    return list(first.items())
