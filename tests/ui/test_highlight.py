"""The article body as HTML with evidence marked: spans, overlaps, escaping, misses."""

from __future__ import annotations

import re

from dashboard.ui.articles.highlight import Mark, find_spans, highlight_html, segments

BODY = "First sentence here. Nikol Pashinyan said Armenia would not fight. Last one."
S2 = "Nikol Pashinyan said Armenia would not fight."


def test_single_evidence_is_marked_and_labelled_once():
    out = highlight_html(BODY, [Mark(S2, "statement: Nikol Pashinyan", "statement")])
    assert out.count("<mark") == 1
    assert f">{S2}</mark>" in out
    assert out.count("statement: Nikol Pashinyan</span>") == 1
    assert out.startswith('<div class="article-body"')
    assert "First sentence here. " in out and " Last one." in out


def test_several_facts_on_one_sentence_share_one_highlight():
    marks = [
        Mark(S2, "statement: Nikol Pashinyan", "statement"),
        Mark(S2, "place: Armenia", "place"),
        Mark(S2, "event: political · 2023-09-20", "event"),
    ]
    out = highlight_html(BODY, marks)
    assert out.count("<mark") == 1
    for label in ("statement: Nikol Pashinyan", "place: Armenia", "event: political · 2023-09-20"):
        assert out.count(f">{label}</span>") == 1
    # the tooltip names every fact
    assert 'title="statement: Nikol Pashinyan | place: Armenia | event: political' in out


def test_partly_overlapping_spans_are_cut_not_nested():
    body = "aaa bbb ccc ddd"
    a, b = Mark("aaa bbb ccc", "A"), Mark("bbb ccc ddd", "B", "place")
    pieces = segments(body, find_spans(body, [a, b])[0])
    assert [(p.text, p.marks) for p in pieces] == [
        ("aaa ", (a,)),
        ("bbb ccc", (a, b)),
        (" ddd", (b,)),
    ]
    assert pieces[1].ending == (a,) and pieces[2].ending == (b,)
    out = highlight_html(body, [a, b])
    inner = re.findall(r"<mark[^>]*>(.*?)</mark>", out)
    assert inner == ["aaa ", "bbb ccc", " ddd"]  # three flat marks, none nested
    assert "".join(p.text for p in pieces) == body


def test_duplicate_marks_count_once():
    m = Mark(S2, "statement: Nikol Pashinyan", "statement")
    out = highlight_html(BODY, [m, m])
    assert out.count(">statement: Nikol Pashinyan</span>") == 1


def test_body_and_labels_are_escaped():
    body = 'Intro. <script>alert("x")</script> said the <b>mayor</b>. End & more.'
    evidence = '<script>alert("x")</script> said the <b>mayor</b>.'
    out = highlight_html(body, [Mark(evidence, 'statement: <img src=x onerror="alert(1)">')])
    assert "<script>" not in out and "<b>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out
    assert "End &amp; more." in out
    assert out.count("<mark") == 1


def test_evidence_not_in_body_is_reported_not_marked():
    missing = Mark("Not in the body at all.", "event: military")
    empty = Mark("", "place: nowhere", "place")
    spans, not_found = find_spans(BODY, [missing, empty])
    assert spans == [] and not_found == [missing, empty]
    out = highlight_html(BODY, [missing])
    assert "<mark" not in out and "event: military" not in out
    assert BODY in out


def test_newlines_are_kept_and_empty_body_is_fine():
    body = "Para one.\n\nPara two spans\nlines."
    out = highlight_html(body, [Mark("one.\n\nPara", "X")])
    assert "pre-wrap" in out and "one.\n\nPara</mark>" in out
    assert highlight_html("", [Mark("x", "X")]).endswith("></div>")
