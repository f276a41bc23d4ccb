"""Where a visitor says they live ("68 year, Glasgow", "live in leeds", "we're up in Newcastle"), and whether it is
far from the studio: the treatment sessions happen at the studio, only the consultation can be by video.

The towns are a data file (``bot/nlp/places.tsv``, from GeoNames, rebuilt by ``bot.tools.build_places``), read
once on first use; the studio's own town is found in its address, so nothing here names one studio.
Imported by both environments: standard library only.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

PLACES_FILE = Path(__file__).resolve().parents[1] / "nlp" / "places.tsv"
#: closer than this to the studio is a trip visitors make for each session without a second thought
NEAR_KM = 40.0
#: what comes before a town someone lives in: "I live in", "based in", "I'm in", "from", "up in"
_LIVES = (r"(?:live|lives|living|based|staying|stay|moved|move|settled|i'?m|im|i am|we'?re|we are|she'?s|he'?s|"
          r"they'?re|shes|hes|from|near|outside|up|down|over|in|nr)")
#: a town named for something else: the hospital, the salon, a holiday
_ELSEWHERE_BEFORE = re.compile(r"\b(?:hospital|surgeon|surgery|op|operation|clinic|salon|studio|parlou?r|tattooist|place|shop|"
                               r"holiday|trip|visit(?:ing)?|wedding|flight|fly|flew|concert|match|uni)\b[^.?!,]{0,25}$",
                               re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float

    def km_to(self, other: "Place") -> float:
        """Great-circle distance."""
        lat1, lon1, lat2, lon2 = map(math.radians, (self.latitude, self.longitude, other.latitude, other.longitude))
        h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        return 2 * 6371.0 * math.asin(math.sqrt(h))


@lru_cache(maxsize=1)
def _places() -> dict[str, Place]:
    places: dict[str, Place] = {}
    for line in PLACES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, latitude, longitude = line.split("\t")
            places[name.lower()] = Place(name, float(latitude), float(longitude))
    return places


@lru_cache(maxsize=1)
def _pattern() -> "re.Pattern[str]":
    names = "|".join(re.escape(n).replace(r"\-", r"[\s-]").replace(r"\ ", r"\s") for n in
                     sorted(_places(), key=len, reverse=True))
    return re.compile(
        rf"\b{_LIVES}\s+(?:in\s+|to\s+|near\s+|from\s+)?(?:the\s+)?(?:(?:north|south|east|west|central|outer|"
        rf"greater|near|outside)\s+)?(?P<lives>{names})\b"
        rf"|(?:^|[,.;:!?(/]\s*)(?P<alone>{names})\s*(?=[,.;:!?)/]|$)"
        rf"|\b(?P<based>{names})[\s-](?:based|area|way|here)\b", re.IGNORECASE)


def places_named(text: str) -> list[Place]:
    """The towns ``text`` says someone lives in, in order."""
    found = []
    for match in _pattern().finditer(text or ""):
        if _ELSEWHERE_BEFORE.search(text[:match.start()]):
            continue                            # "my op was at the hospital in Leeds"
        name = match.group("lives") or match.group("alone") or match.group("based")
        if match.group("alone") and not name[:1].isupper():
            continue                            # "black guy, 26, rugby.": a town alone is written with its capital
        found.append(_places()[re.sub(r"[\s-]+", lambda m: "-" if m.group() == "-" else " ", name.lower())])
    return found


def studio_place(address: str) -> Optional[Place]:
    """The studio's town, found in its address ("12 Harbour Lane, Brighton BN1 1AA")."""
    for name in re.findall(r"[A-Z][\w-]*(?:\s[A-Z][\w-]*)*", address or ""):
        for words in (name, *name.split()):
            if words.lower() in _places():
                return _places()[words.lower()]
    return None


def far_place(text: str, studio_address: str) -> Optional[str]:
    """The town named in ``text`` when every town named there is far from the studio, else None."""
    studio = studio_place(studio_address)
    named = places_named(text)
    if studio is None or not named or any(p.km_to(studio) < NEAR_KM for p in named):
        return None
    return named[0].name
