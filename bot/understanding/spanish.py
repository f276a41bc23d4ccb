"""A Spanish message, read by its words: the questions a first message usually asks and the facts that
change the answer.

The classifiers are trained on English. Spanish is one of the studio's languages, so a Spanish
message still gets the essentials in Spanish (a price, the hours, whether hair grows back, whether a
pink scar or red stretch marks must wait) before a Spanish-speaking person is offered for the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from bot.understanding.age import says_minor

_I = re.IGNORECASE
#: the treatment a message is about, first match wins
CONCERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("areola", re.compile(r"areola|pez[oó]n|mastectom", _I)),
    ("scalp", re.compile(r"capilar|\bpelo\b|cabello|calv[oaí]|coronilla|entradas|alopecia|\bsmp\b|\bhair\b", _I)),
    ("stretch_marks", re.compile(r"estr[ií]as|stretch ?marks?", _I)),
    ("vitiligo", re.compile(r"vit[ií]ligo", _I)),
    ("scar", re.compile(r"cicatri|quemadura|\bquem[eé]\b|\bme quem\w*|ces[aá]rea|\bmarcas? de (?:la |una )?(?:operaci[oó]n|"
                        r"quemadura|accidente|corte)|\bscars?\b", _I)),
)
#: the questions asked, in the order they are answered
TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("location", re.compile(r"d[oó]nde (?:est[aá]is|est[aá]n|queda|es)|direcci[oó]n|ubicaci[oó]n", _I)),
    ("hours", re.compile(r"horario|\babr[ií]s\b|\babren\b|\babre\b|abiert[oa]|\bcierran\b|a qu[eé] hora|"
                           r"\blos (?:s[aá]bados|domingos|lunes|martes|mi[eé]rcoles|jueves|viernes)\b|fines? de semana", _I)),
    ("price", re.compile(r"cu[aá]nto (?:cuesta|vale|sale|cobr|es\b|ser[ií]a)|\bprecios?\b|\bcoste\b|\bcuesta\b|\bcobran\b|"
                           r"\bhow much\b|\bprice\b", _I)),
    ("hair_growth", re.compile(r"(?:vuelv\w*|volver) a crecer|crezca|\bcrece\b|solo visual|s[oó]lo visual", _I)),
    ("sessions", re.compile(r"sesiones|cu[aá]ntas veces", _I)),
    ("touch_up", re.compile(r"retoque", _I)),
    ("video", re.compile(r"videollamada|\bv[ií]deo\b|online|a distancia", _I)),
    ("not_offered", re.compile(r"microblading|\bcejas\b|\blabios\b|b[oó]tox|relleno|l[aá]ser|quitar (?:un |el |mi )?"
                               r"tatuaje|eliminar (?:un |el |mi )?tatuaje|depilaci[oó]n", _I)),
    ("payment", re.compile(r"\bpagar\b|\bpago\b|tarjeta|efectivo|transferencia|a plazos|por adelantado", _I)),
    ("parking", re.compile(r"parking|aparca\w*|estacionamiento|silla de ruedas|accesib\w*", _I)),
    ("change", re.compile(r"\b(?:cambiar|mover|cancelar|anular|aplazar|posponer)\b[^.?!]{0,40}\b(?:cita|consulta|reserva|"
                          r"lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|d[ií]a|hora)|\b(?:cancelar|anular) (?:la|mi)\b|"
                          r"\b(?:se podr[ií]a|puedo|podemos) (?:cambiar|mover|pasar)\b", _I)),
    ("booking", re.compile(r"\bcitas?\b|reserv\w*|pedir hora|\bagendar\b|¿?puedo ir\b", _I)),
    ("pain", re.compile(r"\bduele\b|dolor\w*|agujas|doloroso", _I)),
    ("languages", re.compile(r"en espa[nñ]ol|habl[aá]is|hablan (?:espa|cast)|castellano", _I)),
    ("person", re.compile(r"hablar (?:directamente )?con (?:marta|una persona|alguien|ella|el equipo|la enfermera)|"
                          r"persona real|no (?:con )?(?:un )?(?:robot|bot)|que me llam\w*|ll[aá]me(?:n)?me|"
                          r"llamadme|me (?:pueden|puede|podéis|podeis|podr[ií]an?) llamar|llamarme", _I)),
    ("permanence", re.compile(r"\bdura\b|cu[aá]nto (?:tiempo )?dura|permanente|para siempre|se borra|se va con el tiempo", _I)),
    ("works", re.compile(r"funciona|se puede(?:n)? (?:tratar|disimular|camuflar|tapar|cubrir|mejorar)|sirve|"
                         r"me pueden (?:ayudar|atender)|pueden hacer|disimular|camuflar", _I)),
)
_NUMBERS = {"un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
            "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12}
_AGO = re.compile(r"\bhace (\d{1,2}|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce) "
                  r"(semanas?|mes(?:es)?|años?)\b", _I)
_STILL_RED = re.compile(r"\b(rosad[ao]s?|roj[ao]s?|morad[ao]s?|inflamad[ao]s?|abultad[ao]s?)\b", _I)
_BREASTFEEDING = re.compile(r"\b(?:le )?doy (?:el )?pecho\b|lactancia|amamant\w*|dando (?:el )?pecho", _I)
_PREGNANT = re.compile(r"\bembarazada\b", _I)
_URGENT = re.compile(r"sangr\w*[^.?!]{0,40}\bno (?:para|se para|deja)|\bpus\b|fiebre|supura\w*|caliente y hinchad|"
                     r"hinchad\w* y caliente|no puedo respirar|se me hincha (?:la cara|los labios|la lengua)", _I)
_FEAR = re.compile(r"\bmiedo\b|nervios\w*|me asusta|ansiedad|verg[uü]enza|me da corte|complej\w*|me escondo", _I)


@dataclass(frozen=True)
class SpanishReading:
    concern: Optional[str] = None
    topics: tuple[str, ...] = ()
    months_ago: Optional[float] = None
    still_red: bool = False
    breastfeeding: bool = False
    pregnant: bool = False
    minor: bool = False
    urgent: bool = False
    afraid: bool = False
    burn: bool = False


def read_spanish(text: str, minimum_age: int = 18) -> SpanishReading:
    concern = next((name for name, words in CONCERNS if words.search(text or "")), None)
    found = [(match.start(), name) for name, words in TOPICS for match in [words.search(text or "")] if match]
    topics = tuple(name for _, name in sorted(found, key=lambda item: item[0]))     # in the order asked
    months = None
    ages = list(_AGO.finditer(text or ""))
    named = next((words.search(text or "") for name, words in CONCERNS if name == concern), None)
    after = [m for m in ages if named and m.start() > named.start()]
    match = (after or ages)[0] if ages else None        # "vivo aquí desde hace 2 años, una cicatriz de hace un año": the scar's
    if match:
        word, unit = match.group(1).lower(), match.group(2).lower()
        amount = float(_NUMBERS.get(word, 0) or word)
        months = amount * (12 if unit.startswith("a") else 12 / 52 if unit.startswith("s") else 1)
    return SpanishReading(concern=concern, topics=topics, months_ago=months,
                          still_red=bool(_STILL_RED.search(text or "")),
                          breastfeeding=bool(_BREASTFEEDING.search(text or "")),
                          pregnant=bool(_PREGNANT.search(text or "")), minor=bool(says_minor(text or "", minimum_age)),
                          afraid=bool(_FEAR.search(text or "")), urgent=bool(_URGENT.search(text or "")),
                          burn=bool(re.search(r"\bquemad\w*|\bquem[eé]\b", text or "", _I)))
