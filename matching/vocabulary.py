"""The trilingual domain vocabulary: loading (with located errors) and mapping text onto concepts.

Format: resources/vocabulary/FORMAT.md. Chinese terms are matched as substrings of the normalised text
(longest first); Russian and English terms as sequences of Snowball stems (longest first), so
"сверхпроводящих материалов" finds the term "сверхпроводящие материалы".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .fields import FIELDS
from .text import normalize_same_length, word_key

LANGS = ("zh", "ru", "en")
_ID = re.compile(r"\[([a-z][a-z_]*\.[a-z0-9_]+)\]")
_LINE = re.compile(r"([a-zA-Z_-]+)\s*:\s*(.*)")
_WORD = re.compile(r"[a-z0-9]+(?:[-+.'][a-z0-9]+)*|[а-я0-9]+(?:-[а-я0-9]+)*")
_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MAX_PHRASE = 8


class VocabularyError(ValueError):
    """A malformed vocabulary entry: the message names the file and line."""


@dataclass
class Concept:
    id: str
    fields: list[str]
    terms: dict[str, list[str]]
    note: str = ""

    def preferred(self, lang: str) -> str:
        terms = self.terms.get(lang) or self.terms.get("en") or [self.id]
        return terms[0]


@dataclass
class ConceptHit:
    concept_id: str
    start: int
    end: int
    surface: str


@dataclass
class Vocabulary:
    concepts: dict[str, Concept] = field(default_factory=dict)
    # zh: term → concept ids; (first two chars) → term lengths, longest first
    _zh_terms: dict[str, list[str]] = field(default_factory=dict)
    _zh_index: dict[str, list[int]] = field(default_factory=dict)
    # ru/en: tuple of stems → concept ids; first stem → phrase lengths, longest first
    _phrases: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    _phrase_index: dict[str, list[int]] = field(default_factory=dict)
    # how Russian/English words are compared: "stem" (Snowball), "lemma" or "surface"; see
    # text.word_key and the measurements in benchmarks/eval_matching.py
    word_form: str = "stem"

    def __len__(self) -> int:
        return len(self.concepts)

    # ---- building ------------------------------------------------------------------------------
    def add(self, concept: Concept, where: str = "") -> None:
        if concept.id in self.concepts:
            raise VocabularyError(f"{where}: duplicate concept id {concept.id!r}")
        self.concepts[concept.id] = concept
        for term in concept.terms.get("zh", []):
            key = "".join(normalize_same_length(term).split())
            ids = self._zh_terms.setdefault(key, [])
            if concept.id not in ids:
                ids.append(concept.id)
        for lang in ("ru", "en"):
            for term in concept.terms.get(lang, []):
                for stems in phrase_variants(term, self.word_form):
                    ids = self._phrases.setdefault(stems, [])
                    if concept.id not in ids:
                        ids.append(concept.id)
        # Latin abbreviations written in Chinese term lists (e.g. "CAR-T细胞") match through the zh path.

    def finalize(self) -> Vocabulary:
        zh_index: dict[str, set[int]] = defaultdict(set)
        for term in self._zh_terms:
            if len(term) >= 2:
                zh_index[term[:2]].add(len(term))
        self._zh_index = {k: sorted(v, reverse=True) for k, v in zh_index.items()}
        ph_index: dict[str, set[int]] = defaultdict(set)
        for stems in self._phrases:
            ph_index[stems[0]].add(len(stems))
        self._phrase_index = {k: sorted(v, reverse=True) for k, v in ph_index.items()}
        return self

    # ---- mapping text --------------------------------------------------------------------------
    def find(self, text: str) -> list[ConceptHit]:
        """Concept occurrences in `text`, longest match first, non-overlapping within each script path."""
        return self.find_normalized(normalize_same_length(text), text)

    def find_normalized(self, norm: str, text: str) -> list[ConceptHit]:
        """find() for a text already passed through normalize_same_length (the analyser has it)."""
        hits: list[ConceptHit] = []
        if _HAN_CHAR.search(norm):
            hits += self._find_zh(norm, text)
        hits += self._find_words(norm, text)
        hits.sort(key=lambda h: h.start)
        return hits

    def _find_zh(self, norm: str, original: str) -> list[ConceptHit]:
        out = []
        i, n = 0, len(norm)
        index, terms = self._zh_index, self._zh_terms
        while i < n - 1:
            lengths = index.get(norm[i : i + 2])
            if lengths:
                for length in lengths:
                    if i + length > n:
                        continue
                    ids = terms.get(norm[i : i + length])
                    if ids:
                        surface = original[i : i + length]
                        out.extend(ConceptHit(cid, i, i + length, surface) for cid in ids)
                        i += length
                        break
                else:
                    i += 1
            else:
                i += 1
        return out

    def _find_words(self, norm: str, original: str) -> list[ConceptHit]:
        # Stop words stay in the sequence: a term is matched as written ("промышленное ПО" must not
        # shrink to "промышленное" because "по" is also a preposition).
        key = word_key(self.word_form)
        toks = [(m.start(), m.end(), key(m.group())) for m in _WORD.finditer(norm)]
        out = []
        i, n = 0, len(toks)
        index, phrases = self._phrase_index, self._phrases
        while i < n:
            lengths = index.get(toks[i][2])
            matched = False
            if lengths:
                for length in lengths:
                    if i + length > n:
                        continue
                    key = tuple(t[2] for t in toks[i : i + length])
                    ids = phrases.get(key)
                    if ids:
                        s, e = toks[i][0], toks[i + length - 1][1]
                        out.extend(ConceptHit(cid, s, e, original[s:e]) for cid in ids)
                        i += length
                        matched = True
                        break
            if not matched:
                i += 1
        return out

    def concept_counts(self, text: str) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for h in self.find(text):
            counts[h.concept_id] += 1
        return dict(counts)

    def field_profile(self, concept_counts: dict[str, int]) -> dict[str, float]:
        """Share of each field among the concepts found: a field profile even when the author set none."""
        prof: dict[str, float] = defaultdict(float)
        for cid, n in concept_counts.items():
            c = self.concepts.get(cid)
            if c:
                for f in c.fields:
                    prof[f] += n / len(c.fields)
        total = sum(prof.values()) or 1.0
        return {f: v / total for f, v in sorted(prof.items(), key=lambda kv: -kv[1])}


_RU_HARD_END = re.compile(r"[бвгджзклмнпрстфхцчшщ]$")
_CYRILLIC_WORD = re.compile(r"[а-я]")
_RU_FLEETING = re.compile(r"[ое]([кцлр])$")  # станок/станка, котел/котла, ветер/ветра, узел/узла
MAX_VARIANTS = 8


def word_stems(word: str, word_form: str = "stem") -> list[str]:
    """The stems a vocabulary word (written in its dictionary form) should match. Russian nouns are
    written in the nominative, but texts mostly use other cases, and Snowball does not always give the
    nominative the stem of its other cases: a noun ending in a hard consonant also accepts the stem of
    its genitive, and of its genitive without a fleeting vowel (станок → станка → "станк")."""
    key = word_key(word_form)
    own = key(word)
    out = [own]
    if word_form != "stem" or len(word) <= 3 or not _CYRILLIC_WORD.match(word):
        return out
    alts = []
    if _RU_HARD_END.search(word):
        alts.append(key(word + "а"))  # the genitive's stem: графит → графита → "графит"
        m = _RU_FLEETING.search(word)
        if m:
            alts.append(key(word[: m.start()] + m.group(1) + "а"))  # станок → станка → "станк"
        if own != word:
            alts.append(word)  # метан → "мета", but метаном → "метан"
    elif word[-1] in "аоя" and len(own) < len(word) - 1:
        alts.append(word[:-1])  # охрана → "охра", but охраны → "охран"; зеркало → "зерка", but зеркала → "зеркал"
    for a in alts:
        if a not in out and len(a) >= 3:
            out.append(a)
    return out


def phrase_variants(term: str, word_form: str = "stem") -> list[tuple[str, ...]]:
    """The stem sequences a term matches: its own, and those with other-case stems of its nouns (at most
    MAX_VARIANTS, the term's own first)."""
    words = _WORD.findall(normalize_same_length(term))
    if not words:
        return []
    variants: list[tuple[str, ...]] = [()]
    for w in words:
        alts = word_stems(w, word_form)
        variants = [v + (a,) for v in variants for a in alts][:MAX_VARIANTS]
    return variants


# ---- loading ------------------------------------------------------------------------------------

def parse_vocabulary(text: str, source: str, vocab: Vocabulary | None = None) -> Vocabulary:
    vocab = vocab if vocab is not None else Vocabulary()
    block: dict[str, str] = {}
    start = 0

    def flush() -> None:
        nonlocal block
        if not block:
            return
        where = f"{source}:{start}"
        cid = block.pop("id")
        for key in ("field", *LANGS):
            if not block.get(key):
                raise VocabularyError(f"{where}: concept {cid!r} has no '{key}:' line")
        fields = [f.strip() for f in block["field"].split(",") if f.strip()]
        unknown = [f for f in fields if f not in FIELDS]
        if unknown:
            raise VocabularyError(f"{where}: concept {cid!r}: unknown field {unknown[0]!r}")
        terms = {}
        for lang in LANGS:
            items = [t.strip() for t in block[lang].split("|")]
            if any(not t for t in items):
                raise VocabularyError(f"{where}: concept {cid!r}: empty term in '{lang}:'")
            if lang == "zh":
                for t in items:
                    if len(t) < 2 or not _HAN_CHAR.search(t):
                        raise VocabularyError(f"{where}: concept {cid!r}: zh term {t!r} must have two or more characters and Chinese script")
            terms[lang] = items
        vocab.add(Concept(cid, fields, terms, block.get("note", "")), where)
        block = {}

    for lineno, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s or s.startswith("#"):
            if not s:
                flush()
            continue
        if s.startswith("["):
            m = _ID.fullmatch(s)
            if not m:
                raise VocabularyError(f"{source}:{lineno}: bad concept id {s!r} (expected [field.slug], lowercase ASCII)")
            flush()
            block = {"id": m.group(1)}
            start = lineno
            continue
        m = _LINE.fullmatch(s)
        if not m:
            raise VocabularyError(f"{source}:{lineno}: cannot read {s!r} (expected 'key: value')")
        if not block:
            raise VocabularyError(f"{source}:{lineno}: {s!r} is outside a concept (start one with [field.slug])")
        key = m.group(1).lower()
        if key not in ("field", "note", *LANGS):
            raise VocabularyError(f"{source}:{lineno}: unknown key {key!r}")
        if key in block:
            raise VocabularyError(f"{source}:{lineno}: '{key}:' given twice in concept {block['id']!r}")
        block[key] = m.group(2).strip()
    flush()
    return vocab


def load_vocabulary(paths: Iterable[str | Path], word_form: str = "stem") -> Vocabulary:
    vocab = Vocabulary(word_form=word_form)
    for p in sorted(Path(x) for x in paths):
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            line = p.read_bytes()[: exc.start].count(b"\n") + 1
            raise VocabularyError(f"{p.name}:{line}: not valid UTF-8 (byte 0x{exc.object[exc.start]:02x})") from None
        parse_vocabulary(text, p.name, vocab)
    return vocab.finalize()
