"""CMOCGrouper: deterministic, groups what reads alike; the project never applies it silently."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import AgglomerativeClustering
from sklearn.metrics import adjusted_rand_score

import realist
from realist.errors import NotFound, ValidationError
from realist.model import CMOC, Level
from realist.synthesis import CMOCGrouper, Suggestion, suggestions_frame

THEMES = {
    "trust": "worker keeps visiting so parents trust the worker and engage",
    "caseload": "manageable caseload gives staff time to work intensively less stress",
    "navigator": "navigator links child protection and family services referrals faster",
}


def _cmocs() -> list[CMOC]:
    rng = random.Random(3)
    made = []
    for i in range(1, 16):
        theme = list(THEMES)[(i - 1) % 3]
        words = THEMES[theme].split()
        rng.shuffle(words)
        made.append(
            CMOC(
                id=i * 7,
                label=f"{theme} {i}",
                statement=" ".join(words[:7]),
                level=Level.FAMILY if theme == "trust" else Level.SYSTEM,
            )
        )
    return made


def test_obviously_similar_statements_are_grouped() -> None:
    cmocs = _cmocs()
    grouper = CMOCGrouper(distance_threshold=0.8).fit(cmocs)
    truth = [c.label.split()[0] for c in sorted(cmocs, key=lambda c: c.id)]
    assert adjusted_rand_score(truth, grouper.labels_) == 1.0
    assert len(grouper.groups_) == 3
    assert "trust" in grouper.top_terms_[0]
    assert grouper.proposed_labels_[0].startswith("trust")
    assert [s.size for s in grouper.suggestions()] == [5, 5, 5]
    assert grouper.suggestions()[0].level is Level.FAMILY


def test_fit_is_deterministic_whatever_the_input_order() -> None:
    cmocs = _cmocs()
    first = CMOCGrouper(0.8).fit(cmocs)
    shuffled = list(reversed(cmocs))
    second = CMOCGrouper(0.8).fit(shuffled)
    assert first.ids_ == second.ids_
    assert first.labels_.tolist() == second.labels_.tolist()
    assert first.top_terms_ == second.top_terms_
    assert first.proposed_labels_ == second.proposed_labels_
    # groups are numbered by their first member
    assert first.labels_[0] == 0


def test_same_tree_as_scikit_learn_agglomerative_clustering() -> None:
    cmocs = _cmocs()
    texts = {c.id: "family " * (c.id % 3) for c in cmocs}
    ours = CMOCGrouper(0.6).fit(cmocs, texts)
    tfidf, _ = ours._tfidf([" ".join((c.label, c.statement, texts[c.id])) for c in cmocs])
    reference = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=0.6
    ).fit_predict(tfidf.toarray())
    assert adjusted_rand_score(reference, ours.labels_) == 1.0


def test_threshold_controls_how_much_is_joined() -> None:
    cmocs = _cmocs()
    tight = CMOCGrouper(0.05).fit(cmocs)
    loose = CMOCGrouper(1.0).fit(cmocs)
    assert len(tight.groups_) > len(loose.groups_)
    assert len(loose.groups_) == 1


def test_dataframe_input_and_evidence_text() -> None:
    frame = pd.DataFrame({"id": [1, 2, 3], "label": ["a", "b", "c"], "statement": ["", "", ""]})
    texts = {1: "parents trust worker", 2: "parents trust worker deeply", 3: "caseload time"}
    grouper = CMOCGrouper(0.7).fit(frame, texts)
    assert grouper.groups_ == [(1, 2), (3,)]
    assert suggestions_frame(grouper.suggestions())["cmoc_ids"].tolist() == ["1, 2"]


def test_embedder_backend_is_used_when_given() -> None:
    cmocs = [CMOC(id=i, label=str(i), statement="same words") for i in range(1, 5)]

    def embed(texts: list[str]) -> np.ndarray:
        return np.array([[1.0, 0.0] if int(t.split()[0]) % 2 else [0.0, 1.0] for t in texts])

    grouper = CMOCGrouper(0.5, embedder=embed).fit(cmocs)
    assert grouper.groups_ == [(1, 3), (2, 4)]


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValidationError, match="no CMOCs"):
        CMOCGrouper().fit([])
    with pytest.raises(ValidationError, match="distance_threshold"):
        CMOCGrouper(distance_threshold=0).fit(_cmocs())
    with pytest.raises(ValidationError, match="lacks column"):
        CMOCGrouper().fit(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValidationError, match="call fit"):
        CMOCGrouper().suggestions()
    single = CMOCGrouper().fit([CMOC(1, "only", "one statement")])
    assert single.groups_ == [(1,)] and single.suggestions() == []


# ----- the project: suggestions change nothing until the analyst acts ----------------------
def test_suggestions_store_nothing(study: tuple[realist.Project, dict[str, Any]]) -> None:
    p, made = study
    before = (p.revision, p.demi_regularities())
    found = p.suggest_demi_regularities(include_assigned=True)
    ids = {k: v.id for k, v in made["cmocs"].items()}
    groups = {s.cmoc_ids for s in found}
    assert groups == {
        tuple(sorted(ids[f"Trust in crisis (group {g})"] for g in (1, 2, 3))),
        tuple(sorted(ids[f"Caseload and stress (group {g})"] for g in (1, 2))),
    }
    assert (p.revision, p.demi_regularities()) == before
    # without include_assigned only the two ungrouped CMOCs are considered: nothing to pair
    assert p.suggest_demi_regularities() == []


def test_accept_creates_one_demi_regularity_in_one_event(
    study: tuple[realist.Project, dict[str, Any]],
) -> None:
    p, made = study
    third = made["cmocs"]["Trust in crisis (group 3)"]
    second = made["cmocs"]["Caseload and stress (group 2)"]
    revision = p.revision
    suggestion = Suggestion(1, (third.id, second.id), "Proposed", ("trust",))
    dr = p.accept_suggestion(suggestion, "Mixed bag")
    assert p.revision == revision + 1
    assert p.log(1)[0].action == "demi_regularity.accept"
    assert dr.cmoc_ids == tuple(sorted((third.id, second.id)))
    # drafted from the members' evidence codes
    assert "Family in crisis" in dr.context and "Manageable caseload" in dr.context
    assert dr.mechanism_resource == "Time to work intensively"
    assert dr.level in (Level.FAMILY, Level.ORGANISATION)
    assert p.evidence(dr.id).documents == 2


def test_accept_refuses_grouped_cmocs_unless_shared(
    study: tuple[realist.Project, dict[str, Any]],
) -> None:
    p, made = study
    grouped = made["cmocs"]["Trust in crisis (group 1)"]
    free = made["cmocs"]["Trust in crisis (group 3)"]
    revision = p.revision
    with pytest.raises(ValidationError, match="already grouped"):
        p.accept_suggestion([grouped.id, free.id], "Trust again")
    assert p.revision == revision
    dr = p.accept_suggestion([grouped.id, free.id], "Trust again", allow_shared=True)
    assert dr.label == "Trust again"
    with pytest.raises(NotFound):
        p.accept_suggestion([99999], "Ghost")
    with pytest.raises(ValidationError, match="label"):
        p.accept_suggestion([free.id], " ")


def test_merge_keeps_the_first_and_all_members(
    study: tuple[realist.Project, dict[str, Any]],
) -> None:
    p, made = study
    trust = made["demi_regularities"]["Trusting relationship"]
    caseload = made["demi_regularities"]["Caseload to work intensively"]
    revision = p.revision
    merged = p.merge_demi_regularities([trust.id, caseload.id], "Everything")
    assert p.revision == revision + 1
    assert merged.id == trust.id and merged.label == "Everything"
    assert set(merged.cmoc_ids) == set(trust.cmoc_ids) | set(caseload.cmoc_ids)
    assert [d.id for d in p.demi_regularities()] == [trust.id]
    assert p.log(1)[0].action == "demi_regularity.merge"
    p.restore("demi_regularity", caseload.id)
    assert p.demi_regularity(caseload.id).cmoc_ids == caseload.cmoc_ids
    revision = p.revision
    p.delete_demi_regularity(caseload.id)
    revision += 1
    with pytest.raises(ValidationError, match="at least two"):
        p.merge_demi_regularities([trust.id], "Alone")
    with pytest.raises(NotFound):
        p.merge_demi_regularities([trust.id, caseload.id], "Again")
    assert p.revision == revision  # refused merges write nothing


def test_split_needs_every_member_once(study: tuple[realist.Project, dict[str, Any]]) -> None:
    p, made = study
    trust = made["demi_regularities"]["Trusting relationship"]
    a, b = trust.cmoc_ids
    revision = p.revision
    with pytest.raises(ValidationError, match="none of them empty"):
        p.split_demi_regularity(trust.id, [[a], []])
    with pytest.raises(ValidationError, match="more than one group"):
        p.split_demi_regularity(trust.id, [[a, b], [b]])
    with pytest.raises(ValidationError, match="not members"):
        p.split_demi_regularity(trust.id, [[a], [b, 12345]])
    assert p.revision == revision
    parts = p.split_demi_regularity(trust.id, {"Trust, group 1": [a], "Trust, group 2": [b]})
    assert p.revision == revision + 1
    assert [d.label for d in parts] == ["Trust, group 1", "Trust, group 2"]
    assert [d.cmoc_ids for d in parts] == [(a,), (b,)]
    assert parts[0].id == trust.id
    assert parts[1].level is Level.FAMILY
    assert parts[1].mechanism_response == "Parents trust the worker"
    assert len(p.demi_regularities()) == 3


def test_viewer_cannot_accept(study: tuple[realist.Project, dict[str, Any]]) -> None:
    p, made = study
    p.add_coder("val", "viewer")
    viewer = p.with_coder("val")
    free = made["cmocs"]["Trust in crisis (group 3)"]
    assert viewer.suggest_demi_regularities(include_assigned=True)
    with pytest.raises(realist.PermissionDenied):
        viewer.accept_suggestion([free.id], "Nope")
