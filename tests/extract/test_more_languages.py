"""Greek, Polish, Persian, Georgian and Arabic: places in their scripts, typed, dated and
placed events, statements with speakers, counts. Sentences written for these tests."""

import pytest

from dashboard.extract.gazetteer import default_gazetteer


def _names(text: str) -> list[str]:
    return [m.entry.name for m in default_gazetteer().find(text)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Ο στρατός του Αζερμπαϊτζάν μπήκε στο Στεπανακέρτ και στον διάδρομο Λατσίν.",
            ["Azerbaijan", "Stepanakert", "Lachin corridor"],
        ),
        # capitals without accents, a genitive in -ς
        ("ΝΑΓΚΟΡΝΟ ΚΑΡΑΜΠΑΧ: η κυβέρνηση της Αρμενίας", ["Nagorno-Karabakh", "Armenia"]),
        (
            "Uchodźcy z Górskiego Karabachu dotarli do Armenii przez korytarz laczyński.",
            ["Nagorno-Karabakh", "Armenia", "Lachin corridor"],
        ),
        ("Rozmowy w Erywaniu i w Stepanakercie.", ["Yerevan", "Stepanakert"]),
        ("სომხეთში ჩავიდნენ მთიანი ყარაბაღის მცხოვრებლები.", ["Armenia", "Nagorno-Karabakh"]),
        ("ბაქოდან ერევანში", ["Baku", "Yerevan"]),
        # with and without the zero-width non-joiner, and a space
        ("مردم قره\u200cباغ و قرهباغ و قره باغ", ["Nagorno-Karabakh"] * 3),
        # Arabic yeh and kaf in a Persian name
        ("ايروان و باكو", ["Yerevan", "Baku"]),
        (
            "وصل اللاجئون من ناغورنو كاراباخ إلى أرمينيا وأذربيجان",
            ["Nagorno-Karabakh", "Armenia", "Azerbaijan"],
        ),
    ],
)
def test_places_in_more_scripts(text, names):
    assert _names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "سروان ارتش گفت",  # "captain", also an alternate name of Shirvan
        "حكم على المتهم بالسجن",  # "sentenced", the words of a town's Persian name
        "შუშა და ქაღალდი",  # "glass" in Georgian, also Shusha
    ],
)
def test_common_words_of_caseless_scripts_are_no_places(text):
    assert _names(text) == []


@pytest.mark.parametrize(
    ("body", "etype", "date", "place"),
    [
        (
            "Στις 19 Σεπτεμβρίου το Αζερμπαϊτζάν εξαπέλυσε επίθεση στο Ναγκόρνο Καραμπάχ.",
            "military",
            "2023-09-19",
            "Nagorno-Karabakh",
        ),
        (
            "19 września Azerbejdżan rozpoczął ostrzał Stepanakertu.",
            "military",
            "2023-09-19",
            "Stepanakert",
        ),
        ("دیروز نیروهای آذربایجان به گوریس حمله کردند.", "military", "2023-09-20", "Goris"),
        ("გუშინ სტეფანაკერტში სამი ადამიანი დაიღუპა.", "casualties", "2023-09-20", "Stepanakert"),
        ("قصفت القوات الأذربيجانية ستيباناكيرت أمس.", "military", "2023-09-20", "Stepanakert"),
    ],
)
def test_event_type_date_place(run, body, etype, date, place):
    ex = run(body)
    found = [e for e in ex.events if e.type == etype]
    assert found, [e.type for e in ex.events]
    assert (found[0].date, found[0].place) == (date, place)


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Ο Νικόλ Πασινιάν δήλωσε ότι η Αρμενία δεν συμμετέχει στις μάχες.", "Nikol Pashinyan"),
        (
            "Premier Armenii Nikol Paszinian powiedział, że kraj przyjmie uchodźców.",
            "Nikol Pashinyan",
        ),
        ("Ministerstwo Obrony Rosji poinformowało o ataku.", "Ministry of Defence of Russia"),
        ("پاشینیان گفت که ارمنستان آماده صلح است.", "Nikol Pashinyan"),
        ("ფაშინიანმა განაცხადა, რომ სომხეთი მზადაა.", "Nikol Pashinyan"),
        ("وقال بوتين إن روسيا تدعم المفاوضات.", "Vladimir Putin"),
    ],
)
def test_statement_speakers(run, body, speaker):
    ex = run(body)
    assert speaker in [s.speaker for s in ex.statements]


@pytest.mark.parametrize(
    ("body", "etype", "count"),
    [
        ("Ponad 47 tysięcy osób opuściło Górski Karabach.", "displacement", 47000),
        ("Πάνω από 100.000 Αρμένιοι εγκατέλειψαν το Ναγκόρνο Καραμπάχ.", "displacement", 100000),
        ("فر أكثر من 100 ألف شخص من كاراباخ.", "displacement", 100000),
    ],
)
def test_counts(run, body, etype, count):
    ex = run(body)
    found = [e for e in ex.events if e.type == etype]
    assert found and found[0].count == count, [(e.type, e.count) for e in ex.events]


def test_a_greek_name_is_rendered_in_latin_letters(run):
    ex = run("«Η κατάσταση είναι κρίσιμη», δήλωσε ο υπουργός Γκούργκεν Νερσισγιάν.")
    assert [s.speaker for s in ex.statements] == ["Gurgen Nersisyan"]


def test_an_arabic_comma_leads_to_a_subject_after_its_verb(run):
    ex = run("أغلقت أذربيجان الطريق، وأعلن رئيس الوزراء الأرميني نيكول باشينيان أنه سيشارك.")
    assert "Nikol Pashinyan" in [s.speaker for s in ex.statements]
