"""The chapters' layouts alone (``chapter_fixes``), on two cores when there are two.

Each job lays out one chapter and gives back what it decided: the chapter's fix and the line
breaks of its paragraphs, both as JSON (``steering_memo``'s and ``chapter_fixes``' own forms).
So a job can run in a forked process: nothing of WeasyPrint's layout (which holds Pango
objects and cannot be pickled) crosses back, and no PDF is merged: the book is laid out once,
in this process, with everything the jobs decided. The results are taken in the jobs' order, and
each depends only on its chapter, so the PDF is the same with one process or two (tested).

``BOOKGEN_PROCESSES=1`` keeps everything in one process; so does a process that runs threads
(the preview's server: forking one is unsafe), a machine with one core, or a single job.
"""

from __future__ import annotations

import os
import threading

from bookgen.writers.chapter_fixes import ChapterFix, ChapterFixes, ChapterMemo
from bookgen.writers.steering_memo import SteeringMemo, from_json, to_json

_WORK: tuple | None = None  # (fixes, memo) for the forked workers


def run_jobs(fixes: ChapterFixes, memo: SteeringMemo, jobs: list[str], release=None) -> None:
    """Run ``jobs`` (section ids) and record their fixes and decisions. ``release()`` lets go
    of what a worker keeps between its jobs (the fonts), before it ends."""
    memo.load()
    processes = _processes(jobs)
    results = _in_processes(processes, fixes, memo, jobs, release) if processes > 1 else None
    if results is None:
        for job in jobs:
            fixes.done(job, fixes.run(job))
        return
    for job, (fix, decisions) in zip(jobs, results):
        for key, value in decisions.items():
            decision = from_json(value)
            if decision is not None:
                memo.put(key, decision)
        fixes.done(job, ChapterMemo.fix_from_json(fix) or ChapterFix())


def _processes(jobs: list[str]) -> int:
    wanted = os.environ.get("BOOKGEN_PROCESSES", "")
    count = int(wanted) if wanted.isdigit() and int(wanted) > 0 else min(2, os.cpu_count() or 1)
    if len(jobs) < 2 or not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    return min(count, len(jobs))


def _in_processes(count: int, fixes: ChapterFixes, memo: SteeringMemo, jobs: list[str],
                  release):
    import multiprocessing

    global _WORK
    _WORK = (fixes, memo, release)
    try:
        pool = multiprocessing.get_context("fork").Pool(count, initializer=_start)
    except Exception:  # noqa: BLE001 - no pool here (a daemon, no /dev/shm): one process
        _WORK = None
        return None
    try:
        results = pool.map(_job, jobs, chunksize=1)
        pool.close()  # the workers end their own way, running their finalizers (_start)
        return results
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        _WORK = None


def _start() -> None:
    """A worker ignores Ctrl-C (the build's to handle: it stops the pool, whose workers then
    end quietly), and lets go of its fonts when it ends: a worker ends with os._exit, which
    runs no ``__del__``, and WeasyPrint's FontConfiguration removes its temporary folder
    (weasyprint-*) in one."""
    import signal
    from multiprocessing.util import Finalize

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    Finalize(None, _release, exitpriority=10)


def _release() -> None:
    import gc

    release = _WORK[2] if _WORK else None
    if release is not None:
        release()
    gc.collect()


def _job(job: str) -> tuple[dict, dict]:
    import gc

    fixes, memo, _ = _WORK
    memo.used.clear()
    fix = fixes.run(job)
    gc.collect()  # the job's layouts, before the next job
    return ChapterMemo.fix_to_json(fix), {key: to_json(memo.decisions[key])
                                          for key in memo.used if key in memo.decisions}
