"""Who said what, in several languages, direct and indirect."""

import pytest


def _by(ex, speaker):
    found = [s for s in ex.statements if s.speaker == speaker]
    assert found, f"no statement by {speaker}: {[s.speaker for s in ex.statements]}"
    return found[0]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "Armenian Prime Minister Nikol Pashinyan said that Armenia would take in refugees.",
            "Nikol Pashinyan",
        ),
        (
            "Le Premier ministre Nikol Pachinian a déclaré que l'Arménie accueillerait les réfugiés.",
            "Nikol Pashinyan",
        ),
        (
            "Премьер-министр Армении Никол Пашинян заявил, что Армения примет беженцев.",
            "Nikol Pashinyan",
        ),
        (
            "Der armenische Regierungschef Nikol Paschinjan erklärte, Armenien werde Flüchtlinge aufnehmen.",
            "Nikol Pashinyan",
        ),
        (
            "El primer ministro armenio, Nikol Pashinián, declaró que Armenia acogería a los refugiados.",
            "Nikol Pashinyan",
        ),
        (
            "Selon le ministère russe des Affaires étrangères, plus de 2 000 personnes ont été évacuées.",
            "Ministry of Foreign Affairs of Russia",
        ),
        ("По словам Марии Захаровой, Москва призывает стороны к диалогу.", "Maria Zakharova"),
        (
            "According to the ICRC, aid could not reach Stepanakert.",
            "ICRC",
        ),
        (
            "Más de 2.000 civiles fueron evacuados, según el Ministerio de Defensa ruso.",
            "Ministry of Defence of Russia",
        ),
    ],
)
def test_speaker_found(run, body, speaker):
    st = _by(run(body), speaker)
    assert st.mode == "indirect" and st.quote is None
    assert st.side and st.speaker_role


def test_appositive_describes_the_speaker_not_a_second_one(run):
    ex = run(
        "Hikmet Hajiyev, foreign policy aide to President Ilham Aliyev, said the operation was over."
    )
    assert [s.speaker for s in ex.statements] == ["Hikmet Hajiyev"]


def test_appositive_that_is_only_the_name(run):
    ex = run(
        "Le porte-parole du Kremlin, Dmitri Peskov, a déclaré que Moscou suivait la situation."
    )
    assert [s.speaker for s in ex.statements] == ["Dmitry Peskov"]


def test_partial_quote_goes_to_the_nearest_speaker(run):
    body = (
        "Le bureau du président de l'Azerbaïdjan a révélé que le président Ilham Aliyev a annoncé "
        "qu'il arrêterait la campagne si « les séparatistes déposaient les armes »."
    )
    ex = run(body)
    aliyev = _by(ex, "Ilham Aliyev")
    assert aliyev.quote == "les séparatistes déposaient les armes"
    assert aliyev.mode == "direct"
    assert _by(ex, "Presidential Administration of Azerbaijan").quote is None


def test_scare_quotes_are_not_quotes(run):
    st = _by(
        run("Hikmet Hajiyev said the « anti-terrorist » measures would go on."), "Hikmet Hajiyev"
    )
    assert st.quote is None


def test_inverted_order_after_a_quote(run):
    st = _by(
        run("« Nous ne partirons pas », a déclaré Samvel Chahramanian."), "Samvel Shahramanyan"
    )
    assert st.quote == "Nous ne partirons pas"


def test_statement_date_is_when_it_was_said(run):
    body = "Armenia's foreign ministry said on Tuesday the move violated the statement of November 2020."
    st = _by(run(body), "Ministry of Foreign Affairs of Armenia")
    assert st.date == "2023-09-19"


def test_coordinated_verb_keeps_the_same_speaker(run):
    body = "Armenia's foreign ministry said the move broke the deal with Russian peacekeepers, and called on Moscow to act."
    assert [s.speaker for s in run(body).statements] == ["Ministry of Foreign Affairs of Armenia"]


def test_attribution_to_media_is_not_the_person_named_after(run):
    ex = run("Selon des médias azerbaïdjanais, Ilham Aliev ne devrait pas faire le déplacement.")
    assert ex.statements == []


def test_pronouns_are_not_speakers(run):
    assert (
        run("He said the talks would resume. Selon le dirigeant, rien n'est décidé.").statements
        == []
    )
