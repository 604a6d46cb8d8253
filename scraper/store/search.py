"""Chinese full-text search over announcements, for Datasette's search box and for services.

Measured: FTS5's unicode61 tokenizer finds nothing in Chinese (a run of Han characters is one token);
the trigram tokenizer misses two-character words (发货, 台风); an index of jieba words misses an
unsegmented phrase typed into the box (受台风影响), because the query arrives as one token.
So both sides are segmented by the same jieba (with the gazetteer's place names as words):
- ``announcements_fts`` (unicode61) holds jieba words of title, summary and body: ``segment()``
  writes it, and ``fts_query()`` turns what a user types into words ANDed together. policyfeed's
  Datasette plugin installs ``fts_query`` as Datasette's ``escape_fts``, so the search box works.
- ``announcements_trigram`` (trigram) holds the raw text for substring search of 3+ characters by
  clients without jieba: ``select rowid from announcements_trigram where announcements_trigram
  match '受台风影响'``.
When the tokenisation changes (a jieba upgrade, new gazetteer words), run ``rebuild()`` (it is what
``policyfeed reindex`` does, through ``store.reindex``): both indexes are refilled from the announcements table.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

from extract.regions import gazetteer

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
QUOTED_OR_WORD = re.compile(r'"[^"]*"|\S+')
#: what fts_query gives for a query without a word (empty, blanks, only punctuation or ``*``): FTS5
#: rejects an empty MATCH as a syntax error (Datasette answered 400); an empty phrase is valid and
#: matches no row, which is what a search for no word finds
NO_WORDS = '""'


def _words(text: str) -> list[str]:
    tokenizer = gazetteer().tokenizer()
    return [w.strip() for w in tokenizer.cut_for_search(text, HMM=False) if w.strip() and not _is_punct(w)]


def _is_punct(word: str) -> bool:
    return not any(ch.isalnum() for ch in word)


def segment(text: str, ready: dict[str, str] | None = None) -> str:
    """Space-separated jieba words (search granularity: 台风影响 gives 台风 影响 and the whole); ready
    holds segmentations made in advance (``text -> segment(text)``, see ``Store.segmented_in_advance``)."""
    text = text or ""
    made = ready.get(text) if ready else None
    return made if made is not None else " ".join(_words(text))


def fts_query(query: str) -> str:
    """An FTS5 query from what a user typed: Chinese segmented, every word quoted, words ANDed.

    受台风影响 -> "受" "台风" "影响"; a quoted "phrase" stays a phrase of its words. A query without
    a word gives NO_WORDS, which matches nothing.
    """
    query = query.replace("\x00", "")  # FTS5 reads a NUL as the end of the query: "unterminated string"
    if query.count('"') % 2:
        query += '"'
    terms = []
    for bit in QUOTED_OR_WORD.findall(query):
        inner = bit.strip('"')
        if not inner:
            continue
        words = [w for w in (_cut(inner) if HAN.search(inner) else [inner]) if not _is_punct(w)]
        if not words:
            continue
        if bit.startswith('"') and len(words) > 1:
            terms.append('"' + " ".join(w.replace('"', '""') for w in words) + '"')
        else:
            terms.extend('"' + w.replace('"', '""') + '"' for w in words)
    return " ".join(terms) or NO_WORDS


def _cut(text: str) -> list[str]:
    return [w.strip() for w in gazetteer().tokenizer().cut(text, HMM=False) if w.strip()]


def create_indexes(db: sqlite_utils.Database) -> None:
    db.execute("create virtual table if not exists announcements_fts using fts5(title, text, tokenize='unicode61')")
    db.execute("create virtual table if not exists announcements_trigram using fts5(title, text, tokenize='trigram')")


def index_announcement(db: sqlite_utils.Database, rowid: int, title: str | None, text: str,
                       ready: dict[str, str] | None = None) -> None:
    """(Re)index one announcement under its rowid in both indexes (ready: segmentations made in advance)."""
    for table, values in (("announcements_fts", (segment(title or "", ready), segment(text, ready))),
                          ("announcements_trigram", (title or "", text))):
        db.execute(f"delete from {table} where rowid = ?", [rowid])
        db.execute(f"insert into {table} (rowid, title, text) values (?, ?, ?)", [rowid, *values])


def announcement_text(row: dict) -> str:
    return "\n".join(filter(None, (row.get("summary"), row.get("body"))))


@contextmanager
def _write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """BEGIN IMMEDIATE: take the write lock first, waiting up to the busy timeout for a writer.

    ``db.atomic()`` begins deferred, and FTS5 reads its config before its first write: the read
    transaction must then be upgraded, and SQLite fails that upgrade at once ("database is locked",
    no busy handler) when another connection holds the write lock, as a crawl does page by page.
    """
    if db.conn.in_transaction:  # part of the caller's transaction (a migration): a savepoint in it
        with db.atomic():
            yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


def rebuild(db: sqlite_utils.Database) -> int:
    """Refill both indexes from the announcements table (after a tokenisation change)."""
    with _write_transaction(db):
        db.execute("delete from announcements_fts")
        db.execute("delete from announcements_trigram")
        count = 0
        for row in db.query("select rowid, title, summary, body from announcements"):
            index_announcement(db, row["rowid"], row["title"], announcement_text(row))
            count += 1
    return count


def search(db: sqlite_utils.Database, query: str, limit: int = 20) -> list[dict]:
    """Announcements matching query, best first (the same matching as the Datasette box)."""
    return list(db.query(
        "select a.id, a.title, a.url, a.published_at from announcements a join "
        "(select rowid, rank from announcements_fts where announcements_fts match ? order by rank limit ?) s "
        "on a.rowid = s.rowid order by s.rank", [fts_query(query), limit]))
