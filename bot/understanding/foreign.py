"""What a message in another of the common languages asks, read by its words, so that a short English
answer can follow the note that the assistant answers in English (Spanish, where the studio speaks it,
has its own answers in Spanish).

Only the plainest questions are recognised: which treatment, its price, whether it lasts, whether it
works for them. Anything else gets the language note and the offer of a person.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

_I = re.IGNORECASE
#: the treatment named, in French, Portuguese, Italian, German and Polish; the first match wins
CONCERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("areola", re.compile(r"ar[ée]ol|mamilo|mamelon|capezzol|brustwarz|sutek|mastectom|mastektom", _I)),
    ("scalp", re.compile(r"cuir chevelu|cheveux|calvitie|cabelo|calv[íi]cie|capilar|capelli|calvizie|haar|glatze|"
                         r"w[łl]os|[łl]ysienie|sk[óo]r\w* g[łl]ow\w*", _I)),
    ("stretch_marks", re.compile(r"vergetures|estrias|smagliature|dehnungsstreifen|rozst[ęe]p", _I)),
    ("vitiligo", re.compile(r"vitiligo|bielactwo", _I)),
    ("scar", re.compile(r"cicatri|narbe|blizn|br[ûu]lure|queimadura|ustione|verbrennung|oparzeni|ندب|حرق", _I)),
)
TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("price", re.compile(r"combien|prix|co[ûu]t|cu[aá]nto cuesta|precio|quanto custa|pre[çc]o|valor|quanto costa|prezzo|was kostet|"
                         r"preis|kosten|ile (?:to )?kosztuje|cena|koszt|السعر|سعر|التكلفة|بكم", _I)),
    ("cancel", re.compile(r"annuler|annulation|cancelar|desmarcar|odwo[łl]a|anulowa|disdire|annullare|absagen|"
                          r"stornieren", _I)),
    ("booking", re.compile(r"rendez-vous|r[ée]server|marcar|agendar|consulta|zarezerwowa|um[óo]wi[ćc]|wizyt|"
                           r"prenotare|appuntamento|termin", _I)),
    ("permanence", re.compile(r"d[ée]finiti|permanent|para sempre|dura quanto|quanto dura|per sempre|dauerhaft|"
                              r"wie lange h[äa]lt|na zawsze|trwa[łl]", _I)),
)


@dataclass(frozen=True)
class ForeignReading:
    concern: Optional[str] = None
    topics: tuple[str, ...] = ()


def read_foreign(text: str) -> ForeignReading:
    concern = next((name for name, words in CONCERNS if words.search(text or "")), None)
    return ForeignReading(concern, tuple(name for name, words in TOPICS if words.search(text or "")))
