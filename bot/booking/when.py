"""An exact day and/or clock time named by a visitor: "thursday at 18:30", "tmrw 10am", "Thurs 6.30pm",
"next monday at 11", "Saturday 10:00", "on the 14th at half past 2".

Resolved against the studio's local date. dateparser (in the lock) was tried first, but it reads
"next monday at 11" as the 11th, "thursday at 6" as the 6th and "sat 10" as the 10th, ignores "tmrw"
and does not read "6.30pm"; this small reader follows the conventions of a studio's chat instead:

* a clock without am/pm from 1 to 7 is in the afternoon ("at 6" is 18:00), 8 to 12 as said;
* a weekday is the next one after today ("thursday" said on a Thursday is next week's);
  "this thursday" may be today; "next thursday" is the Thursday of next week;
* "the 14th" is this month's, or next month's once it has passed; "14 Dec" and "14/12" (day first)
  are this year's, or next year's once passed;
* times after "after", "before", "from", "until", "between" are ranges (see ``preference``), not exact.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Optional
from zoneinfo import ZoneInfo

WEEKDAY_PATTERNS = (r"mon(?:day)?", r"tue(?:s|sday)?", r"wed(?:s|nesday)?", r"thu(?:r|rs|rsday)?",
                    r"fri(?:day)?", r"sat(?:urday)?(?! down)",
                    r"(?<!the )(?<!in )sun(?:day)?(?!\s*(?:cream|exposure|bed|burn|light|screen|block|tan|protection))")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_HOUR = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_MERIDIEM = r"(a\.?m\.?|p\.?m\.?)"
#: words after a number that make it something other than a clock time
_NOT_CLOCK = (r"(?!\s*(?:st|nd|rd|th|%|/|-\d|min|mins|minutes?|hours?|hrs?|h\b|days?|weeks?|wks?|months?|years?|yrs?|"
              r"y/?o|people|sessions?|times?|" + _MONTH + r"))")
#: words before a clock time that make it a range, read by ``preference``
_RANGE_CUE = re.compile(r"(?:\b(?:after|before|from|until|till|til|by|between|not|than)|"
                        r"\d\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:and|or|to|-|–))\s*$")   # "move it to 11:30" is no range
#: a time that starts a range ("football is 12.30 till 2"): when they are busy, not a time asked for
_RANGE_AFTER = re.compile(r"^\s*(?:am|pm)?\s*(?:till|until|til|to|-|–)\s*\d")
#: "I finish at half 6 on thursdays, so like 7": when they are busy until, not the time they ask for
_BUSY_UNTIL = re.compile(r"\b(?:finish|finishes|finished|get off|off|done|leave|leaves|out|work|working)(?: work| of work)?"
                         r"(?: at)?\s*$")
TOMORROW = r"(?:tomorrow|tmrw|tmrow|tmw|tmr|tomoz|tomorow|tommorow|tommorrow|2moro|2morrow|2mrw)"
_TODAY = r"(?:today|tonight|this (?:morning|afternoon|evening))"
_RELATIVE = re.compile(rf"\b(?:(?:the )?day after {TOMORROW}|{TOMORROW}|{_TODAY})\b")


@dataclass(frozen=True)
class ExactTime:
    """A day and/or a clock time; either may be unknown."""

    day: Optional[date] = None
    at: Optional[time] = None

    def __bool__(self) -> bool:
        return self.day is not None or self.at is not None

    @property
    def complete(self) -> bool:
        """Both a day and a time: something that can be booked as it is."""
        return self.day is not None and self.at is not None

    def local(self, zone: ZoneInfo) -> datetime:
        """The studio-local start (only when ``complete``)."""
        assert self.day is not None and self.at is not None
        return datetime.combine(self.day, self.at, zone)


def _normalise(text: str) -> str:
    lowered = text.lower().replace("’", "'").replace("\u2009", " ")
    lowered = re.sub(r"<[^>]*>", " ", lowered)
    return re.sub(r"\s+", " ", lowered).strip()


def _hour(word: str) -> int:
    return _NUMBER_WORDS[word] if word in _NUMBER_WORDS else int(word)


def _to_time(hour: int, minute: int, meridiem: str) -> Optional[time]:
    if meridiem:                                   # "6pm", "12am": the hour said is 1 to 12
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.replace(".", "") == "pm" else 0)
    elif 1 <= hour <= 7:                           # "at 6" at a studio is 18:00
        hour += 12
    return time(hour, minute) if 0 <= hour < 24 and 0 <= minute < 60 else None


#: (pattern, how to read its groups) in order; each match is blanked out so a later pattern cannot reuse it
_CLOCKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(noon|midday|12 noon)\b"), "noon"),
    (re.compile(rf"\b(half|quarter) (past|after|to) {_HOUR}\b(?:\s*{_MERIDIEM})?"), "words"),
    (re.compile(rf"\b(half) (){_HOUR}\b(?!\s*(?:an? |hour|day|week|month|year))(?:\s*{_MERIDIEM})?"),
     "words"),
    (re.compile(rf"(?<![\d.:/£$€])(\d{{1,2}})[:.h](\d{{2}})(?!\d|[./]\d)\s*{_MERIDIEM}?(?![a-z])"), "hm"),
    (re.compile(rf"(?<![\d.:/£$€])\b{_HOUR}\s*{_MERIDIEM}(?![a-z])"), "h_meridiem"),
    (re.compile(rf"\b{_HOUR}\s*o'?\s?clock\b"), "h"),
    (re.compile(rf"\b(?:at|@|for|around|about|say|like|maybe)\s+{_HOUR}\b{_NOT_CLOCK}(?!\s*[:.]\d)"), "at"),
)


def _blank(text: str, match: re.Match[str]) -> str:
    return text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]


def read_clock(text: str) -> Optional[time]:
    """The one exact clock time in ``text``, or None (none, a range, or two different times)."""
    lowered = _normalise(text)
    found: set[time] = set()
    for pattern, kind in _CLOCKS:
        for match in list(pattern.finditer(lowered)):
            before = lowered[:match.start()]
            is_range = (kind != "at" and _RANGE_CUE.search(before) is not None) \
                or _BUSY_UNTIL.search(before + (match.group(0).split()[0] if kind == "at" else "")) is not None \
                or _RANGE_AFTER.match(lowered[match.end():]) is not None
            clock = None if is_range else _read(kind, match.groups())
            if clock is not None:
                found.add(clock)
            lowered = _blank(lowered, match)
    bare = _bare_after_day(lowered)
    if bare is not None:
        found.add(bare)
    return found.pop() if len(found) == 1 else None


def _read(kind: str, groups: tuple[Optional[str], ...]) -> Optional[time]:
    if kind == "noon":
        return time(12, 0)
    if kind == "words":                 # "half past 6", "quarter to 11", "half 6" (British: 6:30)
        amount, direction, hour, meridiem = groups
        base = _hour(str(hour))
        minutes = 30 if amount == "half" else 15
        if direction == "to":
            base, minutes = base - 1, 45
        return _to_time(base if base > 0 else 12, minutes, meridiem or "")
    if kind == "hm":
        hour, minute, meridiem = groups
        return _to_time(int(str(hour)), int(str(minute)), meridiem or "")
    if kind == "h_meridiem":
        hour, meridiem = groups
        return _to_time(_hour(str(hour)), 0, meridiem or "")
    return _to_time(_hour(str(groups[0])), 0, "")


def _bare_after_day(lowered: str) -> Optional[time]:
    """"saturday 10", "tmrw 11": a bare hour right after a day is a clock time."""
    days = "|".join(WEEKDAY_PATTERNS)
    match = re.search(rf"\b(?:{days}|{TOMORROW}|today)\s+(\d{{1,2}})\b{_NOT_CLOCK}(?!\s*[:.]\d)", lowered) or \
        re.search(rf"^\W*(?:(?:go on then|ok|okay|yes|yeah|how about|what about|can i do|make it)\W+)?(\d{{1,2}})\s+(?:on|this|next)\s+"
                  rf"(?:(?:this|next)\s+)?(?:{days}|{TOMORROW})\b", lowered) or \
        re.search(r"^\W*(?:(?:oh|ok|okay|ok then|yes|yeah|fine|alright|right|go on)\W+)*(?:at\s+)?(\d{1,2})\s+"
                  r"(?:then|it is|please|pls|o'?clock|works|is fine|would work)\b", lowered)   # "oh ok 5 then": 17:00
    return _to_time(int(match.group(1)), 0, "") if match else None


def _weekday_day(lowered: str, today: date) -> Optional[date]:
    found: set[date] = set()
    for index, pattern in enumerate(WEEKDAY_PATTERNS):
        for match in re.finditer(rf"\b(?:(this|next|coming|this coming)\s+)?{pattern}\b(?!s\b|'s\b)", lowered):
            ahead = (index - today.weekday()) % 7      # "this thursday" may be today
            which = match.group(1)
            if re.match(r"\s+week\b", lowered[match.end():]) or re.search(r"\ba week (?:on|from|this|next)\s+$",
                                                                            lowered[:match.start()]):
                found.add(today + timedelta(days=(ahead or 7) + 7))     # "Saturday week", "a week on Monday"
                continue
            if which is None and re.search(r"^[^.?!]{0,15}\bnext week\b", lowered[match.end():]):
                which = "next"                          # "Saturday 10:00 next week": the one of next week
            if which == "next":
                ahead = ahead or 7
                if ahead < 7 - today.weekday():          # still this week: "next" means next week's
                    ahead += 7
            elif which is None:
                ahead = ahead or 7                      # a bare weekday is never today
            found.add(today + timedelta(days=ahead))
    return found.pop() if len(found) == 1 else None


def _month_number(word: str) -> int:
    return _MONTHS.index(word[:3]) + 1


def _in_future(year: int, month: int, day: int, today: date) -> Optional[date]:
    for candidate_year in (year, year + 1):
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            return None
        if candidate >= today:
            return candidate
    return None


def _calendar_day(lowered: str, today: date) -> Optional[date]:
    """"14 dec", "december 14th", "14/12", "the 14th"."""
    match = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?: of)? {_MONTH}\b", lowered) \
        or re.search(rf"\b{_MONTH} (?:the )?(\d{{1,2}})(?:st|nd|rd|th)?\b", lowered)
    if match:
        first, second = match.groups()
        day, month = (first, second) if first.isdigit() else (second, first)
        return _in_future(today.year, _month_number(month), int(day), today)
    match = re.search(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b", lowered)
    if match:
        day, month, year = match.groups()
        if year:
            full = int(year) + (2000 if len(year) == 2 else 0)
            try:
                return date(full, int(month), int(day))
            except ValueError:
                return None
        return _in_future(today.year, int(month), int(day), today)
    match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:one|option|time|slot|choice|session|treatment))",
                      lowered)
    if match:
        day = int(match.group(1))
        for months_ahead in range(0, 3):
            month = (today.month - 1 + months_ahead) % 12 + 1
            year = today.year + (today.month - 1 + months_ahead) // 12
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if candidate >= today:
                return candidate
    return None


def read_day(text: str, today: date) -> Optional[date]:
    """The one day named in ``text`` ("tmrw", "next monday", "the 14th", "14 Dec"), or None."""
    lowered = _normalise(text)
    relative = _RELATIVE.search(lowered)
    named: Optional[date] = None
    if relative:
        said = relative.group(0)
        named = today + timedelta(days=2 if "day after" in said else 1 if re.fullmatch(TOMORROW, said) else 0)
    calendar = _calendar_day(lowered, today)
    weekday = _weekday_day(lowered, today)
    days = {d for d in (named, calendar) if d is not None}
    if len(days) > 1:
        return None
    day = days.pop() if days else None
    if weekday is not None:
        if day is None:
            return weekday
        if day.weekday() != weekday.weekday():      # "Thursday the 15th" when the 15th is a Friday
            return None
    return day


#: when they are busy ("I work Monday to Friday until 17:00", "im at uni mon-thurs"): days and hours they cannot come
_BUSY = re.compile(r"(?:\b(?:i|i'?m|im|i am|i'?ve got|ive got|i have)\s+(?:(?:usually|always|normally|only)\s+)?"
                   r"(?:work\w*|at work|busy|on (?:\S+ )?shifts?|on (?:nights|days|lates|earlies)|in school|at school|"
                   r"at uni|in uni|in college|at college)\b|\b(?:no childcare|no one to (?:mind|watch|have) (?:the )?kids|"
                   r"(?:i )?(?:can'?t|cannot) do|not free|(?:i'?m )?busy)\b)"
                   r"[^.?!,;]*?(?=\bso\b|\bbut\b|\band (?:can|could|would|is|are)\b|[.?!,;]|$)", re.IGNORECASE)


def without_busy(text: str) -> str:
    """``text`` without the days and hours they say they are busy ("I work Monday to Friday until 17:00, so
    Saturday at 11?" asks for Saturday at 11)."""
    return _BUSY.sub(" ", text)


def read_exact(text: str, today: date) -> ExactTime:
    """The day and clock time named in ``text``, as far as they are named exactly (busy days left out)."""
    text = without_busy(text)
    return ExactTime(read_day(text, today), read_clock(text))
