"""A visitor's wish for when to come ("next Tuesday afternoon", "Saturday morning", "after 2pm").

Read from what they type when they ask to book or while choosing a time, and
used to filter the free times before they are shown. An exact day and time
("thursday at 18:30") is booked as it is (see ``when`` and ``exact``); a day or
a clock time alone ("tmrw", "on the 14th", "at 10am") filters like a range.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Optional

from bot.booking.when import TOMORROW, read_clock, read_day, without_busy

_DAY_PATTERNS = (r"mon(?:day)?s?", r"tue(?:s|sday)?s?", r"wed(?:s|nesday)?s?", r"thu(?:r|rs|rsday)?s?",
                 r"fri(?:day)?s?", r"sat(?:urday)?s?", r"sun(?:day)?s?")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_COUNTS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_N = rf"\d{{1,2}}|{'|'.join(_COUNTS)}"
#: a time from now ("in 6 weeks", "like 7 weeks from now"); "away for 6 weeks" is how long, not when
_AHEAD = re.compile(rf"\bin\s+(?:about\s+|around\s+)?({_N})\s+(weeks?|months?)\b|\b({_N})\s+(weeks?|months?)\s+"
                    r"(?:from now|from today|ahead|time)\b")
_PARTS = {"morning": (None, time(12)), "lunchtime": (time(12), time(14)), "lunch time": (time(12), time(14)),
          "lunch": (time(12), time(14)), "afternoon": (time(12), time(17)),
          "evening": (time(17), None), "after work": (time(17), None)}


#: a span of hours ("around 12-1", "between 2 and 4pm"), not a date ("12/1") nor a count ("2-3 sessions")
_SPAN = re.compile(r"\b(?:around|about|between|from|roughly|say)\s+(\d{1,2})(?:[:.](\d{2}))?\s*(?:-|–|to|and|till|til|until)\s*"
                   r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\b(?!\s*(?:sessions?|weeks?|months?|years?|days?|times?))")


@dataclass(frozen=True)
class TimePreference:
    weekdays: frozenset[int] = field(default_factory=frozenset)
    earliest: Optional[time] = None         # start no earlier than
    latest: Optional[time] = None           # start before
    from_day: Optional[date] = None         # on or after this day
    words: tuple[str, ...] = ()             # how to say it back ("Tuesday", "afternoon")
    on_day: Optional[date] = None           # this day only ("tomorrow", "on the 14th")
    at: Optional[time] = None               # this clock time only ("at 10am")

    def __bool__(self) -> bool:
        return bool(self.weekdays or self.earliest or self.latest or self.from_day or self.on_day or self.at)

    def matches(self, local: datetime) -> bool:
        """Whether a start time (in the studio's time zone) fits the wish."""
        if self.on_day and local.date() != self.on_day:
            return False
        if self.at and (local.hour, local.minute) != (self.at.hour, self.at.minute):
            return False
        if self.weekdays and local.weekday() not in self.weekdays:
            return False
        if self.earliest and local.time() < self.earliest:
            return False
        if self.latest and local.time() >= self.latest:
            return False
        return not (self.from_day and local.date() < self.from_day)

    def looked_for(self) -> str:
        """What was looked for, as a phrase after "I've looked for": "times at 13:00", "Thursday evenings"."""
        said = self.describe()
        return f"times {said}" if re.match(r"(?:at|after|before|around|from|by|until|till)\b", said) else said

    def describe(self) -> str:
        said = " ".join(self.words).replace(" ,", ",").lstrip(", ")
        return f"{said}s" if said in ("weekend", "weekday") else said


def _clock(hour: str, minute: str, meridiem: str) -> Optional[time]:
    h, m = int(hour), int(minute or 0)
    if meridiem == "pm" and h < 12:
        h += 12
    elif not meridiem and 1 <= h <= 7:     # "after 2" at a studio means 14:00
        h += 12
    return time(h, m) if 0 <= h < 24 and 0 <= m < 60 else None


def _day_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


#: the new time of a booking being moved: only what follows "move it to" is the wish
_MOVED_TO = re.compile(r"\b(?:move|change|swap|switch|push|bring)\s+(?:it|this|that|my \w+|the \w+)?\s*"
                       r"(?:back |forward |over )?to\b(.+)", re.IGNORECASE)


#: a month said of what happened ("finished chemo in May", "the newest is from Jan 2025"): no wish for a time
_PAST_MONTH = re.compile(r"\b(?:finished|ended|stopped|was|were|had|did|got|started|diagnosed|happened|newest|latest|"
                         r"last one|since|ago|born|done|op|operation|surgery)\b[^.?!;,]*$")
_DATED_PAST = re.compile(r"\s*(?:(?:19|20)\d{2}|(?:of )?last year|(?:of )?this year)\b")


#: a time turned down ("6 instead of half 5", "not 10"): no wish
_TIME_TURNED_DOWN = re.compile(r"\b(?:instead of|rather than|not)\s+(?:at\s+)?(?:half (?:past )?\d{1,2}|\d{1,2}(?:[:.]\d{2})?\s*"
                               r"(?:am|pm)?)(?!\s*(?:days?|weeks?|months?|years?))", re.IGNORECASE)


#: an hour said alone as the time wanted ("move it to 6", "no 6 is better", "6 instead"), read as "at 6"
_BARE_HOUR = re.compile(r"(?:(?<=\bto )|(?<=\bno )|(?<=\bno, )|(?<=^))(1[0-2]|[1-9])(?=\s+(?:is better|instead|would be better|"
                        r"works better|please|pls|then)\b|\s*$|\s+instead of\b)", re.IGNORECASE)


def read_preference(text: str, today: date) -> TimePreference:
    """What the visitor asked for; an empty (falsy) preference when they named no day or time."""
    moved = _MOVED_TO.search(text)
    if moved and read_preference(moved.group(1), today):
        text = moved.group(1)                   # "Thursday is parents' evening, can we move it to Wednesday, half eleven?"
    lowered = re.sub(r"\s+", " ", text.lower().replace(".", ":"))
    lowered = without_busy(lowered)             # "I work Monday to Friday until 17:00, so Saturday?": Saturday
    # "Wednesday, but not next week, the week after": from the week after next
    lowered = re.sub(r"\b(?:not|can'?t do|cannot do|can'?t make) next week\b(?:\W+(?:but\s+)?the (?:week|one) after\b(?! next))?",
                     "the week after next", lowered)
    # "not tuesday, wednesday 11:30 instead", "can't do mondays": a day turned down is no wish
    turned_down = re.compile(rf"\b(?:not|no|never|can'?t do|cannot do|instead of|rather than|except|apart from|but not)\s+"
                             rf"(?:on\s+|a\s+|the\s+)?({'|'.join(_DAY_PATTERNS)})\b")
    excluded = {i for said in turned_down.findall(lowered) for i, pattern in enumerate(_DAY_PATTERNS)
                if re.fullmatch(pattern, said)}
    lowered = turned_down.sub(" ", lowered)
    # "can u move it to 6 instead of half 5": the time turned down is no wish either
    lowered = _TIME_TURNED_DOWN.sub(" ", lowered)
    words: list[str] = []
    weekdays = {i for i, pattern in enumerate(_DAY_PATTERNS) if re.search(rf"\b{pattern}\b", lowered)}
    if excluded and not weekdays:           # "not the Monday, I have physio": any other open day
        weekdays = {0, 1, 2, 3, 4, 5} - excluded
    if "weekend" in lowered:
        weekdays |= {5, 6}
    elif re.search(r"\bweekdays?\b|\bduring the week\b", lowered):
        weekdays |= {0, 1, 2, 3, 4}
    if weekdays and not excluded:
        words.append(" or ".join(_DAY_NAMES[i] for i in sorted(weekdays)) if len(weekdays) < 5
                     else ("weekend" if weekdays == {5, 6} else "weekday"))
    earliest = latest = None
    for part, (start, end) in _PARTS.items():
        if re.search(rf"\b{part}s?\b", lowered):
            earliest, latest = start, end
            words.append(f"{part}s" if part != "after work" else part)
            break
    # "after half 5", "from half past five": the half hour, as a figure (British "half 5" is 5:30)
    lowered = re.sub(rf"\b(after|from|not before|later than)\s+half(?: past)?\s+"
                     rf"(\d{{1,2}}|{'|'.join(_COUNTS)})\b",
                     lambda m: f"{m.group(1)} {m.group(2) if m.group(2).isdigit() else _COUNTS.index(m.group(2)) + 1}:30",
                     lowered)
    # "after six", "before eleven": hours in words read as figures
    lowered = re.sub(rf"\b(after|from|not before|later than|before|by|until|no later than)\s+({'|'.join(_COUNTS)})\b",
                     lambda m: f"{m.group(1)} {_COUNTS.index(m.group(2)) + 1}", lowered)
    after = re.search(r"\b(?:after|from|not before|later than)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b", lowered)
    before = re.search(r"\b(?:before|by|until|no later than)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b", lowered)
    span = _SPAN.search(lowered) if not (after or before) else None
    if span and (start := _clock(span.group(1), span.group(2) or "", span.group(5) or "")) \
            and (end := _clock(span.group(3), span.group(4) or "", span.group(5) or "")) and start < end:
        earliest, latest = start, end           # "whats there wed around 12-1": from 12:00 to 13:00
        words.append(f"between {start:%H:%M} and {end:%H:%M}")
    if after and (clock := _clock(*after.groups(default=""))):
        earliest = clock
        words.append(f"from {clock:%H:%M}")
    if before and (clock := _clock(*before.groups(default=""))):
        latest = clock
        words.append(f"before {clock:%H:%M}")
    from_day: Optional[date] = None
    on_day: Optional[date] = None
    at: Optional[time] = None
    if ahead := _AHEAD.search(lowered):                   # "in 6 weeks", "like 7 weeks from now", "in two months"
        said, unit = [g for g in ahead.groups() if g]
        count = int(said) if said.isdigit() else _COUNTS.index(said) + 1
        from_day = today + timedelta(days=count * (30 if unit.startswith("month") else 7))
        words.insert(0, f"{count} {unit} from now")
    elif re.search(rf"\b{TOMORROW}\b", lowered):
        from_day = on_day = read_day(text, today) or today + timedelta(days=1)
        weekdays = {from_day.weekday()}
        words.insert(0, "tomorrow" if on_day == today + timedelta(days=1) else _day_words(on_day))
    elif len(weekdays) == 1 and (dated := read_day(re.sub(rf"\b(?:{'|'.join(_DAY_PATTERNS)})\b", " ", lowered), today)) \
            is not None and dated.weekday() in weekdays and dated > today:
        on_day = from_day = dated               # "saturday the 19th": that Saturday, not the next one
        words.insert(0, _day_words(on_day))
        words = [w for w in words if w != _DAY_NAMES[dated.weekday()]]
    elif len(weekdays) == 1 and re.search(rf"\b(?:{'|'.join(_DAY_PATTERNS)}) week\b|\ba week (?:on|from|this|next) "
                                           rf"(?:{'|'.join(_DAY_PATTERNS)})\b|\b(?:{'|'.join(_DAY_PATTERNS)}) after next\b",
                                           lowered):
        # "Saturday week", "a week on Monday" (British): that day in the week after the coming one
        [weekday_asked] = weekdays
        on_day = from_day = today + timedelta(days=(weekday_asked - today.weekday() - 1) % 7 + 1 + 7)
        words.insert(0, _day_words(on_day))
        words = [w for w in words if w != _DAY_NAMES[weekday_asked]]
    elif re.search(r"\b(?:the )?week after next\b", lowered):
        from_day = today + timedelta(days=14 - today.weekday())
        words.insert(0, "the week after next")
    elif re.search(r"\bnext week\b", lowered):
        from_day = today + timedelta(days=7 - today.weekday())
        words.insert(0, "next week")
    else:
        month = next((m for m in re.finditer(rf"\b(?:in|from|after|for|like)\s+({'|'.join(_MONTHS)})[a-z]*\b", lowered)
                      if not _PAST_MONTH.search(lowered[max(0, m.start() - 60):m.start()])
                      and not _DATED_PAST.match(lowered[m.end():])), None)
        if month and re.search(r"\b(?:before|until|till|by|due|arriv\w*|born|birth|baby|wedding)\b[^.?!]{0,30}$",
                               lowered[:month.start()]):
            month = None                        # "before this one arrives in March": a deadline, not a wish
        if month:
            number = _MONTHS.index(month.group(1)) + 1
            year = today.year + (1 if number < today.month else 0)
            from_day = date(year, number, 1)
            words.insert(0, f"from {from_day:%B}")
        elif not weekdays and (on_day := read_day(lowered, today)) is not None:     # "today", "on the 14th"
            words.insert(0, "today" if on_day == today else _day_words(on_day))
    said = _BARE_HOUR.sub(r"at \1", _TIME_TURNED_DOWN.sub(" ", text))   # "move it to 6", "no 6 is better": at 6
    if earliest is None and latest is None and (at := read_clock(said)) is not None:
        words.append(f"at {at:%H:%M}")
    if excluded:
        words.append(", not " + " or ".join(_DAY_NAMES[i] for i in sorted(excluded)))
    return TimePreference(frozenset(weekdays), earliest, latest, from_day, tuple(words), on_day, at)


#: the consultation by video ("by video please", "a video call", "I can't come to Brighton")…
_BY_VIDEO = re.compile(r"\b(?:by|on|over|via|through|do it on|a|the|as a)\s+(?:a\s+)?(?:video|zoom|facetime|teams|skype|whats ?app "
                       r"video)\b|\bvideo[\s-]?(?:call|consult\w*|chat|appointment|meeting|link)\b|\bonline consult\w*|"
                       r"\bremote(?:ly)? consult\w*|\bvirtual(?:ly)?\b|\bvideo\b(?=[^.?!]{0,20}\b(?:please|instead|yes|ok|fine|"
                       r"must|if possible|would be)\b)|\b(?:can'?t|cannot|won'?t be able to|not able to|unable to) "
                       r"(?:come|get|travel|make it) (?:in|down|over|to (?:brighton|the studio|you))\b", re.IGNORECASE)
#: …or in person ("I'll come in", "at the studio is fine")
_IN_PERSON = re.compile(r"\bin person\b|\bface to face\b|\b(?:i'?ll|i will|happy to|can) come (?:in|down|to the studio)\b|"
                        r"\bat the studio\b", re.IGNORECASE)
_NOT_VIDEO = re.compile(r"\b(?:not|no|rather not|don'?t want (?:a|to do it (?:by|on)))\s+(?:by |on |a |over )?video\b",
                        re.IGNORECASE)


def consultation_format(text: str) -> Optional[str]:
    """"video" or "in person" when the message says how they want to meet; a question about it wishes nothing."""
    text = text or ""
    if _NOT_VIDEO.search(text):
        return "in person"
    if re.search(r"^\W*(?:(?:and|so|also|but)\s+)?(?:can|could|is|does|do)\b[^.!]*\?\s*$", text, re.IGNORECASE) \
            and not re.search(r"\b(?:please|i'?d like|i want|i would like|prefer|book\w*|reserve|put me down)\b", text,
                              re.IGNORECASE):
        return None                             # "can the consultation be by video?" asks, it chooses nothing yet
    if _BY_VIDEO.search(text):
        return "video"
    if _IN_PERSON.search(text):
        return "in person"
    return None
