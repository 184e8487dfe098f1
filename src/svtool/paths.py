"""Where svtool keeps things: the database, the config folder and the packaged data and templates.

Kept free of heavy imports (platformdirs is light) because every command starts here.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

APP_NAME = "svtool"
DB_ENV = "SVTOOL_DB"
CONFIG_ENV = "SVTOOL_CONFIG_DIR"
CACHE_ENV = "SVTOOL_CACHE_DIR"
DB_FILENAME = "svtool.db"


def default_db_path() -> Path:
    """The platform's local user data folder: never Documents or Desktop, which are often synced."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def resolve_db_path(cli_value: str | os.PathLike[str] | None) -> Path:
    """--db beats SVTOOL_DB, which beats the default."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def config_dir() -> Path:
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def resource_dir(name: str) -> Path:
    """A folder shipped in the wheel (svtool/<name>), or the checkout's top-level one when run from source."""
    from importlib.resources import files

    packaged = Path(str(files("svtool"))) / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    return checkout


def data_file(name: str) -> Path:
    return resource_dir("data") / name


def cache_dir() -> Path:
    """Where svtool keeps what it can make again at any time (its compiled report templates):
    never evidence, so nothing is lost if the folder goes."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def templates_dir() -> Path:
    return resource_dir("templates")


def make_private_dir(path: Path) -> None:
    """Create a folder (and parents) readable only by the user on POSIX."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def missing_home(path: Path) -> Path | None:
    """The user's home folder, if it does not exist and `path` is inside it.

    svtool never creates a home folder: a HOME that points nowhere is a misconfigured account or
    service, and a database made there would be lost when it is noticed.
    """
    try:
        home = Path.home()
    except RuntimeError:
        return None
    if home.exists():
        return None
    try:
        path.absolute().relative_to(home.absolute())
    except ValueError:
        return None
    return home


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """folder/stem+suffix, or the first of stem-2, stem-3, ... that no file has yet."""
    path, number = folder / f"{stem}{suffix}", 2
    while path.exists():
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path


def check_new_file(path: Path, option: str = "--output") -> None:
    """A file svtool is about to write when the rep named it: not a folder, in a folder that
    exists, and never one that is there already (svtool does not overwrite what it wrote before)."""
    from svtool.errors import BadInput, Problem

    if path.is_dir():
        raise BadInput(Problem(option, f"{path} is a folder; give a file name"))
    if not path.parent.exists():
        raise BadInput(Problem(option, f"the folder {path.parent} does not exist"))
    if path.exists():
        raise BadInput(
            Problem(option, f"{path} already exists; svtool never overwrites it: give another name")
        )


@contextlib.contextmanager
def private_file(path: Path) -> Iterator[IO[bytes]]:
    """A file written beside `path`, fsynced, then renamed over it: readers see the old or the new
    file, never a mixture; the file is mode 0600 (mkstemp) and a failure leaves any earlier file
    as it was."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w+b") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable
        with contextlib.suppress(OSError):
            folder = os.open(path.parent, os.O_DIRECTORY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)


def replace_private(path: Path, data: bytes) -> None:
    with private_file(path) as f:
        f.write(data)


def attachments_folder(db: Path) -> Path:
    """`svtool.db` keeps its attachments in `svtool-attachments/` beside it."""
    return db.with_name(f"{db.stem}-attachments")


def people_register_path(db: Path) -> Path:
    """`svtool.db` keeps the rep's people register in `svtool-people.json` beside it."""
    return db.with_name(f"{db.stem}-people.json")


def attachment_path(db: Path, sha256: str) -> Path:
    """Where the document with this sha256 is kept, named by its checksum."""
    return attachments_folder(db) / sha256[:2] / sha256
