"""Making a big piece of text on the machine's other processor cores.

An export's CSV is mostly the csv module's quoting, which holds Python's lock the whole time, so
threads cannot share it. Where the system can fork (Linux, macOS), copies of this process make
the parts of the text from the rows they already hold and stream them back through pipes, while
this process compresses them into the bundle. The first part streams as it is made; later parts
are made in full meanwhile and sent when their turn comes. Elsewhere, or when other threads are
running (forking then is unsafe), the text is made here: the same bytes either way (tested).

The caller forks with no SQLite connection open (`Store.detached`): SQLite's rule is that a
connection is never carried across fork(), and a test checks that no descriptor of the database
is open at the moment of each fork.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence

from svtool.errors import SvtoolError

_READ = 1024 * 1024
Maker = Callable[[], Iterable[bytes]]


def pieces(makers: Sequence[Maker], *, fork: bool = True) -> Iterator[bytes]:
    """The bytes each maker yields, in order. The children (if any) are started now, before the
    caller starts threads of its own."""
    if not fork or not hasattr(os, "fork") or threading.active_count() > 1:
        return (piece for make in makers for piece in make())
    children: list[tuple[int, int]] = []
    for n, make in enumerate(makers):
        children.append(_start(make, ahead=n > 0, others=[fd for _, fd in children]))
    return _from_children(children)


def _start(make: Maker, *, ahead: bool, others: list[int]) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child: coverage is not collected after os._exit
        status = 1
        try:
            # Hold no other child's pipe open, or stopping that child early would never end it.
            for fd in (read_end, *others):
                os.close(fd)
            made = list(make()) if ahead else make()  # ahead: done before its turn comes
            with os.fdopen(write_end, "wb") as out:
                for piece in made:
                    out.write(piece)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _from_children(children: list[tuple[int, int]]) -> Iterator[bytes]:
    waiting = list(children)
    try:
        while waiting:
            pid, read_end = waiting.pop(0)
            try:
                with os.fdopen(read_end, "rb") as source:
                    while chunk := source.read(_READ):
                        yield chunk
            finally:
                # Closing the pipe early (the caller failed) ends the child with a broken pipe.
                _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                raise SvtoolError(
                    f"A helper process making the bundle's CSV stopped with status {code}; "
                    "nothing was written"
                )
    finally:
        import signal

        for pid, read_end in waiting:  # never reached (the caller stopped early): stop them
            os.close(read_end)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
