"""Sentence spans are exact slices of the text and survive abbreviations."""

from dashboard.extract.sentences import split_sentences


def test_spans_are_exact_slices():
    text = "Premier paragraphe. Deuxième phrase !\n\nSelon M. Hajiyev, tout va bien. Fin."
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Premier paragraphe.",
        "Deuxième phrase !",
        "Selon M. Hajiyev, tout va bien.",
        "Fin.",
    ]
    for s in sents:
        assert text[s.start : s.end] == s.text


def test_russian_abbreviation_does_not_split():
    text = "Эвакуированы более 2 тыс. человек. Вечером прибыли ещё."
    assert [s.text for s in split_sentences(text)] == [
        "Эвакуированы более 2 тыс. человек.",
        "Вечером прибыли ещё.",
    ]


def test_closing_quote_stays_with_its_sentence():
    text = "Il a appelé à « cesser ces actions ». Ensuite, rien."
    assert split_sentences(text)[0].text == "Il a appelé à « cesser ces actions »."


def test_lines_are_sentences_even_without_punctuation():
    text = "Une légende sans point\nLe texte suit."
    assert [s.text for s in split_sentences(text)] == ["Une légende sans point", "Le texte suit."]
