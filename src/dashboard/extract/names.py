"""Names of people we have no entry for: a capitalised first name and surname ("Kristinne
Grigoryan", "Гегам Степанян", "Արամ Թորոսյանը", "Nazeli Bağdasaryan'ın") in any script.

A run of capitalised words ends with the name; what comes before it is a title ("Human
Rights Defender", "Regierungschef"), so the last two words are kept. Words that are
places, countries or their adjectives, months or known speakers split a run and are never
part of a name. The name is shown in Latin letters (translit.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.extract.lemmas import dictionary_form, is_known, lemmatizes
from dashboard.extract.translit import name_to_latin

# a capitalised word in any script, with a Turkish/Azerbaijani case suffix after an
# apostrophe kept apart ("Bağdasaryan'ın")
_CAP = re.compile(r"(?<![\w'’-])([^\W\d_][^\W\d_]+(?:-[^\W\d_]+)?)(?:['’]\w+)?(?![\w-])")
_ARMENIAN_ARTICLE = re.compile(r"(?<=[\u0561-\u0587])[ըն]$")  # Թորոսյանը -> Թորոսյան


@dataclass(frozen=True)
class NameMention:
    name: str  # in Latin letters
    surface: str
    start: int
    end: int


def ordinary(word: str, lang: str | None) -> bool:
    """Whether a capitalised word is an ordinary word of the language ("The", "Die",
    "Human"): known to the dictionary with a lower-case lemma. Names (and German nouns)
    have capitalised lemmas; a name never starts with an ordinary word."""
    if not lemmatizes(lang):
        return False
    low = word.lower()
    return is_known(low, lang) and dictionary_form(low, lang).islower()


def find_names(text: str, lang: str | None, taken: list[tuple[int, int]]) -> list[NameMention]:
    """Two-word capitalised names not overlapping `taken` spans (places, actors, speakers)."""
    words = []
    for m in _CAP.finditer(text):
        s, e = m.start(1), m.end(1)
        w = m.group(1)
        if not w[0].isupper():
            words.append(None)
            continue
        if any(ts < e and s < te for ts, te in taken):
            words.append(None)
            continue
        if w.isupper() and len(w) > 1:
            words.append(None)  # acronyms are organisations, not first names
            continue
        words.append((s, e, w, m.end()))
    out = []
    run: list[tuple[int, int, str, int]] = []

    def flush():
        if len(run) >= 2:
            (s1, _, w1, _), (_, _, w2, full_end) = run[-2], run[-1]
            if not ordinary(w1, lang):
                w2 = _ARMENIAN_ARTICLE.sub("", w2)
                out.append(
                    NameMention(name_to_latin(f"{w1} {w2}", lang), text[s1:full_end], s1, full_end)
                )

    for item in words:
        if item and run and text[run[-1][3] : item[0]] == " ":
            run.append(item)
            continue
        flush()
        run = [item] if item else []
    flush()
    return out
