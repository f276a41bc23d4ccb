"""Which language a message is written in, among the ones visitors of a UK studio are likely to use.

Counting common function words is enough to tell a sentence of Spanish from
English with typos, and needs no model; one or two foreign words inside an
English sentence ("gracias, how much is it?") stay English.
"""
from __future__ import annotations

import re
from typing import Optional

_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "English": frozenset("the a an and or is are i you my me it to of in on for with do does can how what when "
                         "where why have has this that be was were will would not no yes hi hello please thanks "
                         "much cost price scar".split()),
    "Spanish": frozenset("el la los las un una y o es son yo tu mi me te se lo de del en para con por que qué "
                         "cómo como cuánto cuanto cuesta hola gracias tengo tiene quiero puedo hacer cicatriz "
                         "estrías pelo está estoy muy pero también hay años meses precio cita sí buenas buenos "
                         "hora horario abren abrís abris sábado sabado sábados sabados domingo lunes q cuántas "
                         "cuántos cuantas cuantos puede pueden hablan habláis hablais español espanol castellano "
                         "hablar información informacion soy hablo bien ingles inglés llamar llamarme".split()),
    "French": frozenset("le la les un une et ou est sont je tu mon ma mes me de du des en pour avec que quoi "
                        "comment combien bonjour merci j'ai ai avez voudrais peux faire cicatrice vergetures "
                        "cheveux très mais aussi il y a ans mois prix rendez-vous oui".split()),
    "German": frozenset("der die das ein eine und oder ist sind ich du mein meine mich mir von zu für mit was "
                        "wie wieviel viel kostet hallo danke habe haben möchte kann machen narbe haare sehr aber "
                        "auch gibt es jahre monate preis termin ja nicht".split()),
    "Portuguese": frozenset("o a os as um uma e ou é são eu você meu minha me de do da em para com que como "
                            "quanto custa olá obrigado obrigada tenho quero posso fazer cicatriz estrias cabelo "
                            "muito mas também há anos meses preço consulta sim não".split()),
    "Italian": frozenset("il lo la gli le un una e o è sono io tu mio mia mi di del della in per con che come "
                         "quanto costa ciao grazie ho voglio posso fare cicatrice smagliature capelli molto ma "
                         "anche ci anni mesi prezzo appuntamento sì non".split()),
    "Polish": frozenset("i w na z że to jest są ja ty mój moja mnie do dla jak ile kosztuje dzień dobry "
                        "dziękuję mam chcę mogę zrobić blizna rozstępy włosy bardzo ale też lat miesięcy cena "
                        "wizyta tak nie czy".split()),
    "Romanian": frozenset("buna bună ziua am o pe cu la sa să si și nu da este sunt eu vreau pot cât cat costa costă "
                          "multumesc mulțumesc cicatrice vergeturi par foarte dar ani luni pret preț programare acum "
                          "aveti aveți puteti puteți".split()),
    "Turkish": frozenset("merhaba ve bir bu ne kadar yara izi çatlak saç için ile mı mi mu çok ama evet hayır "
                         "teşekkürler teşekkür ederim fiyat randevu yıl ay var yok ben benim".split()),
}
#: letters of these scripts say the language (or its likeliest one) on their own
SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Arabic", re.compile(r"[\u0600-\u06FF]")), ("Russian or Ukrainian", re.compile(r"[\u0400-\u04FF]")),
    ("Greek", re.compile(r"[\u0370-\u03FF]")), ("Hebrew", re.compile(r"[\u0590-\u05FF]")),
    ("Hindi", re.compile(r"[\u0900-\u097F]")), ("Bengali", re.compile(r"[\u0980-\u09FF]")),
    ("Thai", re.compile(r"[\u0E00-\u0E7F]")), ("Japanese", re.compile(r"[\u3040-\u30FF]")),
    ("Korean", re.compile(r"[\uAC00-\uD7AF]")), ("Chinese", re.compile(r"[\u4E00-\u9FFF]")),
)
#: at least this many words, and this share of them more typical of one other language than of English
_MIN_WORDS = 3
_MARGIN = 2


def language_of(text: str) -> Optional[str]:
    """The language ``text`` is written in when it is clearly not English; ``None`` for English or too little text."""
    text = re.sub(r"\S+@\S+|https?://\S+|www\.\S+|\b\w+\.(?:com|co\.uk|org|net)\b", " ", text or "")
    letters = [c for c in text if c.isalpha()]
    for language, script in SCRIPTS:            # "مرحبا، أختي…": the script says it
        if letters and len(script.findall(text)) >= max(3, len(letters) // 2):
            return language
    words = [w.lower() for w in _WORDS.findall(text)]     # an address is no language ("gmail.com")
    if len(words) < _MIN_WORDS:
        return None
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in FUNCTION_WORDS.items()}
    english = scores.pop("English")
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] >= _MARGIN and scores[best] > english * 1.5 and scores[best] >= len(words) * 0.25:
        return best
    return None


def clearly_english(text: str) -> bool:
    """Whether ``text`` is a sentence of English ("ok lets do it in english, can someone call me"), not a name,
    a number or a word or two that any language shares."""
    words = [w.lower() for w in _WORDS.findall(text or "")]
    english = sum(w in FUNCTION_WORDS["English"] for w in words)
    return len(words) >= 5 and english >= 3 and language_of(text) is None
