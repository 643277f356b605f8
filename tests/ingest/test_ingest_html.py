"""HTML pages: body without boilerplate, metadata from the page."""

from __future__ import annotations

from ingest_helpers import only_article, only_failure, write

PARAGRAPHS = [
    "Negotiators from both delegations met in Brussels on Thursday for a fresh round of talks "
    "mediated by European officials, according to a statement released in the evening.",
    "The meeting focused on the exchange of detainees, the reopening of a mountain road that has "
    "been closed for several months, and the demarcation of a short section of the border.",
    "Officials said that more than 300 families had asked for help to cross the checkpoint during "
    "the past week, and that aid convoys would be allowed to pass under the supervision of observers.",
    "A spokesperson for the mediators described the atmosphere as constructive but warned that many "
    "questions remain open, including the status of displaced residents.",
]

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ceasefire talks resume in Brussels | Caucasus Daily Ledger</title>
<meta property="og:site_name" content="Caucasus Daily Ledger">
<meta property="og:title" content="Ceasefire talks resume in Brussels">
<meta property="og:url" content="https://ledger.example.org/2023/10/05/ceasefire-talks">
<link rel="canonical" href="https://ledger.example.org/2023/10/05/ceasefire-talks">
<meta property="article:published_time" content="2023-10-05T08:30:00+00:00">
<meta property="article:modified_time" content="2023-10-09T11:00:00+00:00">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>Ceasefire talks resume in Brussels</h1>
<p class="byline">By Staff Reporter, 5 October 2023</p>
{paragraphs}
</article>
<aside class="related"><h2>Related</h2><ul>
<li><a href="/a">Markets close higher after a quiet session</a></li>
<li><a href="/b">Weather: heavy rain expected this weekend</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments (2)</h3>
<div class="comment"><p>A reader wrote a long comment here that must never appear in the article body at all.</p></div>
</section>
</main>
<footer><p>© 2023 Caucasus Daily Ledger. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>
"""


def page(paragraphs=PARAGRAPHS) -> str:
    return PAGE.replace("{paragraphs}", "\n".join(f"<p>{p}</p>" for p in paragraphs))


def test_html_article_and_metadata(tmp_path, ingest):
    article = only_article(ingest(write(tmp_path / "ledger.html", page())))
    assert article.title == "Ceasefire talks resume in Brussels"
    assert article.outlet == "Caucasus Daily Ledger"
    assert article.published == "2023-10-05"  # the original date, not the update
    assert article.url == "https://ledger.example.org/2023/10/05/ceasefire-talks"
    assert article.language == "en"
    assert article.body == "\n\n".join(PARAGRAPHS)
    for junk in ("Markets close", "Weather", "reader wrote", "All rights reserved", "Privacy"):
        assert junk not in article.body


def test_html_in_armenian_with_htm_suffix(tmp_path, ingest):
    paragraphs = [
        "Հայաստանի կառավարությունը հայտարարել է, որ սահմանային գյուղերի բնակիչների համար "
        "կբացվեն ժամանակավոր կացարաններ և կտրամադրվի սննդի օգնություն։",
        "Փոխվարչապետը նշել է, որ աշխատանքները կշարունակվեն ամբողջ շաբաթվա ընթացքում, "
        "իսկ կամավորները կօգնեն տարհանված ընտանիքներին։",
        "Մարդասիրական օգնության առաջին բեռնատարները քաղաք են հասել երեկ երեկոյան, "
        "հայտնել են տեղական իշխանությունները։",
    ]
    html = page(paragraphs).replace('lang="en"', 'lang="hy"')
    article = only_article(ingest(write(tmp_path / "hy.htm", html)))
    assert article.language == "hy"
    assert article.languages == ["hy"]
    assert article.body.startswith("Հայաստանի կառավարությունը")


def test_html_without_article_text_is_a_failure(tmp_path, ingest):
    html = "<html><body><nav><a href='/'>Home</a><a href='/a'>About</a></nav></body></html>"
    failure = only_failure(ingest(write(tmp_path / "menu.html", html)))
    assert failure.reason == "no article text found in the HTML page"
