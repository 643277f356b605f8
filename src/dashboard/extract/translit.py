"""Names in Latin letters, so one speaker reads the same in every language of the coverage.

The dashboard shows one name per speaker; a name first met in Cyrillic, Armenian, Greek or
Azerbaijani/Turkish spelling ("Гегам Степанян", "Արամ Թորոսյան", "Günay Səlimzadə") is
rendered the way English-language news usually writes it ("Gegham Stepanyan" needs a
table entry; a generic rendering gets "Gegam Stepanyan", close enough for a reader and
for matching on the surname). Known speakers keep their canonical names from
data/extract/speakers.json; this is only for names we meet the first time.
"""

from __future__ import annotations

import unicodedata

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u", "'": "", "’": "",
}  # fmt: skip
# Ukrainian reads г as h and и as y ("Гегам" is "Heham" in Ukrainian spelling rules, but
# names of Armenians are written with g in English news, so only и differs here)
_UKRAINIAN = {"и": "y"}
# Armenian, the usual English-news rendering (ու is u, և is ev, initial Ե is Ye, initial Ո
# is Vo); the definite article -ը on a name is dropped before this
_ARMENIAN = {
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "y",
    "թ": "t", "ժ": "zh", "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h",
    "ձ": "dz", "ղ": "gh", "ճ": "ch", "մ": "m", "յ": "y", "ն": "n", "շ": "sh", "ո": "o",
    "չ": "ch", "պ": "p", "ջ": "j", "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r",
    "ց": "ts", "ւ": "v", "փ": "p", "ք": "k", "օ": "o", "ֆ": "f", "և": "ev",
}  # fmt: skip
# Azerbaijani and Turkish letters as English news spells names (Hacıyev -> Hajiyev,
# Ceyhun -> Jeyhun, Bağdasaryan -> Baghdasaryan, Əliyev -> Aliyev)
_TURKIC = {
    "ə": "a", "ı": "i", "ş": "sh", "ç": "ch", "ğ": "gh", "c": "j", "x": "kh", "ö": "o",
    "ü": "u", "q": "g",
}  # fmt: skip
# Greek as English news renders foreign names written in Greek letters: the digraphs that
# Greek uses for sounds it lacks first ("Γκούργκεν" is Gurgen, "Ντμίτρι" Dmitri, "Τσ" ts),
# then the letters; accents are dropped with the other combining marks below
_GREEK_DIGRAPHS = (
    ("γκ", "g"),
    ("γγ", "ng"),
    ("ντ", "d"),
    ("μπ", "b"),
    ("τσ", "ts"),
    ("τζ", "dz"),
    ("ου", "u"),
    ("αι", "e"),
    ("ει", "i"),
    ("οι", "i"),
    ("γι", "y"),
)
_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "kh", "ψ": "ps",
    "ω": "o",
}  # fmt: skip
# only words with a letter of these alphabets: "Macron" in an Azerbaijani text stays Macron
_TURKIC_MARKS = set("əıİşçğƏŞÇĞ")
# Czech and Slovak spell foreign names by their own sound rules ("Chačatrjan", "Pašinjan"):
# ch is kh, j is y, the caron letters are sh/ch/zh. Only in those languages and only for
# words with a caron letter or an Armenian "-jan" surname: "Jan Novák" stays as written.
_WEST_SLAVIC = {
    "š": "sh", "č": "ch", "ž": "zh", "ř": "rzh", "j": "y", "ň": "n", "ď": "d", "ť": "t",
    "ľ": "l", "ĺ": "l", "ŕ": "r",
}  # fmt: skip
_WEST_SLAVIC_MARKS = set("šččžřňďťľĺŕŠČŽŘŇĎŤĽ")


def _armenian(word: str) -> str:
    low = word.lower().replace("ու", "u")
    out = []
    for i, ch in enumerate(low):
        if i == 0 and ch == "ե":
            out.append("ye")
        elif i == 0 and ch == "ո":
            out.append("vo")
        else:
            out.append(_ARMENIAN.get(ch, ch))
    return "".join(out)


def _greek(word: str) -> str:
    # accents off first, so that the digraphs are found whatever the stress ("ού")
    low = "".join(
        ch for ch in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(ch)
    )
    for digraph, latin in _GREEK_DIGRAPHS:
        low = low.replace(digraph, latin)
    return "".join(_GREEK.get(ch, ch) for ch in low)


def _script_of(word: str) -> str:
    for ch in word:
        if "\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff":
            return "greek"
        if "\u0400" <= ch <= "\u04ff":
            return "cyrillic"
        if "\u0531" <= ch <= "\u058f":
            return "armenian"
    return "latin"


def to_latin(word: str, lang: str | None = None) -> str:
    """One word of a name in Latin letters, capitalised like a name."""
    script = _script_of(word)
    if script == "armenian":
        out = _armenian(word)
    elif script == "greek":
        out = _greek(word)
    elif script == "cyrillic":
        table = {**_CYRILLIC, **_UKRAINIAN} if lang == "uk" else _CYRILLIC
        out = "".join(table.get(ch, ch) for ch in word.lower())
    elif lang in ("cs", "sk") and (
        any(ch in _WEST_SLAVIC_MARKS for ch in word)
        or (len(word) > 4 and word.lower().endswith("jan"))
    ):
        low = word.lower().replace("ch", "\0")  # kh, not c + h
        out = "".join(_WEST_SLAVIC.get(ch, ch) for ch in low).replace("\0", "kh")
    elif any(ch in _TURKIC_MARKS for ch in word):
        low = word.replace("İ", "i").replace("I", "ı").lower() if lang == "tr" else word.lower()
        out = "".join(_TURKIC.get(ch, ch) for ch in low)
    else:
        return word
    folded = unicodedata.normalize("NFKD", out)
    out = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return "-".join(p[:1].upper() + p[1:] for p in out.split("-"))


def name_to_latin(name: str, lang: str | None = None) -> str:
    return " ".join(to_latin(w, lang) for w in name.split())
