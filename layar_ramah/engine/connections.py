"""The office server this PC connects to, set up once in Administrasi and remembered on
this PC (not in the database: the database is what it points at).

`server.json` in this PC's data folder holds the address (host, port, database, user),
never the password. The password is kept apart, never as plain text in a settings file:

- on Windows, sealed with DPAPI (CryptProtectData, through ctypes): only the same Windows
  account on the same PC can open it, nothing to install, works offline;
- elsewhere, in a file of its own that only this user may read (mode 0600), as libpq's own
  ~/.pgpass does.

A keyring service is not used: it is not there on every offline office PC.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from layar_ramah.errors import ValidationError

SETTINGS_NAME = "server.json"
SECRET_NAME = "server-sandi.bin"
_ENTROPY = b"Layar Ramah server password"


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int
    dbname: str
    user: str

    @property
    def url(self) -> str:
        """postgresql://user@host:port/dbname, without the password."""
        return (f"postgresql://{quote(self.user, safe='')}@{self.host}:{self.port}/"
                f"{quote(self.dbname, safe='')}")

    @property
    def label(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"


def clean(host: str, port: str | int, dbname: str, user: str) -> ServerAddress:
    """The address as typed in Administrasi, checked field by field (Indonesian messages)."""
    host, dbname, user = host.strip(), dbname.strip(), user.strip()
    if not host:
        raise ValidationError("Isi alamat komputer server (nama atau IP, misalnya 192.168.1.10).", field="host")
    if any(c in host for c in " /@:?#"):
        raise ValidationError("Alamat server hanya nama komputer atau alamat IP, tanpa spasi atau garis miring.",
                              field="host")
    try:
        number = int(str(port).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= 65535:
        raise ValidationError("Port harus angka 1–65535 (PostgreSQL biasanya 5432).", field="port")
    if not dbname:
        raise ValidationError("Isi nama basis data (misalnya layar_ramah).", field="dbname")
    if not user:
        raise ValidationError("Isi nama pengguna basis data (misalnya kantor).", field="user")
    return ServerAddress(host, number, dbname, user)


def probe(address: ServerAddress, password: str | None) -> str:
    """Connect once (5 s at most) and say what is there, for the admin setting it up.
    Raises ConnectionFailed (Indonesian, why not) when the server cannot be used."""
    import psycopg

    from layar_ramah.engine.postgresql import PostgresEngine, connect_params
    engine = PostgresEngine(address.url, password=password or None)
    try:
        with psycopg.connect(**connect_params(engine.params)) as conn:
            tables = {r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
            if not tables:
                return (f"Tersambung ke {address.label}: basis data masih kosong; Layar Ramah akan membuat "
                        "tabelnya saat pertama kali dibuka.")
            if "schema_version" not in tables:
                return f"Tersambung ke {address.label}, tetapi basis data itu berisi tabel program lain."
            requests = conn.execute("SELECT COUNT(*) FROM request").fetchone()[0]
            return f"Tersambung ke {address.label}: data Layar Ramah dengan {requests:,} permohonan.".replace(",", ".")
    except psycopg.Error as exc:
        raise engine.connection_failed(exc) from exc


def remembered(folder: Path) -> tuple[ServerAddress, str | None] | None:
    """The server this PC was set up for, and its password (None: none kept), or None."""
    try:
        data = json.loads((folder / SETTINGS_NAME).read_text(encoding="utf-8"))
        address = ServerAddress(data["host"], int(data["port"]), data["dbname"], data["user"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return address, read_secret(folder)


def remember(folder: Path, address: ServerAddress, password: str | None) -> None:
    """Keep the address (and the password, sealed) for the next start of this PC."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {"host": address.host, "port": address.port, "dbname": address.dbname, "user": address.user}
    _write_private(folder / SETTINGS_NAME, json.dumps(data, indent=1).encode("utf-8"))
    if password:
        _write_private(folder / SECRET_NAME, seal(password.encode("utf-8")))
    else:
        (folder / SECRET_NAME).unlink(missing_ok=True)


def forget(folder: Path) -> None:
    """Back to the file on this PC at the next start."""
    for name in (SETTINGS_NAME, SECRET_NAME):
        (folder / name).unlink(missing_ok=True)


def read_secret(folder: Path) -> str | None:
    try:
        blob = (folder / SECRET_NAME).read_bytes()
    except OSError:
        return None
    try:
        return unseal(blob).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # another Windows account's, or damaged: the start asks for it again


def _write_private(path: Path, data: bytes) -> None:
    """Write a file only this user may read (0600 from its creation; on Windows the
    profile's folder is the user's own)."""
    tmp = path.with_name(path.name + ".baru")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# --- sealing the password ---------------------------------------------------------------
def seal(data: bytes) -> bytes:
    if sys.platform == "win32":
        return _dpapi(data, protect=True)
    return b"plain-0600:" + data


def unseal(blob: bytes) -> bytes:
    if sys.platform == "win32":
        return _dpapi(blob, protect=False)
    if not blob.startswith(b"plain-0600:"):
        raise OSError("unknown password file")
    return blob[len(b"plain-0600:"):]


def _dpapi(data: bytes, protect: bool) -> bytes:
    """CryptProtectData / CryptUnprotectData of crypt32.dll for the current Windows user."""
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    def blob_of(raw: bytes):
        buffer = ctypes.create_string_buffer(raw, len(raw))
        return Blob(len(raw), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))), buffer

    crypt32, kernel32 = ctypes.windll.crypt32, ctypes.windll.kernel32
    source, _keep = blob_of(data)
    entropy, _keep2 = blob_of(_ENTROPY)
    out = Blob()
    ui_forbidden = 0x1  # CRYPTPROTECT_UI_FORBIDDEN
    if protect:
        ok = crypt32.CryptProtectData(ctypes.byref(source), "Layar Ramah", ctypes.byref(entropy), None, None,
                                      ui_forbidden, ctypes.byref(out))
    else:
        ok = crypt32.CryptUnprotectData(ctypes.byref(source), None, ctypes.byref(entropy), None, None,
                                        ui_forbidden, ctypes.byref(out))
    if not ok:
        raise OSError(f"DPAPI: {ctypes.GetLastError()}")
    try:
        return ctypes.string_at(out.pbData, out.cbData)
    finally:
        kernel32.LocalFree(out.pbData)
