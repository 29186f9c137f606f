"""Suggest demi-regularities: group CMOCs whose statements and evidence say similar things.

:class:`CMOCGrouper` is a scikit-learn style estimator. Each CMOC becomes one text (label,
statement and, when given, the words of its evidence); texts become TF-IDF vectors; average
linkage agglomerative clustering on cosine distance cuts the tree at ``distance_threshold``.
The result is deterministic: CMOCs are taken in id order and groups are numbered by their
first member. Each group is explained by its top terms and given a proposed label.

Suggestions are proposals only. Nothing is stored until the analyst accepts, merges or
splits (see ``Project.accept_suggestion``).

Examples
--------
>>> from realist.model import CMOC
>>> cmocs = [
...     CMOC(id=1, label="Trust", statement="If workers are consistent, then parents trust them"),
...     CMOC(id=2, label="Trust again", statement="If workers stay consistent, parents trust them"),
...     CMOC(id=3, label="Caseload", statement="If caseloads are low, then staff work intensively"),
...     CMOC(id=4, label="Caseload 2", statement="Low caseloads let staff work intensively"),
... ]
>>> grouper = CMOCGrouper(distance_threshold=0.8).fit(cmocs)
>>> grouper.labels_.tolist()
[0, 0, 1, 1]
>>> grouper.groups_
[(1, 2), (3, 4)]
>>> grouper.top_terms_[1][:3]
('caseload', 'caseloads', 'intensively')
>>> grouper.proposed_labels_
['Trust', 'Caseload']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

# scikit-learn and SciPy load on first use: they cost a second at every `import realist`

from realist.errors import ValidationError
from realist.model import CMOC, Level

#: Anything that turns a list of texts into one row vector per text (e.g. a
#: sentence-embedding model's ``encode``).
Embedder = Callable[[list[str]], Any]

#: ``max_df`` applies only from this many CMOCs: in a handful, shared words are the signal.
_MAX_DF_FROM = 20

_STATEMENT_WORDS = frozenset({"if", "then", "because", "when", "leads", "lead", "cmoc"})


@dataclass(frozen=True)
class Suggestion:
    """A proposed demi-regularity: CMOCs that read alike, why, and a label to start from."""

    number: int
    cmoc_ids: tuple[int, ...]
    proposed_label: str
    top_terms: tuple[str, ...]
    level: Level | None = None
    cohesion: float = 1.0
    member_labels: tuple[str, ...] = field(default=())

    @property
    def size(self) -> int:
        """How many CMOCs the suggestion groups."""
        return len(self.cmoc_ids)


def _records(cmocs: Sequence[CMOC] | pd.DataFrame) -> list[tuple[int, str, str, Level | None]]:
    if isinstance(cmocs, pd.DataFrame):
        missing = {"id", "label"} - set(cmocs.columns)
        if missing:
            raise ValidationError(
                f"the CMOC DataFrame lacks column(s) {sorted(missing)}: "
                "pass project.cmocs_df() or a frame with id, label and statement"
            )
        statements = cmocs["statement"] if "statement" in cmocs else [""] * len(cmocs)
        levels = cmocs["level"] if "level" in cmocs else [None] * len(cmocs)
        rows = [
            (int(i), str(lab), "" if pd.isna(s) else str(s), Level(v) if v else None)
            for i, lab, s, v in zip(cmocs["id"], cmocs["label"], statements, levels, strict=True)
        ]
    else:
        rows = [(c.id, c.label, c.statement, c.level) for c in cmocs]
    rows.sort(key=lambda r: r[0])
    if len({r[0] for r in rows}) != len(rows):
        raise ValidationError("two CMOCs share an id: pass each CMOC once")
    return rows


class CMOCGrouper:
    """Group CMOCs by the similarity of their statements and evidence text.

    Parameters
    ----------
    distance_threshold : float
        Cosine distance (0 identical, 1 nothing shared) above which two groups are not
        joined. Lower gives more, tighter groups.
    min_df : int
        Ignore terms found in fewer CMOCs than this.
    max_df : float
        Ignore terms found in more than this share of CMOCs (words every CMOC of the study
        uses, like "family", say nothing about which belong together). Applied from 20
        CMOCs up.
    ngram_range : tuple of int
        Word n-grams for TF-IDF; ``(1, 2)`` also matches two-word phrases (slower).
    stop_words : str or list or None
        Passed to :class:`~sklearn.feature_extraction.text.TfidfVectorizer`; ``"english"``
        by default. The words of the "If ..., then ..., because ..." form are always dropped.
    n_top_terms : int
        How many terms explain each group.
    embedder : callable, optional
        Turns a list of texts into vectors (e.g. ``SentenceTransformer(...).encode``); when
        given, clustering uses these vectors and TF-IDF is kept only for the top terms.

    Attributes
    ----------
    ids_ : list of int
        CMOC ids in the order used (ascending).
    labels_ : ndarray of int
        Group number of each CMOC in ``ids_``; groups are numbered by first member.
    groups_ : list of tuple of int
        CMOC ids per group.
    top_terms_ : list of tuple of str
        The heaviest TF-IDF terms of each group.
    proposed_labels_ : list of str
        A label per group: the label of its most central CMOC, or its top terms.
    cohesion_ : list of float
        Mean cosine similarity of each group's members to their centroid (1.0 alone).
    """

    def __init__(
        self,
        distance_threshold: float = 0.75,
        *,
        min_df: int = 1,
        max_df: float = 0.5,
        ngram_range: tuple[int, int] = (1, 1),
        stop_words: str | list[str] | None = "english",
        n_top_terms: int = 5,
        embedder: Embedder | None = None,
    ) -> None:
        self.distance_threshold = distance_threshold
        self.min_df = min_df
        self.max_df = max_df
        self.ngram_range = ngram_range
        self.stop_words = stop_words
        self.n_top_terms = n_top_terms
        self.embedder = embedder

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters, as scikit-learn estimators report them."""
        return {
            "distance_threshold": self.distance_threshold,
            "min_df": self.min_df,
            "max_df": self.max_df,
            "ngram_range": self.ngram_range,
            "stop_words": self.stop_words,
            "n_top_terms": self.n_top_terms,
            "embedder": self.embedder,
        }

    def set_params(self, **params: Any) -> CMOCGrouper:
        """Change parameters; unknown names are refused."""
        for name, value in params.items():
            if name not in self.get_params():
                raise ValueError(f"CMOCGrouper has no parameter {name!r}")
            setattr(self, name, value)
        return self

    def _vectorizer(self, n: int) -> TfidfVectorizer:
        from sklearn.feature_extraction.text import TfidfVectorizer

        stop: Any = self.stop_words
        if stop == "english":
            from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

            stop = sorted(ENGLISH_STOP_WORDS | _STATEMENT_WORDS)
        return TfidfVectorizer(
            min_df=self.min_df,
            max_df=self.max_df if n >= _MAX_DF_FROM else 1.0,
            ngram_range=self.ngram_range,
            stop_words=stop,
            sublinear_tf=True,
            dtype=np.float32,
        )

    def fit(
        self,
        cmocs: Sequence[CMOC] | pd.DataFrame,
        texts: Mapping[int, str] | None = None,
    ) -> CMOCGrouper:
        """Group ``cmocs``; ``texts`` maps a CMOC id to extra words (its evidence excerpts).

        Returns
        -------
        CMOCGrouper
            ``self``, fitted.
        """
        if not 0.0 < float(self.distance_threshold) <= 2.0:
            raise ValidationError(
                f"distance_threshold must be in (0, 2], not {self.distance_threshold!r}: "
                "0.5 gives tight groups, 0.9 loose ones"
            )
        rows = _records(cmocs)
        extra = texts or {}
        documents = [" ".join((lab, st, extra.get(i, ""))) for i, lab, st, _ in rows]
        self.ids_ = [r[0] for r in rows]
        n = len(rows)
        if n == 0:
            raise ValidationError("no CMOCs to group: add CMOCs before asking for suggestions")
        tfidf, terms = self._tfidf(documents)
        vectors = self._vectors(documents, tfidf)
        self.labels_ = self._cluster(vectors, n)
        self._members = _members_by_label(self.labels_)
        self.groups_ = [tuple(self.ids_[i] for i in members) for members in self._members]
        self._explain(rows, tfidf, terms, vectors)
        self.levels_ = [_majority_level([rows[i][3] for i in members]) for members in self._members]
        self._labels_text = [r[1] for r in rows]
        return self

    def _tfidf(self, documents: list[str]) -> tuple[Any, np.ndarray]:
        vectorizer = self._vectorizer(len(documents))
        try:
            tfidf = vectorizer.fit_transform(documents)
        except ValueError:  # every text empty or stop words only
            from scipy.sparse import csr_matrix

            return csr_matrix((len(documents), 0), dtype=np.float32), np.array([], dtype=str)
        return tfidf, vectorizer.get_feature_names_out()

    def _vectors(self, documents: list[str], tfidf: Any) -> Any:
        if self.embedder is None:
            return tfidf
        dense = np.asarray(self.embedder(documents), dtype=np.float32)
        if dense.ndim != 2 or dense.shape[0] != len(documents):
            raise ValidationError(
                "the embedder must return one vector per text (a 2-D array with one row each)"
            )
        norms = np.linalg.norm(dense, axis=1, keepdims=True)
        return dense / np.where(norms == 0, 1, norms)

    def _cluster(self, vectors: Any, n: int) -> np.ndarray:
        threshold = float(self.distance_threshold)
        similarity = cosine_similarity_matrix(vectors)
        # Average linkage never joins two CMOCs unless some chain of pairs within the
        # threshold links them, so each connected piece of the "close enough" graph is
        # clustered on its own: the same groups, at a fraction of the quadratic cost.
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components
        from scipy.spatial.distance import squareform

        close = csr_matrix(similarity >= 1.0 - threshold)
        _, piece_of = connected_components(close, directed=False)
        raw = np.zeros(n, dtype=int)
        next_label = 0
        for members in _members_by_label(piece_of):
            if len(members) == 1:
                raw[members] = next_label
                next_label += 1
                continue
            distance = 1.0 - similarity[np.ix_(members, members)].astype(np.float64)
            np.clip(distance, 0.0, 2.0, out=distance)
            np.fill_diagonal(distance, 0.0)
            # The tree AgglomerativeClustering(metric="cosine", linkage="average") builds,
            # cut where joining would exceed the threshold; made from the condensed matrix
            # directly to spare scikit-learn's 25-million-entry index for 5,000 CMOCs.
            tree = linkage(squareform(distance, checks=False), method="average")
            local = fcluster(tree, t=threshold, criterion="distance")
            raw[members] = next_label + local - 1
            next_label += int(local.max())
        # Renumber groups by their first member so the output never depends on tree order.
        order: dict[int, int] = {}
        for label in raw:
            order.setdefault(int(label), len(order))
        return np.array([order[int(label)] for label in raw], dtype=int)

    def _explain(self, rows: list[Any], tfidf: Any, terms: np.ndarray, vectors: Any) -> None:
        self.top_terms_: list[tuple[str, ...]] = []
        self.proposed_labels_: list[str] = []
        self.cohesion_: list[float] = []
        for g, members in enumerate(self._members):
            weights = np.asarray(tfidf[members].mean(axis=0)).ravel()
            ranked = sorted(
                (i for i in np.flatnonzero(weights)), key=lambda i: (-weights[i], terms[i])
            )
            top = tuple(str(terms[i]) for i in ranked[: self.n_top_terms])
            self.top_terms_.append(top)
            group_vectors = vectors[members]
            centroid = np.asarray(group_vectors.mean(axis=0)).ravel()
            norm = float(np.linalg.norm(centroid))
            if norm == 0.0:
                closeness = np.zeros(len(members))
            else:
                closeness = np.asarray(group_vectors @ (centroid / norm)).ravel()
            self.cohesion_.append(round(float(closeness.mean()), 4) if len(members) > 1 else 1.0)
            # Rounded so that equally central members resolve to the lowest id.
            central = members[int(np.argmax(np.round(closeness, 4)))]
            label = rows[central][1].strip()
            if not label:
                label = ", ".join(top[:3]).capitalize() or f"Group {g + 1}"
            self.proposed_labels_.append(label)

    def suggestions(self, *, min_size: int = 2) -> list[Suggestion]:
        """The fitted groups of at least ``min_size`` CMOCs, largest first."""
        if not hasattr(self, "labels_"):
            raise ValidationError("call fit(cmocs) before asking for suggestions")
        label_of = dict(zip(self.ids_, self._labels_text, strict=True))
        found = [
            Suggestion(
                number=g + 1,
                cmoc_ids=ids,
                proposed_label=self.proposed_labels_[g],
                top_terms=self.top_terms_[g],
                level=self.levels_[g],
                cohesion=self.cohesion_[g],
                member_labels=tuple(label_of[i] for i in ids),
            )
            for g, ids in enumerate(self.groups_)
            if len(ids) >= min_size
        ]
        found.sort(key=lambda s: (-s.size, s.number))
        return found

    def fit_predict(
        self, cmocs: Sequence[CMOC] | pd.DataFrame, texts: Mapping[int, str] | None = None
    ) -> np.ndarray:
        """Fit and return ``labels_``."""
        return self.fit(cmocs, texts).labels_


def cosine_similarity_matrix(vectors: Any, *, dense_share: float = 0.01) -> np.ndarray:
    """All pairwise dot products of L2-normalised rows, as a dense float32 matrix.

    For sparse TF-IDF rows the few terms found in many rows (more than ``dense_share`` of
    them) are multiplied as a dense block with BLAS and the long tail as sparse: exact, and
    several times faster than one sparse product whose result is nearly full.

    >>> from scipy.sparse import csr_matrix
    >>> cosine_similarity_matrix(csr_matrix([[1.0, 0.0], [0.6, 0.8]])).astype(float).round(2).tolist()
    [[1.0, 0.6], [0.6, 1.0]]
    """
    from scipy.sparse import issparse

    if not issparse(vectors):
        dense = np.asarray(vectors, dtype=np.float32)
        return dense @ dense.T
    matrix = vectors.tocsc().astype(np.float32)
    df = np.diff(matrix.indptr)
    common = df > dense_share * matrix.shape[0]
    block = matrix[:, np.flatnonzero(common)].toarray()
    similarity = block @ block.T
    tail = matrix[:, np.flatnonzero(~common)].tocsr()
    if tail.nnz:
        rare = (tail @ tail.T).tocoo()  # few entries: add them in place, never densify
        similarity[rare.row, rare.col] += rare.data
    return similarity


def _members_by_label(labels: np.ndarray) -> list[np.ndarray]:
    """Indices of each label 0..max, ascending within each, in one sort."""
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    return np.split(order, bounds)


def _majority_level(levels: list[Level | None]) -> Level | None:
    counted = Counter(v for v in levels if v is not None)
    if not counted:
        return None
    order = list(Level)
    return min(counted, key=lambda v: (-counted[v], order.index(v)))


def suggestions_frame(suggestions: Sequence[Suggestion]) -> pd.DataFrame:
    """Suggestions as a DataFrame, one row each, for a notebook to read.

    >>> frame = suggestions_frame([Suggestion(1, (4, 9), "Trust", ("trust", "consistent"))])
    >>> frame.loc[0, ["proposed_label", "cmoc_ids", "top_terms"]].tolist()
    ['Trust', '4, 9', 'trust, consistent']
    """
    return pd.DataFrame(
        [
            {
                "number": s.number,
                "proposed_label": s.proposed_label,
                "size": s.size,
                "cmoc_ids": ", ".join(map(str, s.cmoc_ids)),
                "top_terms": ", ".join(s.top_terms),
                "level": s.level.value if s.level else "",
                "cohesion": s.cohesion,
            }
            for s in suggestions
        ],
        columns=["number", "proposed_label", "size", "cmoc_ids", "top_terms", "level", "cohesion"],
    )
