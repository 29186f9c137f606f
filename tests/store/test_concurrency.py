"""Eight coders write at once: nothing that reported success is lost or logged twice, and
every refused stale edit was reported to its writer."""

from __future__ import annotations

import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import realist
from realist.errors import StaleVersionError
from realist.model import DocumentDraft, MemoTarget

CODERS = 8
WRITES = 300


@dataclass
class Outcome:
    added: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    memo_saved: list[int] = field(default_factory=list)  # the version each save produced
    memo_stale: int = 0
    memo_attempts: int = 0


def _work(url: str, name: str, doc_id: int, code_ids: list[int], memo_id: int, seed: int,
          start: threading.Barrier) -> Outcome:  # fmt: skip
    rng = random.Random(seed)
    p = realist.open_project(url, coder=name)
    out = Outcome()
    length = len(p.document(doc_id).text)
    start.wait()
    try:
        for i in range(WRITES):
            action = rng.random()
            if action < 0.5 or not out.added:
                s = rng.randrange(0, length - 20)
                coding = p.add_coding(doc_id, s, s + rng.randrange(1, 20), rng.choice(code_ids))
                out.added.append(coding.id)
            elif action < 0.7:
                victim = rng.choice([c for c in out.added if c not in out.deleted] or out.added)
                if victim not in out.deleted:
                    p.delete_coding(victim)
                    out.deleted.append(victim)
            else:
                out.memo_attempts += 1
                memo = p.memo(memo_id)
                try:
                    saved = p.update_memo(memo_id, f"{name} edit {i}", version=memo.version)
                    out.memo_saved.append(saved.version)
                except StaleVersionError:
                    out.memo_stale += 1
    finally:
        p.close()
    return out


def test_eight_coders_in_parallel(project: realist.Project) -> None:
    text = "We kept going back to the family every week until they trusted us. " * 200
    doc = project.add_document(DocumentDraft(name="FG1", text=text, sha256="fg1"))
    codes = [project.add_code(f"c{i}", f"Code {i}").id for i in range(5)]
    memo = project.add_memo(MemoTarget.PROJECT, None, "shared analytic memo")
    names = [f"coder{i}" for i in range(CODERS)]
    for name in names:
        project.add_coder(name, "coder")
    start_revision = project.revision

    barrier = threading.Barrier(CODERS)
    with ThreadPoolExecutor(CODERS) as pool:
        futures = [
            pool.submit(_work, project.url, n, doc.id, codes, memo.id, i, barrier)
            for i, n in enumerate(names)
        ]
        outcomes = dict(zip(names, [f.result() for f in futures], strict=True))

    live = {c.id: c for c in project.codings()}
    events = project.log(None, since_revision=start_revision)
    by_action = Counter(e.action for e in events)
    added_events = Counter(e.entity_id for e in events if e.action == "coding.add")
    deleted_events = Counter(e.entity_id for e in events if e.action == "coding.delete")
    coder_ids = {c.name: c.id for c in project.coders()}

    total_writes = 0
    for name, out in outcomes.items():
        for cid in out.added:
            assert added_events[cid] == 1, f"{name}'s coding {cid} is not logged exactly once"
            if cid not in out.deleted:
                assert live[cid].coder_id == coder_ids[name]
        for cid in out.deleted:
            assert cid not in live, f"{name} deleted coding {cid} but it is still live"
            assert deleted_events[cid] == 1
        assert out.memo_attempts == len(out.memo_saved) + out.memo_stale
        total_writes += len(out.added) + len(out.deleted) + len(out.memo_saved)

    all_added = [c for o in outcomes.values() for c in o.added]
    all_deleted = [c for o in outcomes.values() for c in o.deleted]
    assert len(all_added) == len(set(all_added))
    assert set(live) == set(all_added) - set(all_deleted)
    saved_versions = sorted(v for o in outcomes.values() for v in o.memo_saved)
    # every successful save produced a distinct version: no two writers both "won"
    assert saved_versions == list(range(2, 2 + len(saved_versions)))
    assert project.memo(memo.id).version == 1 + len(saved_versions)
    assert by_action["memo.update"] == len(saved_versions)
    assert sum(o.memo_stale for o in outcomes.values()) > 0, "the test never raced on the memo"
    # one event per successful write, revisions contiguous
    assert len(events) == total_writes
    revisions = sorted(e.revision for e in events)
    assert revisions == list(range(start_revision + 1, start_revision + 1 + total_writes))
    assert project.revision == revisions[-1]
