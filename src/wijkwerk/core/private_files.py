"""Private files and folders: the data folder holds the SQLite database, the secret key, uploads
and reports, so only the user that runs Wijkwerk may read them. Folders are made 0700 and files
0600, whatever the umask; existing ones from an older version are tightened where we own them.

Plain Python (no Django imports): settings.py uses it before Django is set up.
"""

import os
from pathlib import Path


def private_dir(path: Path) -> Path:
    """Creates `path` (and missing parents) as 0700, or tightens it to 0700 when it exists."""
    path = Path(path)
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
    except OSError:
        pass  # read-only or someone else's folder: the real problem shows where it is used
    return path


def private_file(path: Path) -> Path:
    """Creates `path` empty as 0600 when it does not exist yet (in an existing folder), or tightens
    an existing file to 0600. An empty file is a valid empty SQLite database, so this can run before
    Django's sqlite backend first opens (and would otherwise create) it with the umask's 0644."""
    path = Path(path)
    try:
        if path.exists():
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
        elif path.parent.is_dir():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        pass
    return path


def write_private_file(path: Path, text: str) -> None:
    """Writes a new file that is 0600 from the first moment (fails when it exists)."""
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
        handle.write(text)


def private_sqlite_file(name) -> None:
    """`private_file` for an SQLite database name, unless it is in memory or a `file:` URI. SQLite
    gives the database's -wal and -shm files the same mode as the database."""
    name = str(name or "")
    if name and name != ":memory:" and not name.startswith("file:") and "mode=memory" not in name:
        private_file(Path(name))
