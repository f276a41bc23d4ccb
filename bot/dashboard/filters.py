"""The leads list's filters, read from (and written back to) the query string.

Only statuses, category names, dates and a search term travel in the URL;
the search term is never logged or written to the audit log.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Mapping, Optional
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from bot.dashboard.lead_state import SHOWN_STATUSES
from bot.store.models import LeadStatus, Readiness

PAGE_SIZE = 25
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)     # beyond: no day a lead can have, and overflows
STATUSES = [s.value for s in LeadStatus]             # the statuses a practitioner sets
READINESS = [r.value for r in Readiness]


def _pick(value: Optional[str], allowed: list[str]) -> str:
    return value if value in allowed else ""


def _name(value: Optional[str]) -> str:
    return value if value and _NAME.match(value) else ""


def _date(value: Optional[str]) -> Optional[date]:
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else None


def _page(value: Optional[str]) -> int:
    try:
        return max(1, min(int(value or 1), 100_000))
    except ValueError:
        return 1


@dataclass(frozen=True)
class LeadFilter:
    status: str = ""
    concern: str = ""
    readiness: str = ""
    channel: str = ""
    date_from: Optional[date] = None
    date_to: Optional[date] = None
    q: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> "LeadFilter":
        return cls(
            status=_pick(query.get("status"), SHOWN_STATUSES),
            concern=_name(query.get("concern")),
            readiness=_pick(query.get("readiness"), READINESS + ["none"]),
            channel=_name(query.get("channel")),
            date_from=_date(query.get("from")),
            date_to=_date(query.get("to")),
            q=_CONTROL.sub("", query.get("q") or "").strip()[:100],
            page=_page(query.get("page")),
        )

    def params(self, **changes: Any) -> dict[str, str]:
        """The filter as query parameters (empty ones left out), with ``changes`` applied."""
        f = replace(self, **changes)
        values = asdict(f)
        names = {"date_from": "from", "date_to": "to"}
        out = {}
        for key, value in values.items():
            if key == "page" and value == 1:
                continue
            if value not in ("", None):
                out[names.get(key, key)] = value.isoformat() if isinstance(value, date) else str(value)
        return out

    def query(self, **changes: Any) -> str:
        return urlencode(self.params(**changes))

    @property
    def active(self) -> bool:
        return bool(self.params(page=1))

    def describe(self) -> str:
        """For the audit log: the filters, but not the search term itself."""
        params = self.params(page=1)
        if "q" in params:
            params["q"] = "(search term)"
        return ", ".join(f"{k}={v}" for k, v in params.items()) or "all leads"

    def utc_range(self, tz: ZoneInfo) -> tuple[Optional[datetime], Optional[datetime]]:
        """The date range as [start, end) instants in UTC, days taken in the studio's time zone."""
        def at_midnight(day: date) -> datetime:
            return datetime.combine(day, time.min, tzinfo=tz).astimezone(timezone.utc)
        start = at_midnight(self.date_from) if self.date_from else None
        end = at_midnight(self.date_to + timedelta(days=1)) if self.date_to else None
        return start, end
