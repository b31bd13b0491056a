"""Needs matching: how well an activity's words meet its audience's open needs. No Django.

An activity states what it is about in its title, expressed purpose and description; members
state their needs in their own words, in several languages and with typos. The match is a text
similarity of the two, TF-IDF weighted, over two kinds of features:

- **words**: the content words (lowercased, accents removed, stop words of English, French,
  Spanish, Portuguese and German left out), so the same word counts fully;
- **character n-grams of 3 to 5 letters inside each word** (scikit-learn's ``char_wb``), so that
  other forms of a word (``leak``/``leakage``, ``tariff``/``tarifa``) and typos (``meterring``)
  still share most of their features.

The similarity of a need and a text is ``WORD_WEIGHT · cos_words + (1 − WORD_WEIGHT) · cos_grams``
(cosines of the TF-IDF vectors, idf smoothed as scikit-learn does, fitted on the needs). A long
description would dilute every cosine, so the activity's text is cut into passages of at most
PASSAGE_WORDS content words (sentences kept whole) and a need's similarity is its best passage's.
A need is *touched* when its similarity reaches MATCH_THRESHOLD. docs/planning.md gives the
formulas of the overall match and how the thresholds were chosen.

Speed: n-grams are counted once per distinct word, not per need, and a need's n-gram counts are
its words' counts summed (a sparse product), so preparing 50,000 needs takes a few tenths of a
second and answering a text a few milliseconds (benches/bench_needs_match.py). Deterministic: the
same needs and text give the same numbers and order.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any

import numpy as np
from scipy import sparse

MATCH_THRESHOLD = 0.08  # a need whose similarity reaches this is touched by the activity
STRONG_MATCH = 0.25  # from here on a touched need counts fully in the score
WORD_WEIGHT = 0.5  # share of whole-word similarity; the rest is character n-grams
GRAM_RANGE = (3, 5)
TERM_SIMILARITY = 0.4  # n-gram cosine from which two words that begin alike are one term
PASSAGE_WORDS = 25
BEST_MATCHES = 5
QUOTE_CHARS = 240
_CHUNK = 20_000  # rows per sparse product when preparing, to bound memory

_TOKEN = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n")
_PARAGRAPH = re.compile(r"\n\s*\n")

# Words that say nothing about the topic: articles, pronouns, auxiliaries, and the words every
# request uses ("need", "help", "looking"), in the languages members write most.
_STOP_TEXT = """
    a about after again all also am an and any are as at be because been before being both but by
    can could did do does doing done during each few for from further get got had has have having
    he her here hers him his how however i if in into is it its just like me more most my no nor
    not now of off on once only or other others our ours out over own same she should so some such
    than that the their theirs them then there these they this those through to too under until up
    us very was we were what when where which while who whom why will with would you your yours
    want wants need needs needed help helps looking look find know how way ways someone anyone
    people thing things get make many much lot lots use using used still every since
    le la les un une des du de et ou en au aux ce ces cet cette il ils elle elles nous vous je tu on
    est sont pour par avec sans dans sur qui que quoi dont mais plus pas ne se sa son ses leur leurs
    notre nos votre vos comme tres besoin aide aider cherchons cherche faire
    el los las unos unas del al y o en con sin para por que quien como mas pero su sus nuestro
    nuestra nuestros nuestras es son esta estan este estos ese eso muy necesitamos necesita ayuda
    ayudar buscamos hacer
    o os um uma uns umas do da dos das no na nos nas em com sem para por que como mais mas seu sua
    seus suas nosso nossa nossos nossas e sao esta estao muito precisamos precisa apoio ajuda
    ajudar
    der die das den dem des ein eine einen einem einer und oder mit ohne fur von zu zum zur im
    auf aus bei ist sind wir ihr sie er es ich nicht auch noch wie was wer brauchen hilfe
    """
STOP_WORDS = frozenset(_STOP_TEXT.split())


@lru_cache(maxsize=200_000)
def _term(word: str) -> str:
    """The matching form of a lowercased word: accents removed; "" for a stop word or a number."""
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    if len(plain) < 2 or plain in STOP_WORDS or plain.isdigit():
        return ""
    return plain


def terms(text: str) -> list[str]:
    """The content words of ``text`` in their matching form, in order (repeats kept)."""
    return [t for t in map(_term, _TOKEN.findall(text.lower())) if t]


def passages(text: str, max_words: int = PASSAGE_WORDS) -> list[str]:
    """``text`` cut into passages: paragraphs (separated by a blank line) are never joined;
    inside one, sentences and lines are grouped up to ``max_words`` content words (a longer
    sentence stays whole). An empty text gives no passage."""
    found: list[str] = []
    for paragraph in _PARAGRAPH.split(text):
        current: list[str] = []
        count = 0
        for sentence in _SENTENCE_END.split(paragraph):
            size = len(terms(sentence))
            if not size:
                continue
            if current and count + size > max_words:
                found.append(" ".join(current))
                current, count = [], 0
            current.append(sentence.strip())
            count += size
        if current:
            found.append(" ".join(current))
    return found


def activity_text(title: str, purpose: str, description: str = "") -> str:
    """The words an activity is matched by: title and expressed purpose (one passage when
    short), then the description's own passages."""
    head = "\n".join(part.strip() for part in (title, purpose) if part.strip())
    return "\n\n".join(part for part in (head, description.strip()) if part)


def _smooth_idf(document_frequency: np.ndarray, documents: int) -> np.ndarray:
    # scikit-learn's TfidfTransformer(smooth_idf=True): as if one more document held every term.
    return (np.log((1 + documents) / (1 + document_frequency)) + 1).astype(np.float64)


def _gram_analyzer() -> Any:
    from sklearn.feature_extraction.text import CountVectorizer  # heavy: import when needed

    return CountVectorizer(
        analyzer="char_wb", ngram_range=GRAM_RANGE, lowercase=False, dtype=np.float64
    )


@lru_cache(maxsize=50_000)
def _word_grams(word: str) -> Counter[str]:
    return Counter(_analyze(word))


@lru_cache(maxsize=1)
def _analyzer() -> Callable[[str], list[str]]:
    analyze: Callable[[str], list[str]] = _gram_analyzer().build_analyzer()
    return analyze


def _analyze(word: str) -> list[str]:
    return _analyzer()(word)


def term_similarity(a: str, b: str) -> float:
    """Cosine of the character n-gram counts of two matching-form words: 1 when equal, 0 when
    they begin differently (typos and other forms keep the start of a word; ``numbers`` and
    ``members`` share half their n-grams but are not one term)."""
    if a == b:
        return 1.0
    if a[:2] != b[:2]:
        return 0.0
    ga, gb = _word_grams(a), _word_grams(b)
    dot = sum(count * gb[gram] for gram, count in ga.items() if gram in gb)
    if not dot:
        return 0.0
    na = sum(c * c for c in ga.values()) ** 0.5
    nb = sum(c * c for c in gb.values()) ** 0.5
    return float(dot / (na * nb))


class NeedsIndex:
    """Needs prepared for matching: built once (per community), asked about many texts.

    ``texts`` are the needs' words; ``ids`` (optional, default 0..n-1) name them, and
    :meth:`rows_of` finds rows by id when ``ids`` are ascending. Holds, per need, its words
    (a sparse need-by-word count matrix) and the norms of its two TF-IDF vectors; per word,
    its n-gram counts. Read-only once built, so it can be shared between threads.
    """

    def __init__(self, texts: Sequence[str], ids: Sequence[int] | np.ndarray | None = None):
        self.texts: tuple[str, ...] = tuple(texts)
        documents = len(self.texts)
        self.ids = np.asarray(ids if ids is not None else range(documents), dtype=np.int64)
        if len(self.ids) != documents:
            raise ValueError("ids and texts must have the same length")
        # Tokens are looked up once per distinct spelling, and the rest is array work: this
        # is most of the time spent on 50,000 needs.
        tokenized = {text: _TOKEN.findall(text.lower()) for text in dict.fromkeys(self.texts)}
        per_text = [tokenized[text] for text in self.texts]
        tokens = list(chain.from_iterable(per_text))
        vocabulary: dict[str, int] = {}
        column_of: dict[str, int] = {}
        for token in set(tokens):
            term = _term(token)
            column_of[token] = vocabulary.setdefault(term, len(vocabulary)) if term else -1
        columns = np.fromiter(map(column_of.__getitem__, tokens), np.int64, len(tokens))
        owners = np.repeat(np.arange(documents), np.fromiter(map(len, per_text), np.int64))
        kept = columns >= 0
        self.vocabulary = vocabulary
        words = len(vocabulary)
        doc_words = sparse.csr_matrix(
            (np.ones(int(kept.sum())), (owners[kept], columns[kept])), shape=(documents, words)
        )
        doc_words.sum_duplicates()
        self.doc_words = doc_words
        word_df = np.bincount(doc_words.indices, minlength=words)
        self.word_idf = _smooth_idf(word_df, documents)
        self.unseen_idf = float(_smooth_idf(np.zeros(1), documents)[0])
        self.word_norm = np.sqrt(doc_words.power(2) @ self.word_idf**2)

        ordered = sorted(vocabulary, key=vocabulary.__getitem__)
        self.spellings = ordered  # the matching form of each word, by column
        vectorizer = _gram_analyzer()
        if ordered:
            self.word_grams = sparse.csr_matrix(vectorizer.fit_transform(ordered))
            self.gram_vocabulary: dict[str, int] = vectorizer.vocabulary_
        else:
            self.word_grams = sparse.csr_matrix((0, 0))
            self.gram_vocabulary = {}
        lengths = np.sqrt(np.asarray(self.word_grams.power(2).sum(axis=1)).ravel())
        lengths[lengths == 0] = 1.0
        self.word_grams_unit = sparse.csr_matrix(sparse.diags(1 / lengths) @ self.word_grams)
        grams = self.word_grams.shape[1]
        gram_df = np.zeros(grams, dtype=np.int64)
        for start in range(0, documents, _CHUNK):
            block = doc_words[start : start + _CHUNK] @ self.word_grams
            gram_df += np.bincount(block.indices, minlength=grams)
        self.gram_idf = _smooth_idf(gram_df, documents)
        gram_norm = np.zeros(documents)
        for start in range(0, documents, _CHUNK):
            block = doc_words[start : start + _CHUNK] @ self.word_grams
            block.data **= 2  # a product has no duplicate entries: square them in place
            gram_norm[start : start + _CHUNK] = block @ self.gram_idf**2
        self.gram_norm = np.sqrt(gram_norm)

    def __len__(self) -> int:
        return len(self.texts)

    def rows_of(self, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """The row of each need id (the index's ids must be ascending); -1 for an id the index
        does not hold."""
        wanted = np.asarray(ids, dtype=np.int64)
        if not len(self.ids) or not len(wanted):
            return np.full(len(wanted), -1, dtype=np.int64)
        rows = np.minimum(np.searchsorted(self.ids, wanted), len(self.ids) - 1)
        return np.where(self.ids[rows] == wanted, rows, -1)

    def _soft_words(self, columns: list[Counter[str]]) -> sparse.csr_matrix:
        """A words-by-columns matrix: for each word of the needs, its weight in each column's
        query, idf² times the count of the column's closest term, times how alike the two are
        (1 for the same word; the n-gram cosine when at least TERM_SIMILARITY and the two begin
        with the same two letters: a typo, a plural, another form; else 0)."""
        words = len(self.vocabulary)
        distinct = sorted({term for counts in columns for term in counts})
        rows: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        for column, term in enumerate(distinct):
            grams = _word_grams(term)
            length = sum(k * k for k in grams.values()) ** 0.5
            for gram, k in grams.items():
                position = self.gram_vocabulary.get(gram)
                if position is not None:
                    rows.append(position)
                    cols.append(column)
                    values.append(k / length)
        term_grams = sparse.csr_matrix(
            (values, (rows, cols)), shape=(self.word_grams.shape[1], len(distinct))
        )
        alike = sparse.csc_matrix(self.word_grams_unit @ term_grams)
        alike.data[alike.data < TERM_SIMILARITY - 1e-9] = 0.0
        alike.eliminate_zeros()
        spellings = self.spellings
        for column, term in enumerate(distinct):  # as term_similarity: the same start
            start, end = alike.indptr[column], alike.indptr[column + 1]
            for at in range(start, end):
                if spellings[alike.indices[at]][:2] != term[:2]:
                    alike.data[at] = 0.0
        alike.eliminate_zeros()
        # For each column, each word of the needs takes its closest term: gather the (word,
        # column, alike × count) triples of every term of the column and keep the largest.
        slot = {term: column for column, term in enumerate(distinct)}
        at_word: list[np.ndarray] = []
        at_column: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        for column, counts in enumerate(columns):
            for term, n in counts.items():
                start, end = alike.indptr[slot[term]], alike.indptr[slot[term] + 1]
                found = alike.indices[start:end]
                value = alike.data[start:end] * n
                position = self.vocabulary.get(term)
                if position is not None:  # the same word is alike by definition
                    value = np.where(found == position, float(n), value)
                at_word.append(found)
                at_column.append(np.full(len(found), column))
                weights.append(value)
        shape = (words, len(columns))
        if not sum(len(w) for w in weights):
            return sparse.csr_matrix(shape)
        word_of = np.concatenate(at_word)
        column_of = np.concatenate(at_column)
        value_of = np.concatenate(weights)
        key = word_of * len(columns) + column_of
        order = np.argsort(key, kind="stable")
        key, value_of = key[order], value_of[order]
        first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        largest = np.maximum.reduceat(value_of, first)
        unique = key[first]
        query = sparse.csr_matrix(
            (largest, (unique // len(columns), unique % len(columns))), shape=shape
        )
        return sparse.csr_matrix(sparse.diags(self.word_idf**2) @ query)

    def _query(self, columns: list[list[str]], rows: np.ndarray | None) -> np.ndarray:
        """Similarity of the needs at ``rows`` (default all) to each column's terms."""
        at: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        norms = np.zeros((2, len(columns)))
        counted = [Counter(column_terms) for column_terms in columns]
        for column, word_counts in enumerate(counted):
            gram_counts: Counter[str] = Counter()
            for term, n in word_counts.items():
                for gram, k in _word_grams(term).items():
                    gram_counts[gram] += n * k
                position = self.vocabulary.get(term)
                weight = self.unseen_idf if position is None else float(self.word_idf[position])
                norms[0, column] += (n * weight) ** 2
            for gram, n in gram_counts.items():
                position = self.gram_vocabulary.get(gram)
                weight = self.unseen_idf if position is None else float(self.gram_idf[position])
                norms[1, column] += (n * weight) ** 2
                if position is not None:
                    at.append(position)
                    cols.append(column)
                    values.append(n * weight * weight)
        word_query = self._soft_words(counted)
        gram_query = sparse.csr_matrix(
            (values, (at, cols)), shape=(self.word_grams.shape[1], len(columns))
        )
        doc_words = self.doc_words if rows is None else self.doc_words[rows]
        word_dots = (doc_words @ word_query).toarray()
        gram_dots = (doc_words @ (self.word_grams @ gram_query)).toarray()
        doc_norms = (self.word_norm, self.gram_norm)
        if rows is not None:
            doc_norms = (self.word_norm[rows], self.gram_norm[rows])
        similarity = np.zeros(word_dots.shape)
        for weight, dots, doc_norm, query_norm in (
            (WORD_WEIGHT, word_dots, doc_norms[0], np.sqrt(norms[0])),
            (1 - WORD_WEIGHT, gram_dots, doc_norms[1], np.sqrt(norms[1])),
        ):
            denominator = np.outer(doc_norm, query_norm)
            cosine = np.zeros(dots.shape)
            np.divide(dots, denominator, out=cosine, where=denominator > 0)
            similarity += weight * cosine
        return similarity

    def similarities(
        self, texts: Sequence[str], rows: Sequence[int] | np.ndarray | None = None
    ) -> np.ndarray:
        """A needs-by-texts matrix: the similarity (0..1) of each need (at ``rows``, default
        all) to each text, the best of the text's passages. A text without content words has
        similarity 0 to every need."""
        chosen = None if rows is None else np.asarray(rows, dtype=np.int64)
        height = len(self) if chosen is None else len(chosen)
        owners: list[int] = []
        columns: list[list[str]] = []
        for position, text in enumerate(texts):
            for passage in passages(text):
                owners.append(position)
                columns.append(terms(passage))
        result = np.zeros((height, len(texts)))
        if not columns or not height or not self.vocabulary:
            return result
        by_passage = self._query(columns, chosen)
        owner_of = np.asarray(owners)
        for position in range(len(texts)):
            mine = np.flatnonzero(owner_of == position)
            if len(mine):
                result[:, position] = by_passage[:, mine].max(axis=1)
        return np.clip(result, 0.0, 1.0)

    def similarity(self, text: str, rows: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
        """Each need's similarity (0..1) to ``text`` (the needs at ``rows``, default all)."""
        return self.similarities([text], rows)[:, 0]


@dataclass(frozen=True)
class MatchedNeed:
    """One need that the activity touches, and why: the words it shares with the activity."""

    id: int
    text: str
    urgency: int
    similarity: float
    shared_terms: tuple[str, ...]  # the need's own words that match the activity's, as written
    pieces: tuple[tuple[str, bool], ...]  # the (shortened) text in pieces; True = a shared term

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


@dataclass(frozen=True)
class NeedsMatch:
    """How well an activity matches its audience's open needs.

    ``share``: urgency-weighted share of the needs it touches (similarity ≥ threshold);
    ``score``: the same, each touched need counted by its strength, min(1, s / STRONG_MATCH).
    """

    needs: int
    touched: int
    share: float
    score: float
    best: tuple[MatchedNeed, ...]
    threshold: float = MATCH_THRESHOLD

    @property
    def percent(self) -> int:
        return round(self.share * 100)

    @property
    def score_percent(self) -> int:
        return round(self.score * 100)


def shared_terms(need: str, text: str) -> tuple[str, ...]:
    """The words of ``need`` (as written, first occurrence) that match a word of ``text``:
    the same word, or one whose n-grams are at least TERM_SIMILARITY alike (a typo, another
    form)."""
    theirs = set(terms(text))
    found: dict[str, str] = {}
    for written in _TOKEN.findall(need):
        term = _term(written.lower())
        if not term or term in found:
            continue
        if term in theirs or any(term_similarity(term, t) >= TERM_SIMILARITY for t in theirs):
            found[term] = written
    return tuple(found.values())


def highlighted(
    text: str, shared: Sequence[str], limit: int = QUOTE_CHARS
) -> tuple[tuple[str, bool], ...]:
    """``text`` (cut at ``limit`` characters, with an ellipsis) as pieces, the words in
    ``shared`` (case-insensitive) flagged True, for a template to mark them."""
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    wanted = {word.lower() for word in shared}
    pieces: list[tuple[str, bool]] = []
    at = 0
    for found in _TOKEN.finditer(text):
        if found.group().lower() in wanted:
            if found.start() > at:
                pieces.append((text[at : found.start()], False))
            pieces.append((found.group(), True))
            at = found.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return tuple(pieces)


def needs_match(
    text: str,
    index: NeedsIndex,
    *,
    rows: Sequence[int] | np.ndarray | None = None,
    urgencies: Sequence[int] | np.ndarray | None = None,
    best: int = BEST_MATCHES,
) -> NeedsMatch:
    """How well ``text`` (an activity's :func:`activity_text`) matches the needs of ``index``
    at ``rows`` (default: all), each weighted by its urgency (default 1).

    The best matches are the touched needs with the highest similarity (ties: more urgent, then
    the earlier row); a need worded exactly like one already listed is not listed twice.
    """
    chosen = np.arange(len(index)) if rows is None else np.asarray(rows, dtype=np.int64)
    weights = np.ones(len(chosen)) if urgencies is None else np.asarray(urgencies, dtype=np.float64)
    if len(weights) != len(chosen):
        raise ValueError("urgencies and rows must have the same length")
    if not len(chosen) or not weights.sum():
        return NeedsMatch(0, 0, 0.0, 0.0, ())
    similarity = index.similarity(text, chosen)
    touched = similarity >= MATCH_THRESHOLD
    total = weights.sum()
    share = float(weights[touched].sum() / total)
    strength = np.where(touched, np.minimum(1.0, similarity / STRONG_MATCH), 0.0)
    score = float((weights * strength).sum() / total)
    order = np.lexsort((np.arange(len(chosen)), -weights, -similarity))
    listed: list[MatchedNeed] = []
    seen: set[str] = set()
    for position in order:
        if not touched[position] or len(listed) == best:
            break
        row = int(chosen[position])
        need_text = index.texts[row]
        key = " ".join(terms(need_text))
        if key in seen:
            continue
        seen.add(key)
        shared = shared_terms(need_text, text)
        listed.append(
            MatchedNeed(
                id=int(index.ids[row]),
                text=need_text,
                urgency=int(weights[position]),
                similarity=round(float(similarity[position]), 3),
                shared_terms=shared,
                pieces=highlighted(need_text, shared),
            )
        )
    return NeedsMatch(
        needs=len(chosen),
        touched=int(touched.sum()),
        share=round(share, 4),
        score=round(score, 4),
        best=tuple(listed),
    )


def best_similarity(needs: Sequence[str], texts: Sequence[str]) -> list[float]:
    """For each need, its highest similarity to any of ``texts`` (0 when there are none)."""
    if not needs:
        return []
    if not texts:
        return [0.0] * len(needs)
    return [float(s) for s in NeedsIndex(needs).similarities(texts).max(axis=1)]
