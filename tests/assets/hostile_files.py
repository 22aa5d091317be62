"""Hostile import files, built in the test: GDAL virtual files (VRT) disguised as GeoPackages,
zips with more than a dataset, zip bombs, and a server-side SQLite database with secrets. And two
witnesses that need no clock: `Listener` (did anything connect?) and `nothing_unpacked` (was any
zip member decompressed, or any file handed to GDAL?)."""

import contextlib
import socket
import sqlite3
import threading
import zipfile
from pathlib import Path
from unittest import mock

import pyogrio
import pyogrio.raw

SECRET_TOKEN = "tok-3f9a1c77e2b0SECRET"
SECRET_HASH = "pbkdf2_sha256$870000$SECRETSALT$SECRETHASH="


def secret_database(folder: Path) -> Path:
    """An SQLite file like the server's own database, with an API token and a password hash."""
    path = folder / "wijkwerk.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE authtoken_token (key TEXT, user_id INTEGER)")
    db.execute("CREATE TABLE auth_user (id INTEGER, username TEXT, password TEXT)")
    db.execute("INSERT INTO authtoken_token VALUES (?, 1)", (SECRET_TOKEN,))
    db.execute("INSERT INTO auth_user VALUES (1, 'admin', ?)", (SECRET_HASH,))
    db.commit()
    db.close()
    return path


def vrt(source: str, sql: str = "SELECT t.key AS id, u.password AS species, 5.105 AS x, 52.085 AS y "
                                  "FROM authtoken_token t JOIN auth_user u ON u.id = t.user_id") -> bytes:
    """An OGR VRT that reads `source` (a path, relative to the VRT file when relative, or a
    /vsicurl/ URL) with `sql`, as point features."""
    relative = ' relativeToVRT="1"' if source.startswith("..") else ""
    return (
        "<OGRVRTDataSource>\n"
        '  <OGRVRTLayer name="leak">\n'
        f"    <SrcDataSource{relative}>{source}</SrcDataSource>\n"
        f"    <SrcSQL>{sql}</SrcSQL>\n"
        "    <GeometryType>wkbPoint</GeometryType>\n"
        '    <GeometryField encoding="PointFromColumns" x="x" y="y"/>\n'
        "  </OGRVRTLayer>\n"
        "</OGRVRTDataSource>\n"
    ).encode()


def write_zip(path: Path, members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def zip_bomb(path: Path, *, member: str = "bomen.geojson", megabytes: int = 60) -> Path:
    """A small zip (some tens of KB) that unpacks to `megabytes` of GeoJSON-looking bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open(member, "w", force_zip64=True) as handle:
            handle.write(b'{"type": "FeatureCollection", "features": [')
            block = b" " * (1024 * 1024)
            for _ in range(megabytes):
                handle.write(block)
            handle.write(b"]}")
    return path


class Listener:
    """A TCP port on 127.0.0.1 (a free one, chosen by the system) that records every connection, to
    prove nobody connected; it closes each at once, so a client gets no answer and does not wait.
    `connections_made()` stops it and also takes the connections still in the listen queue: a client
    connects before the call that made it returns, so nothing is missed however slow the machine,
    and no sleep is needed."""

    def __init__(self):
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self._seen: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, address = self.server.accept()
            except OSError:  # the timeout: look at the stop flag again
                continue
            conn.close()
            self._seen.append(address)

    def connections_made(self) -> list[tuple[str, int]]:
        """Stops listening; every connection made (the clients' addresses)."""
        if not self._stop.is_set():
            self._stop.set()
            self._thread.join()
            self.server.setblocking(False)
            while True:
                try:
                    conn, address = self.server.accept()
                except BlockingIOError:
                    break
                conn.close()
                self._seen.append(address)
        return list(self._seen)

    def url(self, path: str = "/x.gpkg") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self):
        self.connections_made()
        self.server.close()


@contextlib.contextmanager
def nothing_unpacked():
    """Records, inside the block, every zip member decompressed with zipfile and every file handed
    to GDAL (pyogrio). A bomb refused from the zip's directory alone leaves the list empty: that is
    what makes the refusal fast, checked without a stopwatch (on a busy machine a time limit fails
    at random)."""
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def member_open(archive, name, *args, **kwargs):
        opened.append(f"zip member {getattr(name, 'filename', name)}")
        return real_open(archive, name, *args, **kwargs)

    def gdal(real):
        def call(*args, **kwargs):
            opened.append(f"GDAL {real.__name__} {args[:1]}")
            return real(*args, **kwargs)
        return call

    with mock.patch.object(zipfile.ZipFile, "open", member_open), \
            mock.patch.object(pyogrio, "list_layers", gdal(pyogrio.list_layers)), \
            mock.patch.object(pyogrio, "read_info", gdal(pyogrio.read_info)), \
            mock.patch.object(pyogrio.raw, "read", gdal(pyogrio.raw.read)):
        yield opened
