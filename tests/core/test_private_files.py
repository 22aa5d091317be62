"""core/files.py: private folders and files, whatever the umask."""

import os

from wijkwerk.core.private_files import private_dir, private_file, private_sqlite_file


def _mode(path) -> int:
    return path.stat().st_mode & 0o777


def test_new_folders_and_files_are_private_with_an_open_umask(tmp_path):
    old = os.umask(0o000)  # the worst case: everything would be world-writable
    try:
        folder = private_dir(tmp_path / "data")
        database = private_file(folder / "db.sqlite3")
    finally:
        os.umask(old)
    assert _mode(folder) == 0o700
    assert database.exists() and database.stat().st_size == 0 and _mode(database) == 0o600


def test_existing_open_ones_are_tightened_and_contents_kept(tmp_path):
    folder = tmp_path / "open"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    database = folder / "db.sqlite3"
    database.write_text("inhoud")
    database.chmod(0o644)
    private_dir(folder)
    private_file(database)
    assert (_mode(folder), _mode(database), database.read_text()) == (0o700, 0o600, "inhoud")


def test_in_memory_sqlite_names_create_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in (":memory:", "file:memdb1?mode=memory&cache=shared", "", None):
        private_sqlite_file(name)
    assert list(tmp_path.iterdir()) == []
    private_sqlite_file(str(tmp_path / "w.sqlite3"))
    assert _mode(tmp_path / "w.sqlite3") == 0o600
