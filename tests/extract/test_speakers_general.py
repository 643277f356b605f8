"""Speakers recognised generally, in several languages: institutions by head noun and
country, impersonal attributions, pronouns and dropped subjects, unknown names in Latin
letters, and unnamed speakers left out. Sentences written for these tests."""

import pytest

from dashboard.extract.speech import find_speech_verbs, speech_lexicon
from dashboard.extract.translit import name_to_latin


def _speakers(ex):
    return [s.speaker for s in ex.statements]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "Le ministère arménien des Affaires étrangères a fait savoir que la frontière restait fermée.",
            "Ministry of Foreign Affairs of Armenia",
        ),
        (
            "В Минобороны России сообщили, что колонна прошла без происшествий.",
            "Ministry of Defence of Russia",
        ),
        (
            "Armenia's National Security Service said the border guards were reinforced.",
            "National Security Service of Armenia",
        ),
        (
            "La présidence azerbaïdjanaise a indiqué que les discussions continueraient.",
            "Presidential Administration of Azerbaijan",
        ),
        (
            "Das aserbaidschanische Außenministerium teilte am Montag mit, die Straße sei wieder offen.",
            "Ministry of Foreign Affairs of Azerbaijan",
        ),
        ("Die armenische Regierung rief die Partner zu mehr Hilfe auf.", "Government of Armenia"),
        (
            "Azərbaycan Müdafiə Nazirliyi bildirib ki, mövqelər atəşə tutulub.",
            "Ministry of Defence of Azerbaijan",
        ),
        (
            "Azerbaycan Dışişleri Bakanlığı yolun açık olduğunu açıkladı.",
            "Ministry of Foreign Affairs of Azerbaijan",
        ),
        (
            "El Gobierno de Armenia denunció nuevos bombardeos en la frontera.",
            "Government of Armenia",
        ),
        ("Baku said the convoy had been let through.", "Government of Azerbaijan"),
        ("Karabakh officials said the water supply was cut.", "Government of Nagorno-Karabakh"),
    ],
)
def test_institutions_by_head_and_country(run, body, speaker):
    assert speaker in _speakers(run(body)), _speakers(run(body))


@pytest.mark.parametrize(
    "body",
    [
        "Paschinjan erklärte, die Gespräche würden fortgesetzt.",
        "Пашинян заявил, что переговоры продолжатся.",
        "Փաշինյանը հայտարարել է, որ բանակցությունները կշարունակվեն։",
        "Nikol Pachinian a déclaré que les discussions continueraient.",
    ],
)
def test_one_speaker_across_scripts(run, body):
    assert _speakers(run(body)) == ["Nikol Pashinyan"]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Анна Петросян заявила, что дорога закрыта.", "Anna Petrosyan"),
        ("Արմեն Պողոսյանը հայտնել է, որ ճանապարհը փակ է։", "Armen Poghosyan"),
        ("Nazeli Bağdasaryan, sınırın açık olduğunu söyledi.", "Nazeli Baghdasaryan"),
        ("The deputy mayor, Lilit Hakobyan, said the shelters were full.", "Lilit Hakobyan"),
    ],
)
def test_unknown_names_in_latin_letters(run, body, speaker):
    assert _speakers(run(body)) == [speaker]


def test_pronoun_is_the_last_named_speaker_of_the_paragraph(run):
    ex = run("Lilit Hakobyan said the shelters were full. She added that more beds were coming.")
    assert _speakers(ex) == ["Lilit Hakobyan", "Lilit Hakobyan"]
    ex = run("Selon Nikol Pachinian, la route est coupée. Il a ajouté que l'aide attendait.")
    assert _speakers(ex) == ["Nikol Pashinyan", "Nikol Pashinyan"]
    ex = run("Анна Петросян заявила, что дорога закрыта. Она добавила, что помощь ждут.")
    assert _speakers(ex) == ["Anna Petrosyan", "Anna Petrosyan"]


def test_pronoun_without_a_named_speaker_before_gives_nothing(run):
    ex = run(
        "Lilit Hakobyan said the shelters were full.\n\nLater that day.\n\nHe said it was over."
    )
    assert _speakers(ex) == ["Lilit Hakobyan"]


def test_dropped_subject_continues_the_last_speaker(run):
    body = (
        "El Ministerio de Defensa de Armenia informó de nuevos ataques. "
        "Explicó que la situación seguía siendo tensa."
    )
    assert _speakers(run(body)) == ["Ministry of Defence of Armenia"] * 2
    # a plural verb with no subject is an impersonal "they", nobody in particular
    body = "El Ministerio de Defensa de Armenia informó de nuevos ataques. Dijeron que todo seguía igual."
    assert _speakers(run(body)) == ["Ministry of Defence of Armenia"]


def test_anaphoric_head_refers_to_the_last_institution(run):
    body = (
        "The Armenian Defence Ministry reported shelling near the border. "
        "The ministry said two soldiers were wounded."
    )
    assert _speakers(run(body)) == ["Ministry of Defence of Armenia"] * 2


@pytest.mark.parametrize(
    "body",
    [
        "A resident told reporters that the road had been closed for weeks.",
        "One of them told us the water had run out.",
        "A spokesman for Pashinyan said the meeting was postponed.",
        "Officials said the road was closed.",
    ],
)
def test_unnamed_speakers_are_skipped(run, body):
    assert run(body).statements == []


def test_coordinated_subjects_both_speak(run):
    body = "Rusia y Francia pidieron el fin inmediato de los combates."
    assert set(_speakers(run(body))) == {"Government of France", "Government of Russia"}


def test_subject_after_the_verb_up_to_that(run):
    assert _speakers(run("Об этом сообщил Гегам Степанян.")) == ["Gegham Stepanyan"]
    # what follows "que" is what was said, not who said it
    body = "Explicó que el Ministerio de Defensa de Armenia no había recibido nada."
    assert run(body, published=None).statements == []


def test_statement_date_unknown_without_any_date(run):
    st = run("Lilit Hakobyan said the shelters were full.", published=None).statements[0]
    assert st.date is None


@pytest.mark.parametrize(
    ("text", "lang", "verb"),
    [
        ("Die Regierung teilte am Montag mit, alles sei ruhig.", "de", "teilte"),
        ("Der Minister kündigte neue Gespräche an.", "de", "kündigte"),
        ("Le ministère a fait savoir que tout allait bien.", "fr", "fait savoir"),
        ("В ведомстве сообщили, что всё спокойно.", "ru", "сообщили"),
        ("У міністерстві повідомили про обстріл.", "uk", "повідомили"),
        ("El ministerio ha pedido calma.", "es", "pedido"),
        ("Nazirlik məlumat yayıb.", "az", "məlumat yayıb"),
    ],
)
def test_speech_verbs_on_lemmas(text, lang, verb):
    spans = find_speech_verbs(text, [lang], speech_lexicon())
    assert [text[s:e] for s, e in spans] == [verb]


def test_separable_particle_must_close_the_clause():
    text = "Er teilte das Brot mit den Kindern."
    assert find_speech_verbs(text, ["de"], speech_lexicon()) == []


@pytest.mark.parametrize(
    ("name", "lang", "latin"),
    [
        ("Гегам Степанян", "ru", "Gegam Stepanyan"),
        ("Радіо Азатутюн", "uk", "Radio Azatutyun"),
        ("Գրիշա Հովհաննիսյան", "hy", "Grisha Hovhannisyan"),
        ("Hikmət Hacıyev", "az", "Hikmat Hajiyev"),
        ("Emmanuel Macron", "az", "Emmanuel Macron"),
    ],
)
def test_names_in_latin_letters(name, lang, latin):
    assert name_to_latin(name, lang) == latin
