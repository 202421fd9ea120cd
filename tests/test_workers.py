"""The worker engine and the streaming batch API: order, bounded reading, per-item errors, no orphans."""
from __future__ import annotations

import os
import time

import pytest

import textmend
from textmend.engine.workers import ItemError, imap_ordered

from .proc_support import alive, children

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux /proc")


def slow_square(x: int) -> int:
    time.sleep(0.002 * (x % 3))  # uneven work: chunks finish out of order
    return x * x


def fail_on_sevens(x: int) -> int:
    if x % 7 == 0:
        raise ValueError(f"seven divides {x}")
    return x


PARENT = os.getpid()


def die_on_13(x: int) -> int:
    if x == 13 and os.getpid() != PARENT:
        os._exit(9)  # a worker killed mid-chunk (the OOM killer, a segfault)
    return x


def die_in_workers(x: int) -> int:
    if os.getpid() != PARENT:
        os._exit(9)
    return x


def test_results_in_input_order_on_two_workers():
    assert list(imap_ordered(slow_square, range(300), 2, chunk_items=3)) == [x * x for x in range(300)]


def test_input_is_read_lazily_within_the_window():
    pulled = 0

    def items():
        nonlocal pulled
        for i in range(10**9):  # effectively endless: reading it all would never finish
            pulled += 1
            yield i

    it = imap_ordered(slow_square, items(), 2, window=4, chunk_items=5)
    assert [next(it) for _ in range(50)] == [x * x for x in range(50)]
    # 50 yielded; the window holds at most 4 chunks of 5 beyond the chunk being yielded, plus one read ahead.
    assert pulled <= 50 + 5 * 6
    it.close()


def test_an_item_that_raises_becomes_an_error_in_its_place():
    out = list(imap_ordered(fail_on_sevens, range(40), 2, chunk_items=4))
    for i, o in enumerate(out):
        if i % 7 == 0:
            assert isinstance(o, ItemError) and o.index == i and o.error == "ValueError" and str(i) in o.message
        else:
            assert o == i


def test_a_dying_worker_fails_its_chunk_only_and_is_replaced():
    out = list(imap_ordered(die_on_13, range(60), 3, chunk_items=4))
    lost = [i for i, o in enumerate(out) if isinstance(o, ItemError)]
    assert lost in ([], [12, 13, 14, 15])  # the chunk holding item 13, unless the parent ran that chunk
    assert all(out[i] == i for i in range(60) if i not in lost)
    out = list(imap_ordered(die_in_workers, range(60), 2, chunk_items=4))
    lost = [i for i, o in enumerate(out) if isinstance(o, ItemError)]
    assert lost and all(out[i] == i for i in range(60) if i not in lost)  # replaced workers die too; the
    assert {out[i].error for i in lost} == {"WorkerDied"}  # parent's chunks go on: every item has an answer
    assert "exit code 9" in out[lost[0]].message


_BIG = """
import sys
from textmend.engine import workers
workers.QUEUE_BYTES = int(sys.argv[1])

def echo(s):
    return s + "!"

if __name__ == "__main__":
    out = list(workers.imap_ordered(echo, ("x" * 400_000 for _ in range(8)), 2, chunk_items=1))
    assert out == ["x" * 400_000 + "!"] * 8
    print("ok")
"""


def test_a_big_chunk_is_never_queued_behind_a_busy_worker(tmp_path):
    """A queued chunk must fit the pipe's buffer: a worker blocked sending a big result does not read, so a
    parent blocked sending it a big chunk would wait for ever. With no size limit this very run hangs."""
    import subprocess
    import sys

    script = tmp_path / "big.py"
    script.write_text(_BIG, encoding="utf-8")
    from textmend.engine.workers import QUEUE_BYTES

    done = subprocess.run([sys.executable, str(script), str(QUEUE_BYTES)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
    with pytest.raises(subprocess.TimeoutExpired):  # the same run, queueing whatever the size: it deadlocks
        subprocess.run([sys.executable, str(script), str(1 << 30)], capture_output=True, timeout=10)


def test_stopping_early_stops_the_workers():
    before = set(children(os.getpid()))  # other tests' children (a Spark JVM) are not ours to judge
    it = imap_ordered(slow_square, range(10**6), 2, chunk_items=2)
    next(it)
    workers = set(children(os.getpid())) - before
    assert workers
    it.close()
    assert not [p for p in workers if alive(p)]


def test_repair_many_equals_repair_and_reports_bad_items(mini_cfg):
    from .cli_support import CLEAN, SPUN

    texts = [SPUN, CLEAN, None, 42, SPUN * 3] * 20
    out = list(textmend.repair_many(iter(texts), mini_cfg, jobs=2))
    assert len(out) == len(texts)
    for i, (t, r) in enumerate(zip(texts, out)):
        if isinstance(t, str):
            assert r == textmend.repair(t, mini_cfg)
        else:
            assert isinstance(r, ItemError) and r.index == i and r.error == "TypeError"
    checked = list(textmend.check_many(texts[:5], mini_cfg, jobs=1))
    assert checked[0] == textmend.check(SPUN, mini_cfg) and checked[0].text == SPUN


def test_chunks_stop_growing_at_the_character_budget():
    from textmend.engine.workers import _chunks

    items = ["x" * 40, None, "y" * 40, "z" * 5, "w" * 100, "v"]
    chunks = list(_chunks(items, 64, 50))
    assert [len(c) for c in chunks] == [3, 2, 1] and [x for c in chunks for x in c] == items
    rows = [{"t": t} for t in items]
    assert [len(c) for c in _chunks(rows, 64, 50, send=lambda r: r["t"])] == [3, 2, 1]
    assert [len(c) for c in _chunks(items, 2, 10**6)] == [2, 2, 2]
