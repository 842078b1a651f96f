"""Live serving: writers publish snapshots that a reader swaps in, never blocking it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from builders import build_web_store, make_article
from sitroom.errors import E, SitroomError
from sitroom.store.live import (
    LiveStore,
    Publication,
    announce,
    serving_info,
    writable_store,
)
from sitroom.store.store import Store


def _add(store: Store, article_id: str) -> None:
    art = make_article(article_id, f"A report numbered {article_id}.", "2022-01-12")
    store.add_ingested([(art, f"hash-{article_id}")], [], store.start_run("test"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "live.duckdb"
    build_web_store(path)
    return path


def test_without_a_server_the_writer_writes_in_place(db: Path) -> None:
    inode = db.stat().st_ino
    pub = Publication()
    with writable_store(db, pub) as store:
        _add(store, "art3")
    assert pub.server is None
    assert db.stat().st_ino == inode
    with Store(db, read_only=True) as st:
        assert st.count("articles") == 3


def test_a_served_store_gets_a_published_snapshot(db: Path) -> None:
    live = LiveStore(str(db), check_every=0)
    with announce(db, "127.0.0.1", 8123):
        assert serving_info(db) is not None
        with live.reader() as st:
            assert st.count("articles") == 2
            first = st.generation
        pub = Publication()
        with live.reader() as during:  # a request running across the publication
            with writable_store(db, pub) as store:
                _add(store, "art3")
            assert during.count("articles") == 2  # it finishes on its own snapshot
            with live.reader() as after:
                assert after.count("articles") == 3 and after.generation > first
            assert during.count("articles") == 2  # the old snapshot stays open meanwhile
    assert pub.server is not None and pub.server.port == 8123
    assert serving_info(db) is None  # the sidecar is gone with the server
    assert not list(db.parent.glob("*.next-*")) and not list(db.parent.glob("*.read-*"))
    live.close()


def test_a_writer_that_fails_keeps_what_it_committed(db: Path) -> None:
    live = LiveStore(str(db), check_every=0)
    with announce(db, "127.0.0.1", 8123):
        with pytest.raises(RuntimeError), writable_store(db) as store:
            _add(store, "art3")
            raise RuntimeError("the writer stops half way")
        with live.reader() as st:
            assert st.count("articles") == 3
    live.close()


def test_a_killed_writer_leaves_the_served_store_unchanged(db: Path) -> None:
    live = LiveStore(str(db), check_every=0)
    script = textwrap.dedent(f"""
        import os, sys
        sys.path[:0] = {sys.path!r}
        from builders import make_article
        from sitroom.store.live import writable_store
        with writable_store({str(db)!r}) as store:
            art = make_article("art9", "A report that is never published.", "2022-01-12")
            store.add_ingested([(art, "hash-9")], [], store.start_run("test"))
            os._exit(9)  # killed before publishing
    """)
    with announce(db, "127.0.0.1", 8123):
        done = subprocess.run([sys.executable, "-c", script], check=False, timeout=120)
        assert done.returncode == 9
        assert list(db.parent.glob("*.next-*"))  # its copy is left behind...
        with live.reader() as st:
            assert st.count("articles") == 2
        with writable_store(db) as store:  # ...and removed by the next writer
            _add(store, "art3")
        assert not list(db.parent.glob("*.next-*"))
        with live.reader() as st:
            assert st.count("articles") == 3
    live.close()


def test_a_store_held_by_another_writer_has_its_own_error(db: Path) -> None:
    script = textwrap.dedent(f"""
        import sys, time
        import duckdb
        con = duckdb.connect({str(db)!r})
        print("held", flush=True)
        sys.stdin.read()
    """)
    holder = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(SitroomError) as err:
            Store(db, read_only=True)
        assert err.value.code is E.E034
        assert f"process {holder.pid}" in err.value.message
        assert "unreadable" not in err.value.message
    finally:
        holder.communicate("", timeout=30)


def test_a_sidecar_of_a_dead_server_is_ignored(db: Path) -> None:
    Path(str(db) + ".serving").write_text('{"pid": 999999999, "host": "h", "port": 1}')
    assert serving_info(db) is None
    Path(str(db) + ".serving").write_text("not json")
    assert serving_info(db) is None
    assert os.getpid() > 0
