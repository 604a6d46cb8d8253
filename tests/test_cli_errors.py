"""The real CLI on bad input and unusable databases: a one-line `Error:` naming the problem, the
README's exit code (2 usage or input, 3 locked, 4 database unusable), never a traceback.

Tests run as root here, and root writes through chmod. Read-only places are therefore made in ways
that stop root too: `chattr +i` (immutable file or directory; skipped where the file system has no
such flag), a read-only bind mount in a private mount namespace (`unshare --mount`; skipped without
the privilege), and, for a reader that cannot write the directory, a child process that drops to
user nobody (os.setuid) after its imports.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scraper.cli import cli
from scraper.store import crawl_lock

ROOT = Path(__file__).parent.parent
TYPHOON = "1688平台调整受台风影响江浙沪地区交易发货时间"
NOBODY = 65534


# --- helpers and fixtures -----------------------------------------------------------------------

def run(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def assert_error(result: Result, code: int, *words: str) -> None:
    """Exit code, no traceback, and one `Error:` line holding every word."""
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in output, output
    assert result.exit_code == code, output
    errors = [line for line in output.splitlines() if line.startswith("Error:")]
    assert errors, output
    assert any(all(w in line for w in words) for line in errors), (words, output)


def assert_process_error(done: subprocess.CompletedProcess, code: int, *words: str) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == code, (done.stdout, done.stderr)
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and all(w in errors[0] for w in words), done.stderr


@pytest.fixture(scope="module")
def crawled(demo_db: Path) -> Path:
    """A database of the sample site, crawled once (conftest's demo_db); tests work on copies."""
    return demo_db


@pytest.fixture
def db(crawled, tmp_path) -> Path:
    copy = tmp_path / "db" / "policyfeed.db"
    copy.parent.mkdir()
    shutil.copy(crawled, copy)
    return copy


@pytest.fixture
def config(tmp_path) -> Path:
    """A feeds file that is never fetched: every test here fails before the network."""
    path = tmp_path / "feeds.toml"
    path.write_text('[[feeds]]\nname = "t"\nstart_urls = ["http://127.0.0.1:9/list"]\n', encoding="utf-8")
    return path


@pytest.fixture
def immutable():
    """chattr +i: read-only for root too. Undone at teardown (pytest could not remove the files)."""
    made: list[Path] = []

    def make(path: Path) -> None:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("chattr +i is not supported here")
        made.append(path)

    if shutil.which("chattr") is None:
        pytest.skip("no chattr")
    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def args_for(command: str, db: Path, config: Path) -> list:
    return {
        "check": ["check", "--region", "杭州市", "--at", "2021-07-26T10:00", "--db", db],
        "export": ["export", "--db", db],
        "crawl": ["crawl", "--config", config, "--db", db],
        "reparse": ["reparse", "--db", db],
        "reindex": ["reindex", "--db", db],
    }[command]


READERS = ("check", "export")
WRITERS = ("crawl", "reparse", "reindex")


def assert_read_ok(command: str, output: str) -> None:
    if command == "check":
        assert [r["announcement"]["title"] for r in json.loads(output)] == [TYPHOON]
    else:
        assert len(output.splitlines()) > 50 and all(json.loads(line)["event"] for line in output.splitlines())


# --- extract and eval: input files --------------------------------------------------------------

def test_extract_missing_file_is_a_usage_error(tmp_path):
    assert_error(run("extract", tmp_path / "nope.txt", "--published", "2021-07-26"), 2, "nope.txt", "does not exist")


def test_extract_non_utf8_file_says_so(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("受台风影响".encode("gb18030"))
    assert_error(run("extract", path, "--published", "2021-07-26"), 2, "gbk.txt", "not UTF-8")
    assert_error(run("extract", "--published", "2021-07-26", input="受台风影响".encode("gb18030")), 2,
                 "stdin", "not UTF-8")


def test_extract_batch_reports_bad_lines_and_goes_on(tmp_path):
    """Each bad line is named on stderr with why; the good ones are extracted in order; exit 2."""
    good = {"id": "ok", "text": "将于2024年9月5日生效。", "published": "2024-08-14"}
    lines = [
        json.dumps({"id": "a", "text": 123, "published": "2021-07-26"}).encode(),   # 1 text not a string
        json.dumps({"text": "x", "published": "2021-07-26"}).encode(),               # 2 no id
        b"{not json",                                                                # 3
        json.dumps(good, ensure_ascii=False).encode(),                               # 4 fine
        "受台风影响".encode("gb18030"),                                               # 5 not UTF-8
        b"[1, 2]",                                                                   # 6 not an object
        b"",                                                                         # 7 blank: skipped
        json.dumps({"id": "b", "text": "x", "published": "2021-13-01"}).encode(),   # 8 bad date
        json.dumps({**good, "id": 7}).encode(),                                      # 9 fine, numeric id
    ]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = run("extract", "--jsonl", path)
    assert_error(result, 2, "6 of 8 lines", "in.jsonl")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["ok", 7]
    why = {n: w for n, w in [(1, '"text" must be a string'), (2, "no 'id'"), (3, "not JSON"), (5, "not UTF-8"),
                             (6, "JSON object"), (8, "2021-13-01")]}
    stderr = result.stderr.splitlines()
    for n, words in why.items():
        assert any(line.startswith(f"Error: {path}:{n}: ") and words in line for line in stderr), (n, stderr)
    assert len(stderr) == len(why) + 1


def test_extract_batch_missing_file(tmp_path):
    assert_error(run("extract", "--jsonl", tmp_path / "nope.jsonl"), 2, "nope.jsonl", "does not exist")


GOLD = {"id": "g1", "text": "收货地址在上海市的订单，平台将不进行扣分处理。", "published": "2021-07-26",
        "gold": {"exemption": True, "windows": {"must": [], "may": []}, "regions": {"must": ["310000"], "may": []}}}


@pytest.mark.parametrize("line, words", [
    ({k: v for k, v in GOLD.items() if k != "gold"}, 'no "gold" object'),
    ({**GOLD, "gold": 5}, '"gold" must be an object'),
    ({**GOLD, "gold": {"windows": ["2021-07-25", "2021-07-28"]}}, 'gold "windows" must be an object'),
    ({**GOLD, "gold": {"windows": {"must": "2021-07-25"}}}, 'gold "windows" "must" must be a list'),
    ({**GOLD, "gold": {"windows": {"must": ["2021-07-25"]}}}, "[start, end] pairs"),
    ({**GOLD, "gold": {"hours": {"must": ["two days"]}}}, 'gold "hours" "must"'),
    ({**GOLD, "gold": {"hours": {"may": [None]}}}, 'gold "hours" "may"'),
    ({k: v for k, v in GOLD.items() if k != "id"}, "no 'id'"),
    ({**GOLD, "text": ["a"]}, '"text" must be a string'),
    ("{broken", "not JSON"),
])
def test_eval_names_the_malformed_gold_line(tmp_path, line, words):
    path = tmp_path / "gold.jsonl"
    good = json.dumps(GOLD, ensure_ascii=False)
    path.write_text(good + "\n" + (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n",
                    encoding="utf-8")
    assert_error(run("eval", path), 2, f"{path}:2:", words)


def test_eval_non_utf8_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(json.dumps(GOLD, ensure_ascii=False).encode("gb18030") + b"\n")
    assert_error(run("eval", path), 2, f"{path}:1:", "not UTF-8")


def test_eval_good_file_still_scores(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOLD, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run("eval", path)
    assert result.exit_code == 0 and "1 announcements" in result.output, result.output


# --- options --------------------------------------------------------------------------------

def test_check_bad_at_names_at(db):
    result = run("check", "--region", "杭州市", "--at", "2021-13-01", "--db", db)
    assert_error(result, 2, "--at", "'2021-13-01'", "YYYY-MM-DD")
    assert "--now" not in result.output


@pytest.mark.parametrize("command", ["check", "export", "reparse", "reindex"])
def test_missing_db_is_refused_not_created(command, tmp_path, config):
    missing = tmp_path / "nope.db"
    assert_error(run(*args_for(command, missing, config)), 2, "--db", "does not exist")
    assert not missing.exists()


# --- unusable databases: exit 4 ------------------------------------------------------------

@pytest.mark.parametrize("command", READERS + WRITERS)
def test_db_that_is_not_sqlite(command, tmp_path, config):
    path = tmp_path / "notes.db"
    path.write_text("not a database\n" * 100, encoding="utf-8")
    assert_error(run(*args_for(command, path, config)), 4, str(path), "not a SQLite database")
    assert path.read_text(encoding="utf-8") == "not a database\n" * 100


@pytest.mark.parametrize("command", READERS + WRITERS)
def test_db_that_is_a_directory(command, tmp_path, config):
    assert_error(run(*args_for(command, tmp_path, config)), 4, str(tmp_path), "is a directory")


def test_db_that_is_sqlite_but_not_policyfeeds(tmp_path, config):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("create table t (a)").connection.close()
    assert_error(run(*args_for("check", path, config)), 4, "not a policyfeed database")


def test_reader_on_an_outdated_schema_says_how_to_upgrade(db, config):
    """Readers never migrate: a pending migration is reported, and the next writer applies it."""
    with sqlite3.connect(db) as conn:
        last = conn.execute("select name from _sqlite_migrations order by rowid desc limit 1").fetchone()[0]
        conn.execute("delete from _sqlite_migrations where name = ?", [last])
    conn.close()
    assert_error(run(*args_for("export", db, config)), 4, "needs an upgrade", last)


def test_crawl_in_an_unwritable_place(tmp_path, config):
    """/proc takes no new directories, for root either."""
    assert_error(run(*args_for("crawl", Path("/proc/policyfeed/policyfeed.db"), config)), 4,
                 "cannot create the directory /proc/policyfeed")


@pytest.mark.parametrize("command", READERS + WRITERS)
def test_read_only_db_file(command, db, config, immutable):
    """Readers read it (exit 0); commands that write say the file is not writable (exit 4)."""
    immutable(db)
    result = run(*args_for(command, db, config))
    if command in READERS:
        assert result.exit_code == 0, result.output
        assert_read_ok(command, result.stdout)
    else:
        assert_error(result, 4, str(db), "not writable")


@pytest.mark.parametrize("command", READERS + WRITERS)
def test_read_only_directory(command, db, config, immutable):
    """No -wal or -shm can be created beside the file: readers still read (exit 0, immutable
    fallback), writers say the directory is not writable (exit 4)."""
    immutable(db.parent)
    result = run(*args_for(command, db, config))
    if command in READERS:
        assert result.exit_code == 0, result.output
        assert_read_ok(command, result.stdout)
    else:
        assert_error(result, 4, str(db), "directory is not writable")


def test_new_db_in_a_read_only_directory(tmp_path, config, immutable):
    directory = tmp_path / "ro"
    directory.mkdir()
    immutable(directory)
    assert_error(run(*args_for("crawl", directory / "new.db", config)), 4, "directory is not writable")


def _read_only_mount_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    with tempfile.TemporaryDirectory() as d:
        probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                                'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && ! touch "$0/x" 2>/dev/null',
                                d], capture_output=True)
        return probe.returncode == 0


@pytest.mark.skipif(not _read_only_mount_works(), reason="needs unshare --mount (root or user namespaces)")
@pytest.mark.parametrize("command", READERS + WRITERS)
def test_read_only_file_system(command, db, config):
    """A read-only bind mount of the database's directory, in a private mount namespace of the child
    only: EROFS for root too, and nothing is left mounted."""
    args = [str(a) for a in args_for(command, db, config)]
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c",
         'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"', str(db.parent),
         sys.executable, "-m", "scraper.cli", "-q", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    if command in READERS:
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert_read_ok(command, done.stdout)
    else:
        assert_process_error(done, 4, str(db), "read-only file system")


# --- a reader that cannot write the directory (another user) -------------------------------------

AS_NOBODY = """
import os, sys
import csv, extract.regions, scraper.check, scraper.export, scraper.cli, sqlite_utils.plugins
sqlite_utils.plugins.ensure_plugins_loaded()  # imports what nobody could not read under /root
extract.regions.gazetteer()
os.setgid(65534)
os.setuid(65534)
scraper.cli.cli.main(sys.argv[1:], prog_name="policyfeed")
"""


@pytest.fixture
def shared_db(crawled):
    """The database in a directory of its own, readable by all, writable by root only (as a crawl's
    directory is for the services reading it); outside pytest's tmp_path, which only root can enter."""
    directory = Path(tempfile.mkdtemp(prefix="policyfeed-shared-"))
    directory.chmod(0o755)
    db = directory / "policyfeed.db"
    shutil.copy(crawled, db)
    db.chmod(0o644)
    yield db
    shutil.rmtree(directory)


def as_nobody(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", AS_NOBODY, *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.skipif(os.geteuid() != 0, reason="drops to user nobody, which needs root")
@pytest.mark.parametrize("command", READERS)
def test_reader_without_write_access_reads_between_and_during_crawls(command, shared_db, config):
    """A service running as another user opens the file read-only (mode=ro). Between crawls there is
    no -wal/-shm and it may not create them: SQLite says "attempt to write a readonly database", so
    the store falls back to immutable=1. During a crawl (a writer holds the file open, -wal and -shm
    exist) mode=ro reads through the WAL, and sees a change not yet checkpointed into the file."""
    args = args_for(command, shared_db, config)
    between = as_nobody(*args)
    assert between.returncode == 0 and "Traceback" not in between.stderr, between.stderr
    assert_read_ok(command, between.stdout)
    assert not Path(f"{shared_db}-wal").exists()

    writer = sqlite3.connect(shared_db)  # a crawl: the file open in WAL mode, -wal and -shm beside it
    try:
        run_id = writer.execute("insert into crawl_runs (started_at, status) values "
                                "('2099-01-01T00:00:00', 'running')").lastrowid
        writer.commit()  # in the WAL only: nothing is checkpointed while the writer is open
        assert Path(f"{shared_db}-wal").stat().st_size > 0
        during = as_nobody(*args)
        assert during.returncode == 0 and "Traceback" not in during.stderr, during.stderr
        assert_read_ok(command, during.stdout)
        # the reader sees the run committed to the WAL (immutable=1 would not: --since would be unknown)
        since = as_nobody("export", "--since", run_id, "--db", shared_db)
        assert since.returncode == 0 and since.stdout == "", since.stderr
    finally:
        writer.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="drops to user nobody, which needs root")
def test_writer_without_write_access_is_refused(shared_db, config):
    assert_process_error(as_nobody("reindex", "--db", shared_db), 4, str(shared_db), "not writable")


# --- reindex and a crawl ------------------------------------------------------------------------

def test_reindex_during_a_crawl_refuses_with_exit_3(db):
    """A crawl (or reparse) holds the lock beside the database: reindex does not start, as a second
    crawl does not, instead of holding the write lock for the whole rebuild under the crawl."""
    with crawl_lock(db):
        assert_error(run("reindex", "--db", db), 3, "another policyfeed crawl", str(db))
    assert run("reindex", "--db", db).exit_code == 0


def test_reindex_waits_for_another_writer(db):
    """A write transaction of another connection (1.5 s) is waited for, within the 10 s busy timeout.
    It used to fail at once with "database is locked": the rebuild began deferred, FTS5 read its
    config first, and SQLite does not call the busy handler when a read transaction must become a
    write transaction."""
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("update feeds set last_crawled = last_crawled")
        holding.set()
        release.wait(1.5)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    holding.wait(5)
    started = time.monotonic()
    try:
        result = run("reindex", "--db", db)
    finally:
        release.set()
        thread.join()
    assert result.exit_code == 0, result.output
    assert "indexed" in result.output and time.monotonic() - started >= 1.0


def test_rebuild_waits_for_another_writer(db):
    """The same at the library level, where the fix is: rebuild() starts with BEGIN IMMEDIATE."""
    from scraper.store import Store
    from scraper.store.search import rebuild

    with Store(db) as store:
        other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        other.execute("update feeds set last_crawled = last_crawled")
        timer = threading.Timer(1.5, lambda: other.execute("COMMIT"))
        timer.start()
        started = time.monotonic()
        try:
            assert rebuild(store.db) > 100
        finally:
            timer.join()
            other.close()
        assert time.monotonic() - started >= 1.0


# --- the store's opening, as the library sees it ----------------------------------------------------

def test_readonly_store_never_writes(db):
    """mode=ro: no migration, no pragma that writes, and a write is refused by SQLite itself."""
    from scraper.store import Store

    before = db.read_bytes()
    with Store(db, readonly=True) as store:
        assert store.db["announcements"].count > 100
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.db.execute("delete from announcements")
    assert db.read_bytes() == before


def test_opening_errors_are_store_errors(tmp_path):
    from scraper.store import NotAStore, Store, StoreError, StoreNotWritable

    text = tmp_path / "text.db"
    text.write_text("x" * 1000, encoding="utf-8")
    for readonly in (False, True):
        with pytest.raises(NotAStore, match="not a SQLite database"):
            Store(text, readonly=readonly)
        with pytest.raises(NotAStore, match="is a directory"):
            Store(tmp_path, readonly=readonly)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing.db", readonly=True)
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(StoreNotWritable, match="cannot create the directory"):
        Store("/proc/policyfeed/policyfeed.db")


def test_shared_options_are_one_definition():
    """--db is one option (scraper.cli.db_option) on every command that opens a database, with the
    same default; --basis offers the bases scraper.check accepts."""
    import click

    from scraper.check import BASES
    from scraper.cli import DEFAULT_DB

    with_db = {name: next(p for p in command.params if p.name == "db_path")
               for name, command in cli.commands.items() if any(p.name == "db_path" for p in command.params)}
    assert set(with_db) == {"check", "crawl", "demo", "export", "reindex", "reparse", "serve"}
    for name, option in with_db.items():
        assert isinstance(option, click.Option) and option.opts == ["--db"], name
        assert option.default == DEFAULT_DB and option.show_default is True, name
    basis = next(p for p in cli.commands["check"].params if p.name == "basis")
    assert isinstance(basis.type, click.Choice) and list(basis.type.choices) == list(BASES)
    assert basis.default == "any"
