"""Malformed inputs for the bad-input tests: hand-written cases and hypothesis strategies.

Every case is the bytes of one file plus its name; what the file should turn into is
checked by the tests (an article, or a failure naming the file and giving a reason).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import cache

from hypothesis import strategies as st

from dashboard.ingest import DEFAULT_MAX_BYTES

EN = (
    "Azerbaijan launched a military offensive in Nagorno-Karabakh on 19 September 2023, "
    "and more than 100,000 people fled to Goris, the Armenian government said."
)
RU = (
    "Более 100 000 человек прибыли в Горис 30 сентября 2023 года, "
    "сообщили власти Армении в понедельник."
)
FR = (
    "Plus de 100 000 réfugiés sont arrivés à Goris le 30 septembre 2023, "
    "a déclaré le gouvernement arménien à l’AFP."
)
HY = "Սեպտեմբերի 30-ին ավելի քան 100 000 մարդ հասավ Գորիս, հայտնեց կառավարությունը։"
ZH = "2023年9月30日，超过十万人抵达戈里斯，亚美尼亚政府表示。"
AR = "قال مسؤولون إن أكثر من 100 ألف شخص وصلوا إلى غوريس في 30 سبتمبر 2023."
KA = "2023 წლის 30 სექტემბერს 100 000-ზე მეტი ადამიანი ჩავიდა გორისში."

# text a stored HTML body must never contain (it sits in <script> and <style> only)
SCRIPT_MARK = "SCRIPTMARKER"


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    expect: str | None = None  # "article", "failure" or None (either is fine)
    reason: str | None = None  # a word the failure reason must contain


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _page(body_html: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>Report</title></head><body>{body_html}</body></html>"


def _article_html(*paragraphs: str) -> str:
    return "<article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"


def _jsonl(*lines: str | dict) -> bytes:
    out = []
    for line in lines:
        out.append(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False))
    return _utf8("\n".join(out) + "\n")


def hand_written_cases() -> list[Case]:
    rng = random.Random(5)
    cases: list[Case] = []

    def add(name: str, data: str | bytes, expect: str | None = None, reason: str | None = None):
        cases.append(Case(name, data if isinstance(data, bytes) else _utf8(data), expect, reason))

    # -- empty and whitespace-only ------------------------------------------------------
    for ext in (".txt", ".html", ".json", ".jsonl"):
        stem = ext[1:]
        add(f"empty/empty.{stem}", b"", "failure", "empty")
        add(f"empty/spaces.{stem}", "   \n\t \r\n  ", "failure", "empty")
        add(f"empty/unicode_spaces.{stem}", "\u00a0\u2028\u3000\u2009\n", "failure")
        add(f"empty/bom_only.{stem}", b"\xef\xbb\xbf", "failure", "empty")
        add(f"empty/newlines.{stem}", "\n" * 10_000, "failure", "empty")

    # -- binary data ----------------------------------------------------------------------
    add("binary/png.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "failure", "binary")
    add("binary/zip.txt", b"PK\x03\x04" + bytes(300), "failure", "binary")
    add("binary/pdf.txt", b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(4000)))
    add("binary/elf.json", b"\x7fELF" + bytes(rng.randrange(256) for _ in range(2000)), "failure")
    add("binary/random.jsonl", bytes(rng.randrange(256) for _ in range(5000)), "failure")
    add("binary/controls.txt", bytes((i * 131 + 7) % 31 + 1 for i in range(3000)), "failure")
    add("binary/nul_middle.txt", _utf8(EN * 200) + b"\x00" + _utf8(EN * 200))
    add("binary/nul_first_line.jsonl", b'{"text": "a\x00b"}\n', "failure", "binary")

    # -- invalid UTF-8 and legacy encodings -------------------------------------------------
    add("enc/ru_cp1251.txt", RU.encode("cp1251"), "article")
    add("enc/ru_koi8r.txt", RU.encode("koi8_r"), "article")
    add("enc/ru_iso8859_5.txt", (RU + "\n\n" + RU).encode("iso8859_5"))
    add("enc/fr_latin1.txt", FR.replace("’", "'").encode("latin-1"), "article")
    add("enc/fr_cp1252.txt", FR.encode("cp1252"), "article")
    add(
        "enc/fr_latin1.html",
        _page(_article_html(FR.replace("’", "'")), "<meta charset='iso-8859-1'>").encode("latin-1"),
        "article",
    )
    add("enc/zh_gb18030.txt", (ZH * 5).encode("gb18030"))
    add("enc/zh_big5.txt", "超過十萬人抵達戈里斯，亞美尼亞政府表示。".encode("big5"))
    add(
        "enc/ja_shift_jis.txt", "十万人以上がゴリスに到着したと政府が発表した。".encode("shift_jis")
    )
    add("enc/en_utf16le_bom.txt", b"\xff\xfe" + EN.encode("utf-16-le"), "article")
    add("enc/en_utf16be_bom.txt", b"\xfe\xff" + EN.encode("utf-16-be"), "article")
    add("enc/en_utf32_bom.txt", EN.encode("utf-32"), "article")
    add("enc/en_utf16_no_bom.txt", EN.encode("utf-16-le"), "failure", "binary")
    add("enc/en_utf8_bom.txt", b"\xef\xbb\xbf" + _utf8(EN), "article")
    add("enc/ru_mostly_utf8.txt", _utf8(RU) + b"\xff\xfe" + _utf8(RU), "article")
    add("enc/ru_cut_mid_character.txt", _utf8(RU * 3)[:-1], "article")
    add("enc/en_cp1252_quote_in_ascii.txt", _utf8(EN) + b" \x93quoted\x94", "article")
    add("enc/overlong_and_surrogates.txt", _utf8(EN) + b"\xc0\xaf\xed\xa0\x80\xf8\x88\x80\x80")
    add("enc/latin1_in_jsonl.jsonl", b'{"text": "' + FR.encode("cp1252") + b'"}\n', "failure")
    add("enc/hy_utf8.txt", HY, "article")
    add("enc/ka_utf8.txt", KA, "article")

    # -- over the size limit -----------------------------------------------------------------
    add("size/over_limit.txt", b"a" * (DEFAULT_MAX_BYTES + 1), "failure", "limit")
    add("size/over_limit.html", b"<p>" + b"x" * DEFAULT_MAX_BYTES + b"</p>", "failure", "limit")
    add(
        "size/huge_line.jsonl",
        _jsonl({"text": EN}, {"text": "x" * (DEFAULT_MAX_BYTES + 10)}, {"text": RU}),
    )
    # (a megabyte of one letter and other texts that once hung the extractor are in
    # test_pathological_text.py, read once rather than three times)

    # -- deeply nested and unclosed HTML -----------------------------------------------------------
    add("html/nested_5000_closed.html", _page("<div>" * 5000 + _article_html(EN) + "</div>" * 5000))
    add("html/nested_100000_unclosed.html", _page("<div>" * 100_000 + f"<p>{EN}"))
    add("html/nested_spans_unclosed.html", "<span>" * 50_000 + EN)
    add(
        "html/table_500_deep.html", _page("<table><tr><td>" * 500 + EN + "</td></tr></table>" * 500)
    )
    add("html/unclosed_at_end.html", f"<html><body><p>{EN}<b><i><span")
    add("html/unclosed_comment.html", f"<html><body><p>{EN}</p><!-- never closed {EN}")
    add("html/unclosed_attribute.html", f'<html><body><p class="{EN}>{EN}</p>')
    add("html/tag_soup.html", "<<<>>><p<p>></p></<>" + EN + "<//p><p/>" * 1000)
    add("html/paragraphs_10000.html", "<p>" * 10_000 + EN)
    add("html/doctype_only.html", "<!DOCTYPE html>", "failure")
    add("html/cdata.html", f"<html><body><![CDATA[{EN}]]></body></html>")
    add(
        "html/xml_declaration_bogus.html",
        f"<?xml version='1.0' encoding='bogus'?>{_page(_article_html(EN, FR))}",
    )
    add(
        "html/entities.html",
        _page(_article_html(f"{EN} &#0; &#xD800; &#99999999; &bogus; &amp;&lt;&gt;")),
    )
    add("html/huge_attribute.html", _page(f'<p title="{"a" * 1_000_000}">{EN}</p>'))
    add(
        "html/data_uri.html", _page(f'<img src="data:image/png;base64,{"A" * 500_000}"><p>{EN}</p>')
    )
    add(
        "html/svg_math.html",
        _page(f"<svg><text>{EN}</text></svg><math><mi>x</mi></math><p>{FR}</p>"),
    )
    add("html/plaintext.html", f"<html><body><plaintext><p>{EN}</p>")
    add(
        "html/frameset.html",
        f"<html><frameset><frame src='x'></frameset><noframes>{EN}</noframes></html>",
    )
    add("html/in_txt_file.txt", _page(_article_html(EN, RU)))
    add("html/mixed_scripts.html", _page(_article_html(EN, RU, FR, HY, ZH, AR, KA)), "article")

    # -- HTML full of script and style -------------------------------------------------------------
    junk = f"<script>var a = '{SCRIPT_MARK} Goris 30 September 2023';</script><style>p::after{{content:'{SCRIPT_MARK}'}}</style>"
    add("script/heavy.html", _page(junk * 2000 + _article_html(EN, FR) + junk * 2000), "article")
    add("script/only_script.html", _page(junk * 100), "failure")
    add(
        "script/script_with_closing_tags.html",
        _page(f"<script>document.write('</p><p>{SCRIPT_MARK}</p>');</script>" + _article_html(EN)),
    )
    add("script/unclosed_script.html", _page(_article_html(EN) + f"<script>{SCRIPT_MARK} " * 100))
    add(
        "script/noscript_template.html",
        _page(
            f"<noscript>{SCRIPT_MARK}</noscript><template><p>Template text.</p></template>"
            + _article_html(RU)
        ),
    )
    add(
        "script/event_handlers.html",
        _page(
            f'<p onclick="{SCRIPT_MARK}" onmouseover="alert(1)">{EN}</p><a href="javascript:{SCRIPT_MARK}">x</a>'
        ),
    )
    add(
        "script/in_text_file.txt",
        f"<script>alert(1)</script>\n{EN}\n\n<style>body{{}}</style>\n{FR}",
    )

    # -- JSON Lines with broken, huge or wrongly typed lines ------------------------------------------
    add(
        "jsonl/mixed.jsonl",
        _jsonl(
            {"text": EN, "published": "2023-09-19"},
            '{"text": "broken',
            "{'text': 'single quotes'}",
            '{"text": "trailing comma",}',
            '{"text": NaN}',
            "[1, 2, 3]",
            '"just a string"',
            "null",
            "42",
            {"text": 42},
            {"text": ["a", "list"]},
            {"text": {"nested": "object"}},
            {"text": True},
            {"text": None},
            {"html": 7},
            {"title": "no body"},
            {"text": ""},
            {"text": "   \n\t "},
            {"html": "<script>nothing</script>"},
            {"text": RU, "title": ["a", "list"], "outlet": {"x": 1}, "url": 5, "language": 12},
            {"text": FR, "published": {"year": 2023}},
            {"text": HY, "language": "not a language code at all"},
            "",
            "   ",
            {"text": EN + " Copy 2."},
        ),
    )
    add(
        "jsonl/deep_nesting.jsonl",
        _jsonl(
            {"text": EN},
            "[" * 100_000 + "]" * 100_000,
            '{"a":' * 50_000 + "1" + "}" * 50_000,
            {"text": RU},
        ),
    )
    add(
        "jsonl/huge_numbers.jsonl",
        _jsonl(
            '{"text": "Numbers one.", "published": ' + "9" * 5000 + "}",
            '{"text": "Numbers two.", "published": 1e999}',
            '{"text": "Numbers three.", "published": -1e999}',
            '{"text": "Numbers four.", "published": 99999999999999999999}',
            '{"text": "Numbers five.", "count": ' + "1" * 4301 + "}",
            '{"text": "' + "9" * 5000 + ' people fled to Goris on 30 September 2023."}',
            '{"text": "' + str(10**400) + ' refugees reached Goris."}',
        ),
    )
    add(
        "jsonl/nul_and_surrogates.jsonl",
        _jsonl(
            '{"text": "Goris\\u0000 was shelled on 20 September 2023 by Azerbaijan."}',
            '{"text": "Lone \\ud800 surrogate in Goris."}',
            '{"text": "Fine text here.", "title": "\\udfff"}',
            '{"text": "Paired \\ud83d\\ude00 emoji in Goris."}',
            '{"text": "Escaped controls \\u0001\\u0002\\u001f in Stepanakert."}',
        ),
    )
    add("jsonl/crlf.jsonl", _jsonl({"text": EN}, {"text": RU}).replace(b"\n", b"\r\n"))
    add(
        "jsonl/bom_every_line.jsonl",
        b"\xef\xbb\xbf" + _jsonl({"text": EN}).rstrip() + b"\n\xef\xbb\xbf" + _jsonl({"text": FR}),
    )
    add(
        "jsonl/invalid_utf8_line.jsonl",
        _jsonl({"text": EN}) + b'{"text": "\xff\xfe"}\n' + _jsonl({"text": RU}),
    )
    add("jsonl/no_final_newline.jsonl", _jsonl({"text": EN}).rstrip(b"\n"))
    add(
        "jsonl/many_small_lines.jsonl",
        _jsonl(*({"text": f"Line {i}: refugees reached Goris."} for i in range(300))),
    )
    add(
        "jsonl/html_records.jsonl",
        _jsonl({"html": _page(_article_html(EN))}, {"html": "<div>" * 20_000}, {"html": junk * 50}),
    )

    # -- JSON ---------------------------------------------------------------------------------
    add("json/object.json", json.dumps({"text": EN}), "article")
    add("json/empty_object.json", "{}", "failure")
    add("json/empty_list.json", "[]", "failure", "empty")
    add("json/scalar.json", "3.14", "failure")
    add("json/string.json", '"text"', "failure")
    add("json/truncated.json", json.dumps({"text": EN})[:-5], "failure", "invalid JSON")
    add("json/deep.json", "[" * 100_000 + "]" * 100_000, "failure", "nested")
    add(
        "json/huge_int.json",
        '{"text": "x y", "published": ' + "9" * 5000 + "}",
        "failure",
        "number",
    )
    add(
        "json/list_mixed.json",
        json.dumps([{"text": EN}, 5, None, "s", [1], {"text": 5}, {"text": FR}]),
    )
    add(
        "json/nan_infinity.json",
        '{"text": "' + EN + '", "published": Infinity, "title": NaN}',
        "article",
    )
    add("json/duplicate_keys.json", '{"text": "first", "text": "' + FR + '"}', "article")
    add("json/cp1251.json", json.dumps({"text": RU}, ensure_ascii=False).encode("cp1251"))

    # -- impossible dates -----------------------------------------------------------------------
    for i, value in enumerate(
        [
            "31 February 2023",
            "2023-02-31",
            "30/02/2023",
            "31 février 2023",
            "9999-12-31",
            "9999-99-99",
            "0000-00-00",
            "1900-01-01",
            "2023-13-45",
            "yesterday",
            "-1",
            "",
            1e20,
            -1e20,
            0,
            True,
            [2023, 9, 19],
        ]
    ):
        add(
            f"dates/published_{i:02d}.json",
            json.dumps({"text": f"{EN} Date case {i}.", "published": value}),
            "article",
        )
    add(
        "dates/in_text.txt",
        "Les 31 février 2023, 9999-99-99, 31/02/2023 et 0/0/0000 rien ne s'est passé à Goris.\n\n"
        + EN,
    )
    add("dates/byline.txt", "Sample Wire — 31 February 2023\n\n" + EN)
    add(
        "dates/year_9999.txt",
        "Report, 31 December 9999\n\nOn 31 December 9999 more than 100,000 people fled to Goris.",
    )

    # -- numbers that overflow ------------------------------------------------------------------
    add("numbers/digits_5000.txt", "9" * 5000 + " people fled to Goris on 30 September 2023.")
    add("numbers/ten_to_400.txt", f"{10**400} refugees reached Goris, officials said.")
    add(
        "numbers/grouped_huge.txt", "1" + ",000" * 2000 + " people were evacuated from Stepanakert."
    )
    add("numbers/float_overflow.txt", "1e309 people and 2,5e400 тыс. человек прибыли в Горис.")
    add(
        "numbers/multiplier.txt",
        "Более " + "9" * 400 + " млн человек прибыли в Горис 30 сентября 2023 года.",
    )

    # -- text in unexpected scripts ----------------------------------------------------------------
    add("scripts/rtl_override.txt", f"\u202e{AR}\u202c\n\n\u2067{EN}\u2069")
    add(
        "scripts/zero_width.txt",
        "\u200b".join(EN) + "\n\n" + "Go\u200bris\u200d Stepa\u200cnakert\ufeff.",
    )
    add("scripts/combining.txt", "".join(ch + "\u0301\u0308" for ch in EN))
    add("scripts/emoji.txt", "👩‍👩‍👧 " * 500 + EN)
    add("scripts/devanagari_thai.txt", "हजारों लोग गोरिस पहुंचे। ผู้คนนับแสนเดินทางถึงกอริส " * 20)
    add("scripts/all_scripts.txt", "\n\n".join([EN, RU, FR, HY, ZH, AR, KA]) * 3, "article")
    add("scripts/private_use.txt", "\ue000\uf8ff\U000f0000 " * 200 + EN)
    add("scripts/noncharacters.txt", "\ufffe\uffff\U0010ffff " * 50 + EN)
    add(
        "scripts/math_alnum.txt",
        "𝐀𝐳𝐞𝐫𝐛𝐚𝐢𝐣𝐚𝐧 𝐥𝐚𝐮𝐧𝐜𝐡𝐞𝐝 an offensive on Stepanakert on 19 September 2023.",
    )

    return cases


# -- hypothesis strategies ------------------------------------------------------------------

NOISE = [
    "31 février 2023",
    "31 February 2023",
    "9999-99-99",
    "9999-12-31",
    "0000-00-00",
    "29/02/2023",
    "le 31/02",
    str(10**40),
    "1" + "0" * 400,
    "1e309",
    "2,5 тыс.",
    "более 100 000 человек",
    "more than 100,000 people",
    "\u200b",
    "\u200d",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\u0301",
    "Ստեփանակերտ",
    "Xankəndi",
    "Степанакерт",
    "ستپاناکرت",
    "斯捷潘纳克特",
    "👩‍👩‍👧",
    "((((",
    "))))",
    "«",
    "»",
    '"',
    "„",
    "...",
    "Mr.",
    "A.",
    "said",
    "заявил",
    "a déclaré",
    "<p>",
    "</div>",
    "&amp;",
    "\t",
    "\r",
    "\u2028",
]


@cache
def sample_sentences() -> tuple[str, ...]:
    """Sentences of the sample corpus, so that generated text also yields facts."""
    from reliability_helpers import SAMPLE

    from dashboard.extract.sentences import split_sentences
    from dashboard.ingest import iter_inputs
    from dashboard.models import Article

    out = []
    for item in iter_inputs([SAMPLE]):
        if isinstance(item, Article):
            out.extend(s.text for s in split_sentences(item.body))
    return tuple(out)


@st.composite
def article_text(draw, max_pieces: int = 12) -> str:
    """Sample sentences and noise, in random order and with random separators."""
    sentences = sample_sentences()
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(sentences),
                st.sampled_from(NOISE),
                st.text(max_size=40),
            ),
            min_size=1,
            max_size=max_pieces,
        )
    )
    seps = draw(
        st.lists(
            st.sampled_from([" ", "\n", "\n\n", "\r\n", "", " — "]),
            min_size=len(pieces),
            max_size=len(pieces),
        )
    )
    return "".join(p + s for p, s in zip(pieces, seps, strict=True))


ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-32",
    "cp1251",
    "latin-1",
    "koi8_r",
    "cp1252",
    "gb18030",
]


@st.composite
def encoded_text(draw) -> bytes:
    text = draw(article_text())
    encoding = draw(st.sampled_from(ENCODINGS))
    return text.encode(encoding, errors="replace")


@st.composite
def invalid_utf8(draw) -> bytes:
    data = bytearray(draw(article_text()).encode("utf-8"))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(min_size=1, max_size=4).filter(lambda b: b[0] >= 0x80))
    return bytes(data)


HTML_PIECES = [
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<span>",
    "<b><i>",
    "<br>",
    "<article>",
    "</article>",
    "<table><tr><td>",
    "<script>var x = '" + SCRIPT_MARK + "';</script>",
    "<style>p{color:red}/*" + SCRIPT_MARK + "*/</style>",
    "<script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<h1>Headline</h1>",
    "<title>Title</title>",
    "<meta charset='koi8-r'>",
    "<a href='javascript:alert(1)'>",
    "&#0;",
    "&#xD800;",
    "&nbsp;",
    "<",
    ">",
    "</",
    "<!DOCTYPE html>",
    "<html>",
    "<body>",
]


@st.composite
def html_page(draw) -> bytes:
    parts = []
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(draw(article_text(max_pieces=4)))
        elif kind == 1:
            parts.append(f"<p>{draw(article_text(max_pieces=4))}</p>")
        else:
            piece = draw(st.sampled_from(HTML_PIECES))
            parts.append(piece * draw(st.sampled_from([1, 1, 1, 3, 50, 500])))
    return "".join(parts).encode("utf-8", errors="surrogatepass")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)
FIELDS = ["text", "html", "title", "outlet", "published", "date", "url", "language"]


@st.composite
def json_record(draw) -> str:
    """One line of a JSON Lines file: a good record, a wrongly typed one, or broken JSON."""
    kind = draw(st.integers(0, 9))
    record: dict = {}
    if kind <= 3:
        record["text"] = draw(article_text())
        if draw(st.booleans()):
            record["published"] = draw(
                st.sampled_from(
                    [
                        "2023-09-19",
                        "31 February 2023",
                        "9999-99-99",
                        "0000-00-00",
                        1e20,
                        -5,
                        "yesterday",
                    ]
                )
            )
        line = json.dumps(record, ensure_ascii=draw(st.booleans()))
    elif kind == 4:
        record["html"] = draw(html_page()).decode("utf-8", errors="replace")
        line = json.dumps(record)
    elif kind == 5:  # wrongly typed fields
        for key in draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=4, unique=True)):
            record[key] = draw(JSON_VALUES)
        line = json.dumps(record)
    elif kind == 6:  # broken JSON: a good line cut short, or with a byte changed
        line = json.dumps({"text": draw(article_text())})
        cut = draw(st.integers(0, len(line) - 1))
        line = line[:cut] + draw(st.sampled_from(["", "}", "\\", '"', "\x00", ",,"]))
    elif kind == 7:  # escapes that JSON allows but text cannot hold
        escape = draw(
            st.sampled_from(
                ["\\u0000", "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u202e", "\\u0007"]
            )
        )
        line = '{"text": "Refugees reached Goris ' + escape + ' on 30 September 2023."}'
    elif kind == 8:  # deep nesting or huge numbers
        depth = draw(st.sampled_from([10, 1000, 20_000]))
        line = draw(
            st.sampled_from(
                [
                    "[" * depth + "]" * depth,
                    '{"text": "Goris.", "published": ' + "9" * (depth // 2 + 1) + "}",
                    '{"text": "' + "9" * depth + ' people reached Goris."}',
                ]
            )
        )
    else:  # not an object
        line = json.dumps(draw(JSON_VALUES))
    return line


@st.composite
def jsonl_file(draw) -> bytes:
    lines = draw(
        st.lists(st.one_of(json_record(), st.sampled_from(["", "   "])), min_size=1, max_size=8)
    )
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    if draw(st.integers(0, 9)) == 0:  # a line over the (small) size limit of this test
        data += b'\n{"text": "' + b"x" * GENERATED_MAX_BYTES + b'"}'
    return data


@st.composite
def json_file(draw) -> bytes:
    kind = draw(st.integers(0, 2))
    if kind == 0:
        text = draw(json_record())
    elif kind == 1:
        text = "[" + ",".join(draw(st.lists(json_record(), max_size=4))) + "]"
    else:
        text = json.dumps(draw(JSON_VALUES))
    return text.encode("utf-8", errors="surrogatepass")


# the size limit of the generated corpus: small, so that over-limit inputs stay cheap
GENERATED_MAX_BYTES = 32 * 1024

SUFFIXES = [".txt", ".html", ".htm", ".json", ".jsonl"]


@st.composite
def generated_file(draw) -> tuple[str, bytes]:
    """(suffix, bytes) of one malformed file; the suffix usually fits the content."""
    kind = draw(
        st.sampled_from(
            [
                "empty",
                "space",
                "binary",
                "text",
                "text",
                "invalid",
                "html",
                "html",
                "jsonl",
                "jsonl",
                "json",
                "big",
            ]
        )
    )
    if kind == "empty":
        data = b""
    elif kind == "space":
        data = draw(st.text(alphabet=" \t\r\n\u00a0\u2028\u3000\ufeff", max_size=50)).encode(
            "utf-8"
        )
    elif kind == "binary":
        data = draw(st.binary(min_size=1, max_size=3000))
    elif kind == "text":
        data = draw(encoded_text())
    elif kind == "invalid":
        data = draw(invalid_utf8())
    elif kind == "html":
        data = draw(html_page())
    elif kind == "jsonl":
        data = draw(jsonl_file())
    elif kind == "json":
        data = draw(json_file())
    else:  # over the limit
        data = b"Goris. " * (GENERATED_MAX_BYTES // 7 + 1)
    natural = {"html": ".html", "jsonl": ".jsonl", "json": ".json"}.get(kind, ".txt")
    suffix = draw(st.sampled_from([natural] * 4 + SUFFIXES))
    return suffix, data
