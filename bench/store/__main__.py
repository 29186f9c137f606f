"""Store benchmark: 100,000 codings over 40 documents, on SQLite and PostgreSQL, each beside
the same work done with the bare driver (sqlite3 / psycopg executemany and fetchall).

Run: python -m bench.store [--pg URL] [--out docs/benchmarks/store.md]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psycopg

import realist
from bench.machine import describe
from realist.model import DocumentDraft

DOCUMENTS = 40
CODINGS = 100_000
TARGET_DOC_CODINGS = 3_000
CODES = 60
CODERS = 5
READS = 30
WORDS = [
    "family",
    "worker",
    "trust",
    "engage",
    "time",
    "listen",
    "support",
    "home",
    "visit",
    "plan",
    "goal",
    "safety",
]


def corpus(rng: random.Random) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(20_000)) for _ in range(DOCUMENTS)]


def coding_rows(
    rng: random.Random,
    lengths: list[int],
    code_ids: list[int],
    coder_ids: list[int],
    doc_ids: list[int],
) -> list[dict[str, object]]:
    rows = []
    per_doc = [TARGET_DOC_CODINGS] + [(CODINGS - TARGET_DOC_CODINGS) // (DOCUMENTS - 1)] * (
        DOCUMENTS - 1
    )
    per_doc[-1] += CODINGS - sum(per_doc)
    for doc_index, count in enumerate(per_doc):
        for _ in range(count):
            start = rng.randrange(0, lengths[doc_index] - 400)
            rows.append({
                "document_id": doc_ids[doc_index], "start": start, "end": start + rng.randrange(20, 400),
                "code_id": rng.choice(code_ids), "coder_id": rng.choice(coder_ids),
            })  # fmt: skip
    return rows


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def median_time(func: Callable[[], object], n: int = READS) -> float:
    func()  # warm
    return statistics.median(timed(func) for _ in range(n))


def realist_side(url: str, texts: list[str], rng: random.Random) -> tuple[float, float, int]:
    p = realist.init_project(url, name="bench", owner="owner")
    doc_ids = [
        p.add_document(DocumentDraft(name=f"FG{i:02}", text=t, sha256=str(i))).id
        for i, t in enumerate(texts)
    ]
    code_ids = [p.add_code(f"code{i}", f"Code {i}").id for i in range(CODES)]
    coder_ids = [p.coder.id] + [p.add_coder(f"coder{i}", "coder").id for i in range(CODERS - 1)]  # type: ignore[union-attr]
    rows = coding_rows(rng, [len(t) for t in texts], code_ids, coder_ids, doc_ids)
    insert = timed(lambda: p.add_codings(rows))
    read = median_time(lambda: p.codings(doc_ids[0]))
    n = len(p.codings(doc_ids[0]))
    p.close()
    return len(rows) / insert, read, n


BARE_SELECT = (
    'select id, document_id, code_id, coder_id, start, "end", memo, created_at, guid from codings '
    "where document_id = {p} and deleted_at is null order by document_id, start, id"
)


def bare_payload(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
    now = datetime.now(UTC)
    return [
        (
            r["document_id"],
            r["code_id"],
            r["coder_id"],
            r["start"],
            r["end"],
            None,
            str(uuid.uuid4()),
            now,
        )
        for r in rows
    ]


INSERT_COLUMNS = '(document_id, code_id, coder_id, start, "end", memo, guid, created_at)'


def empty_study(url: str, texts: list[str]) -> None:
    """A project with the documents, codes and coders but no codings: the bare driver then
    writes into the very same table, indexes and foreign keys that realist uses."""
    p = realist.init_project(url, name="bare", owner="owner")
    for i, t in enumerate(texts):
        p.add_document(DocumentDraft(name=f"FG{i:02}", text=t, sha256=str(i)))
    for i in range(CODES):
        p.add_code(f"code{i}", f"Code {i}")
    for i in range(CODERS - 1):
        p.add_coder(f"coder{i}", "coder")
    p.close()


def bare_sqlite(path: Path, texts: list[str], rows: list[dict[str, object]]) -> tuple[float, float]:
    empty_study(str(path), texts)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("pragma journal_mode=wal")
    db.execute("pragma synchronous=normal")
    db.execute("pragma foreign_keys=on")
    payload = [(*p[:-1], p[-1].strftime("%Y-%m-%d %H:%M:%S.%f")) for p in bare_payload(rows)]

    def insert() -> None:
        db.execute("begin immediate")
        db.executemany(
            f"insert into codings {INSERT_COLUMNS} values (?, ?, ?, ?, ?, ?, ?, ?)", payload
        )
        db.execute("commit")

    rate = len(rows) / timed(insert)
    first_doc = rows[0]["document_id"]
    read = median_time(lambda: db.execute(BARE_SELECT.format(p="?"), (first_doc,)).fetchall())
    db.close()
    return rate, read


def bare_postgres(url: str, texts: list[str], rows: list[dict[str, object]]) -> tuple[float, float]:
    project_url, schema = pg_project_url(url)
    empty_study(project_url, texts)
    try:
        with psycopg.connect(url, options=f"-csearch_path={schema}") as db:
            payload = bare_payload(rows)

            def insert() -> None:
                with db.cursor() as cur:
                    cur.executemany(
                        f"insert into codings {INSERT_COLUMNS} values (%s, %s, %s, %s, %s, %s, %s, %s)",
                        payload,
                    )
                db.commit()

            rate = len(rows) / timed(insert)
            first_doc = rows[0]["document_id"]

            def read() -> None:
                with db.cursor() as cur:
                    cur.execute(BARE_SELECT.format(p="%s"), (first_doc,))
                    cur.fetchall()
                db.commit()

            return rate, median_time(read)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"drop schema {schema} cascade")


def pg_project_url(base: str) -> tuple[str, str]:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"create schema {schema}")
    return f"{base}?options=-csearch_path%3D{schema}", schema


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1/test")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks/store.md"))
    args = parser.parse_args()
    texts = corpus(random.Random(1))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        r_rate, r_read, n = realist_side(str(Path(tmp) / "bench.realist"), texts, random.Random(2))
        rows = coding_rows(
            random.Random(2),
            [len(t) for t in texts],
            list(range(1, CODES + 1)),
            list(range(1, CODERS + 1)),
            list(range(1, DOCUMENTS + 1)),
        )
        b_rate, b_read = bare_sqlite(Path(tmp) / "bare.realist", texts, rows)
        results.append(("SQLite", r_rate, b_rate, r_read, b_read, n))
    url, schema = pg_project_url(args.pg)
    try:
        r_rate, r_read, n = realist_side(url, texts, random.Random(2))
    finally:
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f"drop schema {schema} cascade")
    b_rate, b_read = bare_postgres(args.pg, texts, rows)
    results.append(("PostgreSQL", r_rate, b_rate, r_read, b_read, n))

    lines = [
        "# Store benchmark",
        "",
        f"Machine: {describe()}.",
        "",
        f"{CODINGS:,} codings over {DOCUMENTS} documents of 20,000 words, {CODES} codes, {CODERS} coders. "
        "Bulk insert: `Project.add_codings` (validation, one transaction, one event) against the bare "
        "driver's `executemany` of the same rows into the same table of an identical project (same "
        "indexes and foreign keys) in one transaction. Read: "
        f"`Project.codings(document)` returning `Coding` objects for the document with "
        f"{TARGET_DOC_CODINGS:,} codings, median of {READS}, against the bare driver's `fetchall` "
        "of the same query. Targets: insert at least 40% of the bare rate; read within 2x.",
        "",
        "| backend | realist insert (rows/s) | bare insert (rows/s) | ratio | realist read (ms) | bare read (ms) | ratio | target met |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, rr, br, rt, bt, _n in results:
        met = rr / br >= 0.4 and rt / bt <= 2.0
        lines.append(
            f"| {name} | {rr:,.0f} | {br:,.0f} | {rr / br:.0%} | {rt * 1000:.1f} | {bt * 1000:.1f} | {rt / bt:.2f}x | {'yes' if met else 'no'} |"
        )
    lines += ["", f"Codings read back for the document: {n:,}.", ""]
    report = "\n".join(lines)
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)


if __name__ == "__main__":
    main()
