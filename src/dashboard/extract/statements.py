"""Who said what: a named speaker as the subject of a speech verb ("a déclaré", "said",
"заявили", "teilte … mit"), or after an attribution ("selon", "according to", "по словам"),
with the quoted words when quoted.

Speakers are people and institutions we can name: known ones (data/extract/speakers.json),
institutions recognised by their head noun and country (institutions.py), a country or
capital speaking for its government ("Baku said"), and capitalised first-and-last names
(names.py), all rendered in Latin letters. A pronoun ("he", "il", "он", "er") or a verb
with no subject in a language that drops them ("Explicó que …") stands for the last named
speaker of the paragraph (or of the one before, when the paragraph opens with it); an
unnamed speaker ("a resident told reporters", "a spokesman for X said") gives nothing: a
statement with the wrong speaker is worse than none.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from dashboard.extract.context import SentenceContext
from dashboard.extract.institutions import find_institutions, institution_rules, refers_back
from dashboard.extract.lexicon import CompiledLexicon
from dashboard.extract.names import NameMention, find_names, ordinary
from dashboard.extract.speakers import Speaker, SpeakerIndex, SpeakerMention
from dashboard.extract.speech import SpeechCues, SpeechLexicon, find_speech_verbs, speech_lexicon
from dashboard.extract.translit import name_to_latin
from dashboard.models import Statement

# chars between a speaker and its verb ("X, assistant du président ..., a déclaré")
_MAX_BEFORE = 220
# inverted order: "said Pashinyan", "a déclaré vendredi à la presse le président …, X"
_MAX_AFTER = 120
_MAX_ATTRIBUTION_GAP = 30  # "selon le ministère ...", "according to the Russian ..."
_DATE_AFTER_VERB = 30  # "said on Tuesday afternoon", "a déclaré jeudi", "заявил во вторник"
_PASSIVE_BEFORE = 40  # "a été rapidement confirmée": the auxiliary before the participle
_MAX_AGENT_GAP = 80  # "confirmée, de source directe à Stepanakert et par le ministère"
_MIN_QUOTE_WORDS = 2
_CLOSING_QUOTES = {"»": "«", "”": "“", '"': '"'}  # closing mark -> its opening mark
# what may stand between a quote's closing mark and its speech verb: '", a-t-elle ', "», "
_AFTER_QUOTE = re.compile(
    r"\s*[,—–-]?\s*(?:[^\W\d]+(?:-t)?-?\s*){0,3}"
)  # a single quoted word is a scare quote (« antiterroriste »), not speech
# a second speech verb joined to the first by "and" shares its subject
_COORDINATED = re.compile(r"(?:^|\s)(?:and|et|и|і|und|y|e|və|ve|ու)\s+(?:\w+\s+)?$", re.I)
_COORDINATED_SUBJECT = re.compile(r"^\s+(?:and|et|и|і|und|y|e|və|ve|ու)\s+$", re.I)
_AND_WORDS = frozenset({"and", "et", "и", "і", "та", "und", "y", "e", "və", "ve", "ու"})
# a country speaks for its government only right before its verb ("Baku confirmed",
# "Azerbaijan has officially announced"), a pronoun only right before or after it
_ADJACENT = re.compile(r"^(?:['’]s)?\s*(?:[^\W\d]+\s+){0,2}$")
_PRONOUN_GAP = re.compile(r"^\s*(?:[^\W\d]+\s+)?$")
# where an inverted subject may follow its verb: after a quote or a clause ("…», a déclaré X")
_INVERSION_LEAD = (",", "،", "»", '"', "”", "“", "—", "–")  # "،": the Arabic-script comma
# …with an auxiliary or adverb or two between the mark and the verb ("», a déclaré",
# "…, a par ailleurs annoncé", "…, hat erklärt")
_INVERTED = re.compile(r"""(?:[,،»"”“—–]|\s-)\s*(?:[^\W\d]+\s+){0,3}$""")
_WORD_BEFORE = re.compile(r"([\w'’]+)[\s,]*$")
# one appositive between a speaker and the comma before the verb: ", die Sprecherin des …,"
_APPOSITIVE_AFTER = re.compile(r"\s*,[^,.;:!?«»“”\"]{3,160},$")
# a case ending glued to a name marks a complement, not a subject: "Pashinyan's office",
# "TASS’ın haberine göre", "«Արմենպրես»-ի հետ"
_OBLIQUE_AFTER = re.compile(r"[»\"”]?(?:['’]\w|-\w)")


@dataclass(frozen=True)
class _Mention(SpeakerMention):
    kind: str = "known"  # known, institution, anaphor, polity, name, pronoun


@dataclass
class _Memory:
    """What the article has told so far: people by folded surname, the last institution of
    each head, and the speakers of each paragraph in order."""

    persons: dict[str, Speaker] = field(default_factory=dict)
    heads: dict[str, Speaker] = field(default_factory=dict)
    said: list[tuple[int, Speaker]] = field(default_factory=list)

    def last(self, paragraph: int, person: bool) -> Speaker | None:
        for para in (paragraph, paragraph - 1):
            mine = [sp for p, sp in self.said if p == para and (sp.kind == "person" or not person)]
            if mine:
                return mine[-1]
        return None

    def institution(self, head: str) -> Speaker | None:
        if head == "Ministry":
            ministries = [sp for h, sp in self.heads.items() if h.startswith("Ministry ")]
            return ministries[-1] if ministries else None
        return self.heads.get(head)


def _fold(name: str) -> str:
    """A name as spelled variants agree on it: no accents, one way to write sh/kh/y/v."""
    w = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    for a, b in (("tsch", "ch"), ("sch", "sh"), ("kh", "h"), ("gh", "g"), ("j", "y"), ("w", "v")):
        w = w.replace(a, b)
    return w


def _same_first_name(a: str, b: str) -> bool:
    """Folded first names alike up to a case ending ("Marii" is Maria, "Nikola" Nikol)."""
    return a[:3] == b[:3] and abs(len(a) - len(b)) <= 2


def _same_person(a: str, b: str) -> bool:
    """ "Nikol Paschinian" and "Nikol Pashinyan": same first name, surnames alike."""
    fa, fb = _fold(a).split(), _fold(b).split()
    if len(fa) < 2 or len(fb) < 2 or not _same_first_name(fa[0], fb[0]):
        return False
    return difflib.SequenceMatcher(None, fa[-1], fb[-1]).ratio() >= 0.8


def _quotes(text: str, clex: CompiledLexicon) -> list[tuple[int, int]]:
    """Spans of the quoted words (inside the marks, without the spaces next to them).

    Found with str.find rather than a pattern: on a sentence with an opening mark and no
    closing one a pattern rescanned the rest of the text from every opening mark
    (quadratic). The marks are single characters.
    """
    spans: set[tuple[int, int]] = set()
    for open_q, close_q in clex.lex.quotes:
        pos = 0
        while True:
            opening = text.find(open_q, pos)
            if opening < 0:
                break
            inner = opening + len(open_q)
            closing = text.find(close_q, inner)
            if closing < 0:
                break  # no closing mark after this opening: none after a later one either
            if closing == inner:  # nothing between the marks: no match, try the next mark
                pos = opening + 1
                continue
            quoted = text[inner:closing]
            if len(quoted.split()) >= _MIN_QUOTE_WORDS:
                start = inner + len(quoted) - len(quoted.lstrip())
                spans.add((start, inner + len(quoted.rstrip())))
            pos = closing + len(close_q)
    return sorted(spans)


def _statement_date(ctx: SentenceContext, anchor: int, published: str | None):
    """When the words were said: a date right after the verb ("said on Tuesday", "a déclaré
    jeudi") or one governing the verb from before it. Dates further on belong to what was
    said ("the statement of November 2020"), not to the saying."""
    ok = [d for d in ctx.dates if not published or d.value[: len(published)] <= published]
    right_after = [d for d in ok if anchor < d.start <= anchor + _DATE_AFTER_VERB]
    if right_after:
        return right_after[0]
    d = ctx.date_for(anchor, latest=published)
    return d if d and d.start < anchor else None


def _listed_before(gap: str, determiners: frozenset[str], comma: bool) -> bool:
    """Whether `gap` joins two subjects of one list: " and ", ", la ", " und die "; a comma
    alone (`comma`) only before the last "and" ("Speaking after X, Y said" is no list)."""
    words = re.findall(r"[\w'’]+", gap)
    if words and words[-1].lower() in determiners:
        words = words[:-1]
    marks = re.sub(r"[\w'’]+", "", gap).strip()
    if not words:
        return comma and marks == ","
    return len(words) == 1 and words[0].lower() in _AND_WORDS and marks in ("", ",")


def _subject_before(text: str, before: list[_Mention], verb: int) -> tuple[_Mention | None, bool]:
    """The speaker nearest the verb, unless that one sits inside an appositive describing an
    earlier speaker: "Hikmet Hajiyev, aide to President Ilham Aliyev, said" is Hajiyev; "The
    Kremlin spokesman, Dmitry Peskov, said" is Peskov (the appositive is only his name).
    The flag says whether the choice is sure; when not, a subject after the verb wins."""
    if not before:
        return None, False
    nearest = max(before, key=lambda m: m.end)
    lead = text[:verb].rstrip()
    if not lead.endswith(","):
        return nearest, True
    if _APPOSITIVE_AFTER.match(text, nearest.end, len(lead)):
        # "Shushan Stepanian, die Sprecherin des Ministeriums, sagte": the appositive
        # describes the one named right before it, who speaks
        return nearest, True
    opening = text.rfind(",", 0, nearest.start)
    appositive = text[opening + 1 : len(lead) - 1] if opening >= 0 else ""
    if appositive.strip() == text[nearest.start : nearest.end]:
        return nearest, True
    earlier = [m for m in before if opening >= 0 and text[m.end : opening + 1].strip() == ","]
    if earlier:
        return earlier[-1], True
    # "…, est sous le feu des forces arméniennes, a annoncé le ministère": the clause
    # before the comma is what was said; a subject after the verb is preferred
    return nearest, False


class _ArticleStatements:
    """Statements of one article, sentence by sentence, with the article's memory."""

    def __init__(self, clex, speakers, langs, published):
        self.clex: CompiledLexicon = clex
        self.speakers: SpeakerIndex = speakers
        self.lex: SpeechLexicon = speech_lexicon()
        self.langs = [lang for lang in langs if lang]
        self.cues: SpeechCues = self.lex.cues(self.langs[0] if self.langs else None)
        self.published = published
        self.memory = _Memory()
        self.news_day: str | None = None  # latest day the article has named so far

    # --- who is named in a sentence -------------------------------------------------
    def mentions(self, ctx: SentenceContext, paragraph: int) -> list[_Mention]:
        text = ctx.text
        out: list[_Mention] = [
            _Mention(self._named_before(text, m), m.start, m.end, "known")
            for m in self.speakers.find(text)
            if not self._other_first_name(text, m)
        ]
        taken = [(m.start, m.end) for m in out]

        def free(s: int, e: int) -> bool:
            return not any(ts < e and s < te for ts, te in taken)

        for im in find_institutions(ctx, self.clex):
            if not free(im.start, im.end):
                continue
            sp = im.speaker
            if im.kind == "anaphor":
                # "the ministry" refers back; "les autorités de la région …" is qualified
                # by something we cannot name, so it refers to nothing we know
                nxt = re.match(r"\s+([\w'’]+)", text[im.end :])
                if nxt and nxt.group(1).lower() in self.cues.blockers:
                    continue
                if not refers_back(text, im.start, self.langs[0] if self.langs else None):
                    continue
                sp = self.memory.institution(im.head)
                if sp is None:
                    continue
            elif im.kind == "institution":
                self.memory.heads[im.head] = sp
            kind = im.kind
            out.append(_Mention(sp, im.start, im.end, kind))
            taken.append((im.start, im.end))
        taken += self._not_names(ctx)
        for nm in find_names(text, self.langs[0] if self.langs else None, taken):
            sp = self._person(nm)
            out.append(_Mention(sp, nm.start, nm.end, "name"))
            taken.append((nm.start, nm.end))
        out.extend(self._remembered(text, taken))
        out.extend(self._pronouns(text, paragraph))
        return sorted(out, key=lambda m: m.start)

    def _named_before(self, text: str, m: SpeakerMention) -> Speaker:
        """A known surname alone stands for the person of that surname the article named in
        full before: after "Shushan Stepanyan said", "Stepanyan reported" is her, not the
        Gegham Stepanyan of our list."""
        surface = text[m.start : m.end].strip()
        if m.speaker.kind != "person" or " " in surface:
            return m.speaker
        lang = self.langs[0] if self.langs else None
        earlier = self.memory.persons.get(_fold(name_to_latin(surface, lang)))
        if earlier is None or _same_person(earlier.name, m.speaker.name):
            return m.speaker
        return earlier

    def _other_first_name(self, text: str, m: SpeakerMention) -> bool:
        """A known surname after another first name is someone else: "Laura Vardanyan" is
        not Ruben Vardanyan."""
        surface = text[m.start : m.end]
        if " " in surface.strip() or m.speaker.kind != "person":
            return False
        prev = _WORD_BEFORE.search(text[: m.start])
        if not prev or text[prev.end(1) : m.start] != " ":
            return False
        word = prev.group(1)
        lang = self.langs[0] if self.langs else None
        first = m.speaker.name.split()[0]
        return (
            word[:1].isupper()
            and not _same_first_name(_fold(name_to_latin(word, lang)), _fold(first))
            and not ordinary(word, lang)
            and not (lang == "de" and word[1:].islower() and len(word) > 6)
        )

    def _not_names(self, ctx: SentenceContext) -> list[tuple[int, int]]:
        """Spans that are never part of a name: places, dates, countries' adjectives."""
        spans = [(pm.start, pm.end) for pm in ctx.places] + [(d.start, d.end) for d in ctx.dates]
        any_actor, by_actor = self.clex.actors_for(ctx.languages)
        if any_actor is not None and any_actor.search(ctx.text):
            for pat in by_actor.values():
                spans.extend((m.start(), m.end()) for m in pat.finditer(ctx.text))
        return spans

    def _person(self, nm: NameMention) -> Speaker:
        surname = _fold(nm.name.split()[-1])
        sp = self.memory.persons.get(surname)
        if sp is None:
            known = [k for k in self.speakers.speakers if k.kind == "person"]
            sp = next((k for k in known if _same_person(nm.name, k.name)), None)
            sp = sp or Speaker(nm.name, None, None)
            self.memory.persons[surname] = sp
        return sp

    def _remembered(self, text: str, taken) -> list[_Mention]:
        """A surname alone ("Bağdasaryan, toplamda …") for someone named in full before."""
        if not self.memory.persons:
            return []
        out = []
        lang = self.langs[0] if self.langs else None
        for m in re.finditer(r"(?<![\w-])([^\W\d_][\w-]+)(?:['’]\w+)?", text):
            word = m.group(1)
            if not word[0].isupper() or any(ts < m.end() and m.start() < te for ts, te in taken):
                continue
            sp = self.memory.persons.get(_fold(name_to_latin(word, lang)))
            if sp:
                out.append(_Mention(sp, m.start(1), m.end(), "name"))
        return out

    def _pronouns(self, text: str, paragraph: int) -> list[_Mention]:
        if not self.cues.pronouns:
            return []
        sp = self.memory.last(paragraph, person=True)
        if sp is None:
            return []
        out = []
        for m in re.finditer(r"\w+", text):
            w = m.group(0)
            if (
                w in self.cues.pronouns
                or (w.lower() in self.cues.pronouns and w.islower())
                or m.start() == 0
                and w.lower() in self.cues.pronouns
            ):
                out.append(_Mention(sp, m.start(), m.end(), "pronoun"))
        return out

    def _blocked(self, text: str, m: _Mention, ctx: SentenceContext) -> bool:
        """A name after "for", "of", "de", "von" is a complement, not the one speaking:
        "a spokesman for Harutiunian said", "von Regierungschef Nikol Paschinjan"."""
        if m.kind != "pronoun" and _OBLIQUE_AFTER.match(text, m.end):
            return True
        blockers = self.cues.blockers
        if not blockers:
            return False
        head = text[: m.start]
        prev = _WORD_BEFORE.search(head)
        if not prev:
            return False
        if prev.group(1).lower() in blockers and not head.rstrip().endswith(","):
            return True
        if m.kind in ("pronoun", "polity") or head.rstrip().endswith(","):
            return False
        # "aide to President X", "del presidente X", "von Regierungschef X": a title
        # between the preposition and the name; "President of Azerbaijan X" is no such case
        title = prev.group(1)
        in_place = any(pm.start < prev.end(1) and prev.start(1) < pm.end for pm in ctx.places)
        if len(title) > 3 and not in_place:
            earlier = _WORD_BEFORE.search(head[: prev.start(1)])
            return bool(earlier and earlier.group(1).lower() in blockers)
        return False

    # --- who said what ----------------------------------------------------------------
    def sentence(self, ctx: SentenceContext, paragraph: int) -> list[Statement]:
        text = ctx.text
        days = [d.value for d in ctx.dates if len(d.value) == 10 and not d.since]
        if days and not self.published:
            self.news_day = max([*days, self.news_day or ""])
        verbs = find_speech_verbs(text, self.langs, self.lex)
        attributions = list(self.clex.attribution.finditer(text)) if self.clex.attribution else []
        if not verbs and not attributions:
            self._remember_people(ctx, paragraph)
            return []
        named = self.mentions(ctx, paragraph)
        mentions = [m for m in named if not self._blocked(text, m, ctx)]
        found: dict[str, tuple[_Mention, int]] = {}
        for i, (vs, ve) in enumerate(verbs):
            prev_end = verbs[i - 1][1] if i else 0
            if i and _COORDINATED.search(text[prev_end:vs]):
                continue  # "said ... and called on Moscow": the same speaker goes on
            chosen = self._agent(text, named, vs, ve) or self._subject(
                text, mentions, vs, ve, prev_end
            )
            if chosen is None and i == 0 and self._dropped_subject(text, vs, mentions):
                sp = self.memory.last(paragraph, person=False)
                chosen = _Mention(sp, vs, vs, "pronoun") if sp else None
            for m in self._with_coordinated(text, mentions, chosen):
                if m.speaker.name not in found:
                    found[m.speaker.name] = (m, vs)
        for a in attributions:
            # "selon le ministère ...", not "selon des médias, Ilham Aliev ne ..."
            near = [
                m
                for m in mentions
                if a.end() <= m.start <= a.end() + _MAX_ATTRIBUTION_GAP
                and "," not in text[a.end() : m.start]
                and m.kind != "pronoun"
            ]
            if near:
                chosen = min(near, key=lambda m: m.start)
                found.setdefault(chosen.speaker.name, (chosen, a.start()))
        if any(m.speaker.kind != "media" for m, _ in found.values()):
            # "the government said …, as reported by the agency X", "according to TASS,
            # the ministry announced": the agency only relays who spoke
            found = {k: v for k, v in found.items() if v[0].speaker.kind != "media"}
        out = self._statements(ctx, found)
        for st_mention, _ in sorted(found.values(), key=lambda x: x[1]):
            self.memory.said.append((paragraph, st_mention.speaker))
        return out

    def _agent(self, text: str, named, vs: int, ve: int) -> _Mention | None:
        """The speaker of a passive speech verb: "a été confirmée, de source directe et par
        le ministère X", "was announced by Baku", "wurde vom Ministerium bestätigt"."""
        cues = self.cues
        if not cues.agents:
            return None
        lead = re.findall(r"[\w'’]+", text[max(0, vs - _PASSIVE_BEFORE) : vs].lower())
        if not any(w in cues.passive_auxiliaries for w in lead[-3:]):
            # verb last: "wurde vom Ministerium bestätigt", the agent before the participle
            for m in named:
                if m.end > vs or m.kind == "pronoun" or not _ADJACENT.match(text[m.end : vs]):
                    continue
                head = text[max(0, m.start - _PASSIVE_BEFORE) : m.start].lower()
                before = re.findall(r"[\w'’]+", head)
                # "von" right before the name or its determiner, an auxiliary before that
                at = next(
                    (i for i in (-1, -2) if len(before) >= -i and before[i] in cues.agents), 0
                )
                if at and any(w in cues.passive_auxiliaries for w in before[at - 3 : at]):
                    return m
            return None
        for m in sorted(named, key=lambda m: m.start):
            if m.start < ve or m.kind == "pronoun":
                continue
            gap = text[ve : m.start]
            if m.start > ve + _MAX_AGENT_GAP or any(ch in gap for ch in '.;:!?«»“”"'):
                return None
            words = re.findall(r"[\w'’]+", gap.lower())
            if any(w in cues.agents for w in words[-3:]):
                return self._person_of(text, named, m)
        return None

    @staticmethod
    def _with_coordinated(text: str, mentions, chosen: _Mention | None) -> list[_Mention]:
        """ "Estados Unidos y Francia insistieron", "Russland, die EU und die USA forderten":
        every subject of the list speaks."""
        if chosen is None:
            return []
        out = [chosen]
        determiners = institution_rules().determiners
        while True:
            head = out[0]
            prev = [
                m
                for m in mentions
                if m.end <= head.start
                and m.kind != "pronoun"
                and _listed_before(text[m.end : head.start], determiners, len(out) > 1)
            ]
            if not prev:
                return out
            out.insert(0, max(prev, key=lambda m: m.end))

    def _remember_people(self, ctx: SentenceContext, paragraph: int) -> None:
        """Named people in sentences without speech still teach their surnames."""
        if any(ch.isupper() for ch in ctx.text[1:]):
            taken = self._not_names(ctx) + [(m.start, m.end) for m in self.speakers.find(ctx.text)]
            lang = self.langs[0] if self.langs else None
            for nm in find_names(ctx.text, lang, taken):
                self._person(nm)

    def _subject(self, text, mentions, vs, ve, prev_end) -> _Mention | None:
        # '…TASS), très similaire", a-t-elle déclaré': names before the quote's closing mark
        # are inside what was said, not the one saying it
        # (those before its opening mark may still speak: 'Trump, "…" dedi')
        closing = max(text.rfind(mark, 0, vs) for mark in _CLOSING_QUOTES)
        opening = -1
        if closing >= 0 and _AFTER_QUOTE.fullmatch(text, closing + 1, vs):
            opening = text.rfind(_CLOSING_QUOTES[text[closing]], 0, closing)
        else:
            closing = -1
        before = [
            m
            for m in mentions
            if m.end <= vs
            and m.start >= max(prev_end, vs - _MAX_BEFORE)
            and not opening < m.start < closing
            and self._may_precede(text, m, vs)
        ]
        chosen, strong = _subject_before(text, before, vs)
        if strong:
            return chosen
        lead = text[max(prev_end, 0) : vs]
        inverted = (
            _INVERTED.search(lead) is not None
            or len(lead.split()) <= 1
            or (self.cues.subject_after_verb and not before and len(lead.split()) <= 4)
        )
        after = self._subject_after(text, mentions, ve) if inverted else None
        return after or chosen

    def _subject_after(self, text: str, mentions, ve: int) -> _Mention | None:
        """Inverted order: "« … », a déclaré X", "Об этом сообщил X", "informa el portavoz
        …, X"; never past "that"/"que"/"что" (what follows is what was said)."""
        for m in sorted(mentions, key=lambda m: m.start):
            if m.start < ve:
                continue
            gap = text[ve : m.start]
            if m.start > ve + _MAX_AFTER or any(ch in gap for ch in '.;:!?«»“”"؛؟'):
                return None
            if any(w in self.cues.complementizers for w in re.findall(r"\w+", gap)):
                return None
            if m.kind == "pronoun" and not _PRONOUN_GAP.match(gap):
                continue
            if m.kind == "polity" and (
                gap.strip() or not re.match(r"\s*(?:[.,;]|$)", text[m.end :])
            ):
                continue  # only "…», advirtió Bakú.", not "residents of Karabakh said"
            return self._person_of(text, mentions, m)
        return None

    @staticmethod
    def _person_of(text: str, mentions, m: _Mention) -> _Mention:
        """ "… press secretary of the Defence Ministry Aram Torosyan": an institution
        followed closely by a person's name is where the person works; the person speaks."""
        if m.kind not in ("institution", "anaphor") and m.speaker.kind != "institution":
            return m
        for other in mentions:
            gap = text[m.end : other.start]
            if (
                other.kind in ("name", "known")
                and other.start >= m.end
                and len(gap) <= 40
                and other.speaker.kind == "person"
                and not any(ch in gap for ch in ".;:!?")
            ):
                return other
        return m

    @staticmethod
    def _may_precede(text: str, m: _Mention, vs: int) -> bool:
        gap = text[m.end : vs]
        if m.kind in ("polity", "anaphor"):
            return bool(_ADJACENT.match(gap))
        if m.kind == "pronoun":
            return bool(_PRONOUN_GAP.match(gap))
        return True

    def _dropped_subject(self, text: str, vs: int, mentions) -> bool:
        """A verb opening its sentence (or following the quote it introduces) with no
        subject, in a language that drops subject pronouns: "Explicó que …"."""
        if not self.cues.pro_drop or any(m.end <= vs for m in mentions):
            return False
        verb = re.match(r"\w+", text[vs:])
        if verb and self.cues.plural_endings and verb.group(0).endswith(self.cues.plural_endings):
            return False  # "Dijeron que …": an impersonal "they"
        lead = text[:vs]
        return not lead.strip() or _INVERTED.search(lead) is not None

    def _statements(self, ctx: SentenceContext, found) -> list[Statement]:
        text = ctx.text
        quotes = _quotes(text, self.clex)
        ordered = sorted(found.values(), key=lambda x: x[1])
        anchors = [anchor for _, anchor in ordered]
        out = []
        for mention, anchor in ordered:
            # a quote belongs to the nearest speaker before it; one leading the sentence
            # ("« ... », a déclaré X") to the first speaker
            mine = [
                (s, e)
                for s, e in quotes
                if max([a for a in anchors if a < s], default=anchors[0]) == anchor
            ]
            quote = text[mine[0][0] : mine[0][1]] if mine else None
            d = _statement_date(ctx, anchor, self.published)
            sp = mention.speaker
            out.append(
                Statement(
                    speaker=sp.name,
                    speaker_role=sp.role,
                    side=sp.side,
                    date=d.value if d else self.published or self.news_day,
                    quote=quote,
                    mode="direct" if quote else "indirect",
                    evidence=text,
                )
            )
        return out


def article_statements(
    contexts: list[SentenceContext],
    clex: CompiledLexicon,
    speakers: SpeakerIndex,
    published: str | None,
    langs: list[str],
) -> list[Statement]:
    """Every statement of an article, in order; `langs` are the article's languages, the
    main one first (its lemmas and pronouns are used).

    A statement with no date of its own is dated by the publication date (news reports
    what was said that day); without one, by the latest day the article has named so
    far, which is as near to the news day as the text gets."""
    finder = _ArticleStatements(clex, speakers, langs, published)
    out: list[Statement] = []
    for ctx in contexts:
        out.extend(finder.sentence(ctx, ctx.paragraph))
    return out
