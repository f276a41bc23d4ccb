"""Understanding "when did it happen" answers: "8 months", "two years ago", "since March 2024"."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Optional

import dateparser
from dateparser.search import search_dates

from bot.understanding.facts import last_month_back

_SEASONS = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10, "winter": 1}
_FILLER = re.compile(r"\b(since|about|around|approximately|approx|roughly|almost|nearly|over|more than|less than|"
                     r"just|maybe|probably|i think|it was|it happened|in|on|at|back in|ago\?)\b", re.I)
_BARE_DURATION = re.compile(r"^\s*(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                            r"a few|few|several|couple of|a couple of)\s+(day|week|month|year)s?\s*$", re.I)
_WORD_NUMBERS = {"a couple of": "2", "couple of": "2", "a few": "3", "few": "3", "several": "4"}


def _season(text: str, today: date) -> Optional[date]:
    """The start of the season named: "last spring" in December is this year's (the spring just gone); said
    during that very season, it is the year before's."""
    match = re.search(r"\b(last|this|past)?\s*(spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?(\d{4}))?", text, re.I)
    if not match:
        return None
    month = _SEASONS[match.group(2).lower()]
    if match.group(3):
        candidate = date(int(match.group(3)), month, 1)
        return candidate if candidate <= today else None
    candidate = date(today.year, month, 1)
    in_it_now = month <= today.month <= month + 2
    if candidate > today or (in_it_now and (match.group(1) or "").lower() in ("last", "past")):
        candidate = date(today.year - 1, month, 1)
    if re.match(r"\s+before (?:last|the last one)\b", text[match.end():], re.IGNORECASE):
        candidate = date(candidate.year - 1, month, 1)     # "the spring before last": a year before the last one
    return candidate


_HALVES = re.compile(r"\b(\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+and\s+a\s+half\s+years?\b|"
                     r"\b(\d{1,2})[.,]5\s+years?\b")
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10}
#: a part of a year ("mid 2024", "the end of 2023") as a month
_PART_OF_YEAR = ((r"\b(?:mid|middle of|the middle of|mid-)\s*((?:19|20)\d\d)\b", "june"),
                 (r"\b(?:early|the start of|start of|beginning of|the beginning of)\s*((?:19|20)\d\d)\b", "february"),
                 (r"\b(?:late|the end of|end of)\s*((?:19|20)\d\d)\b", "november"))


def _halves(match: "re.Match[str]") -> str:
    years = int(match.group(2)) if match.group(2) else int(_COUNTS.get(match.group(1), 0) or match.group(1))
    return f"{years * 12 + 6} months"


def _normalise(text: str) -> str:
    text = text.strip().lower()
    text = re.sub(r"(\d)\s*\+\s*", r"\1 ", text)         # "10+ years": at least ten years, not a date in October
    text = _HALVES.sub(_halves, text)            # "two and a half years ago", "2.5 years ago": 30 months
    for pattern, month in _PART_OF_YEAR:
        text = re.sub(pattern, rf"{month} \1", text)
    text = re.sub(r"\ba year and a half\b|\bone and a half years?\b|\b1\.5 years?\b", "18 months", text)
    text = re.sub(r"\bhalf a year\b|\bsix months\b", "6 months", text)
    text = re.sub(r"\bhalf a year\b", "6 months", text)
    text = re.sub(r"[!?.,]+$", "", text)
    text = re.sub(r"\b(yrs?|yr)\b", "years", text)
    text = re.sub(r"\b(mos?|mths?|mnths?)\b", "months", text)
    text = re.sub(r"\b(wks?)\b", "weeks", text)
    for words, number in _WORD_NUMBERS.items():
        text = re.sub(rf"\b{words}\b(?=\s+(day|week|month|year)s?)", number, text)
    bare = _BARE_DURATION.match(text)
    if bare:
        number = _WORD_NUMBERS.get(bare.group(1).lower(), bare.group(1))
        text = f"{number} {bare.group(2)}s ago"
    return text


_MONTH_NAME = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE)


#: minutes and seconds date nothing a person is asked about ("give me a minute", "one sec", "hang on")
_A_MOMENT = re.compile(r"\b(?:a|one|few|couple of|\d+)\s+(?:min|mins|minute|minutes|sec|secs|second|seconds|moment)\b|"
                       r"\bhang on\b|\bhold on\b|\bbrb\b", re.IGNORECASE)


#: "…, not December", "not in 2024", "rather than March": a date the answer rules out
_DENIED_DATE = re.compile(r"(?:,\s*|\b)(?:not|rather than|instead of)\s+(?:in\s+|on\s+|the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
                          r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|(?:19|20)\d\d)\b(?:\s+(?:19|20)\d\d)?",
                          re.IGNORECASE)
_YEAR_ALONE = re.compile(r"\b((?:19|20)\d\d)\b")
#: two years as a span ("2024 to 2025", "2019-2020"): when it happened, by its end
_YEAR_SPAN = re.compile(r"\b(?:19|20)\d\d\s*(?:to|-|–|and|or|into)\s*((?:19|20)\d\d)\b", re.IGNORECASE)
#: a month with its year ("march 2025"): a date said in full, whatever else is said
_MONTH_YEAR = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:of\s+)?(?:19|20)\d\d\b",
                         re.IGNORECASE)
#: "now" beside a month named is the present of the telling, never the date
_NOW_WORDS = re.compile(r"\b(?:right now|just now|by now|now|nowadays|these days|currently|at the moment|today)\b",
                        re.IGNORECASE)
#: anything that says more than the year: a day, a season, a count of time, a numeric date
_OTHER_DATE_WORDS = re.compile(r"\b(?:spring|summer|autumn|fall|winter|christmas|easter|ago|days?|weeks?|months?|"
                               r"years?|yesterday|today|mid|middle|early|late|start|beginning|end)\b|\d{1,2}[/.-]\d",
                               re.IGNORECASE)


def _middle_of(year: int, today: date) -> Optional[date]:
    """A date for "in 2023" with no month said: the middle of that year (of its months so far, for this year)."""
    if year > today.year:
        return None
    if year < today.year:
        return date(year, 7, 1)
    return date(year, max(1, (today.month + 1) // 2), 1)


def parse_past_date(text: str, today: Optional[date] = None) -> Optional[date]:
    """The date a past event happened, or None when the text names no date.

    Dates in the future are refused (None): an onset cannot be ahead of us.
    """
    today = today or date.today()
    if _A_MOMENT.search(text or ""):
        return None                             # "give me a minute", "one sec": a pause, not a date
    text = _DENIED_DATE.sub(" ", text or "")    # "It was August 2023, not December": the date denied is no answer
    span = _YEAR_SPAN.search(text)
    if span and not _MONTH_YEAR.search(text):   # "came up 2024 to 2025… steady since march": the later year
        return _middle_of(int(span.group(1)), today)
    year = _YEAR_ALONE.search(text)
    if year and not _MONTH_NAME.search(text) and not _OTHER_DATE_WORDS.search(text):
        return _middle_of(int(year.group(1)), today)    # "a job in 2023": no month said, so none invented
    base = datetime(today.year, today.month, today.day)
    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base, "RETURN_AS_TIMEZONE_AWARE": False}
    season = _season(text, today)
    if season:
        return season
    if _MONTH_NAME.search(text):                # "14 august this year": the year of that month, not today
        text = _NOW_WORDS.sub(" ", text)        # "the end of may … so i remember now": May, not today
        text = re.sub(r"\b(?:of\s+)?this year\b", str(today.year), text, flags=re.IGNORECASE)
        text = re.sub(r"\b(?:of\s+)?last year\b", str(today.year - 1), text, flags=re.IGNORECASE)
        text = re.sub(r"\blast\s+((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*)\b(?!\s+\d)",
                      lambda m: f"{m.group(1)} {today.year - (1 if last_month_back(m.group(1), today) >= today.month else 0)}",
                      text, flags=re.IGNORECASE)
    cleaned = _normalise(text)
    for candidate in (cleaned, _FILLER.sub(" ", cleaned).strip()):
        if not candidate:
            continue
        parsed = dateparser.parse(candidate, languages=["en"], settings=settings)
        if parsed is None:
            found = search_dates(candidate, languages=["en"], settings=settings)
            parsed = found[-1][1] if found else None
        if parsed is not None:
            result = parsed.date()
            return result if result <= today else None
    return None


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
                          31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1])
    return date(year, month, day)


#: a date told in passing: "17 months old", "about two years", "March 2024", "last summer" (not "I'm 34 years old")
_TIME_PHRASE = re.compile(
    r"(?<!i'm )(?<!i am )(?<!im )(?<!aged )\b(?P<count>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|a couple of|a few)\s+(?P<unit>weeks?|months?|years?)\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d\b|"
    r"\b(?:19|20)\d\d\b|"
    r"\blast (?:year|summer|winter|spring|autumn|month)\b", re.I)
_FUTURE = re.compile(r"\b(in|within|after|next|another)\s+(?:like\s+|about\s+|around\s+|roughly\s+)?$")


#: a month dated by "this year" or "last year" ("finished in march this year"); "last march" alone is left to the
#: date reader, since people mean either the latest March or the one of last year
_MONTH_RELATIVE = re.compile(r"\b(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (?:of )?"
                             r"(?P<which>this|last) year\b", re.IGNORECASE)


def with_years(sentence: str, today: date) -> str:
    """"march this year" as "march 2026", "june last year" as "june 2025": months with their year."""
    return _MONTH_RELATIVE.sub(lambda m: f"{m.group('month').lower()} {today.year - (m.group('which').lower() == 'last')}",
                               sentence)


def date_in_passing(text: str, today: Optional[date] = None) -> Optional[date]:
    """When it happened, if a message about something else says so ("it's about 17 months old now")."""
    lowered = with_years(text, today or date.today()).lower()     # "born april last year": April of last year
    match = _TIME_PHRASE.search(lowered)
    if not match or (match["count"] and _FUTURE.search(lowered[:match.start()])):
        return None                             # "remind me in 6 months" is not when it happened
    phrase = f"{match['count']} {match['unit']} ago" if match["count"] else match.group(0)
    return parse_past_date(phrase, today or date.today())
