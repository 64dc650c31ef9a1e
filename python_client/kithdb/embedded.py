"""An embedded PostgreSQL cluster for the CLI, the demo and the tests.

The cluster lives in a project-local directory (``.kithdb/`` by default, or ``$KITHDB_HOME``),
listens on 127.0.0.1 on a free port and on a private Unix socket, and trusts local connections
as the ``postgres`` superuser. Its hot standbys, made with ``pg_basebackup`` and kept by
PostgreSQL's streaming replication, live beside its data in ``replica-<n>/``.

PostgreSQL's server programs refuse to run as root. When we are root, every server program is
run as the ``postgres`` OS user through ``runuser``, and the directories it needs are handed to
that user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

SERVER_OS_USER = "postgres"
MIN_MAJOR_VERSION = 15
DEFAULT_DBNAME = "kithdb"


class EmbeddedError(RuntimeError):
    """The embedded cluster could not be found, created, started or stopped."""


def find_bindir() -> Path:
    """Return the directory of the newest PostgreSQL (15 or newer) server binaries."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(subprocess.CalledProcessError, OSError):
            out = subprocess.run(
                [pg_config, "--bindir"], check=True, capture_output=True, text=True
            ).stdout.strip()
            candidates.append(Path(out))
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates.extend(Path(p) for p in found)
    for bindir in candidates:
        if (bindir / "postgres").exists() and _major_version(bindir) >= MIN_MAJOR_VERSION:
            return bindir
    raise EmbeddedError(
        "no PostgreSQL 15+ server binaries found (looked at `pg_config --bindir` and "
        "/usr/lib/postgresql/*/bin); install postgresql-15"
    )


def _major_version(bindir: Path) -> int:
    try:
        out = subprocess.run(
            [str(bindir / "postgres"), "--version"], check=True, capture_output=True, text=True
        ).stdout
    except (subprocess.CalledProcessError, OSError):
        return 0
    # "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
    version = out.split(")")[1].split()[0] if ")" in out else "0"
    return int(version.split(".")[0])


def _running_as_root() -> bool:
    return os.geteuid() == 0


def as_server_user(argv: list[str]) -> list[str]:
    """Wrap a server command so it runs as the ``postgres`` OS user when we are root."""
    if _running_as_root():
        return ["runuser", "-u", SERVER_OS_USER, "--", *argv]
    return argv


def hand_to_server_user(path: Path) -> None:
    """Let the server user own ``path`` and reach it through every parent directory.

    A no-op unless we are root. Parents only gain o+x (traverse), never read or write.

    Whoever acts as the server user may plant symbolic links in ``path``, so none is followed:
    a link changes owner itself, never what it points at, and ``path`` itself must not be one.
    """
    if not _running_as_root():
        return
    entry = pwd.getpwnam(SERVER_OS_USER)
    path.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        raise EmbeddedError(
            f"{path} is a symbolic link; kithdb hands only a real directory to the "
            f"{SERVER_OS_USER} OS user"
        )
    # os.fwalk enters a directory only once it has opened it and checked it is the directory it
    # listed (not a link swapped in since), and each entry is changed by its name within that
    # open directory without following a link: no path is resolved twice.
    for _root, dirs, files, dirfd in os.fwalk(path):
        os.chown(dirfd, entry.pw_uid, entry.pw_gid)
        for name in dirs + files:
            os.chown(name, entry.pw_uid, entry.pw_gid, dir_fd=dirfd, follow_symlinks=False)
    open_path_to_server_user(path)


def open_path_to_server_user(path: Path) -> None:
    """Let the server user reach ``path`` (binaries in a private checkout, say): every parent
    directory gains o+x (traverse), never read or write. A no-op unless we are root."""
    if not _running_as_root():
        return
    for parent in path.resolve().parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)


def _primary_conninfo(port: int, name: str) -> str:
    """How a standby named ``name`` connects to its primary on ``port``; the application_name
    tells the standbys apart in pg_stat_replication."""
    return f"host=127.0.0.1 port={port} user={SERVER_OS_USER} application_name={name}"


def free_port() -> int:
    """Ask the kernel for a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@dataclass
class Cluster:
    """A PostgreSQL cluster in ``home`` (data, socket, log and port file).

    ``settings`` are extra server settings (``-c name=value``), e.g. to preload pg_cron.
    ``bindir`` holds the server's binaries (initdb, pg_ctl, postgres, pg_basebackup); by default
    the newest PostgreSQL installed (:func:`find_bindir`).
    """

    home: Path
    settings: dict[str, str] = field(default_factory=dict)
    bindir: Path | None = None

    @classmethod
    def default(cls) -> Cluster:
        """The project's cluster: ``$KITHDB_HOME`` or ``./.kithdb``."""
        return cls(Path(os.environ.get("KITHDB_HOME", ".kithdb")).resolve())

    @property
    def datadir(self) -> Path:
        """The data directory (PGDATA)."""
        return self.home / "pgdata"

    @property
    def socketdir(self) -> Path:
        """The private Unix socket directory."""
        return self.home / "run"

    @property
    def logfile(self) -> Path:
        """The server log."""
        return self.home / "postgres.log"

    @property
    def _portfile(self) -> Path:
        return self.home / "port"

    @property
    def port(self) -> int | None:
        """The TCP port of the last start, or None before the first."""
        try:
            return int(self._portfile.read_text().strip())
        except (OSError, ValueError):
            return None

    def _write_port(self, port: int) -> None:
        # The home belongs to the server user, who may have put a link named like the port file
        # there: the port goes to a new file that then takes the name, which replaces a link
        # rather than writing through it.
        fd, tmp = tempfile.mkstemp(dir=self.home, prefix=".port.")
        try:
            with os.fdopen(fd, "w") as f:
                f.write(f"{port}\n")
                # By the open file, not its name, which the server user may swap for a link.
                os.fchmod(f.fileno(), 0o644)
            os.replace(tmp, self._portfile)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def _log_tail(self, size: int) -> str:
        """The last ``size`` characters of the server log, read from the home itself: a link
        the server user put in its place is not followed (DEP-15)."""
        try:
            fd = os.open(self.logfile, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            return ""
        except OSError as err:
            return f"(the server log was not read: {err.strerror})"
        with os.fdopen(fd, errors="replace") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return "(the server log is not a regular file)"
            return f.read()[-size:]

    def url(self, dbname: str = DEFAULT_DBNAME) -> str:
        """A libpq URL for ``dbname`` on this cluster, as the ``postgres`` superuser."""
        if self.port is None:
            raise EmbeddedError("the embedded cluster has never been started")
        return f"postgresql://{SERVER_OS_USER}@127.0.0.1:{self.port}/{dbname}"

    def _binary(self, name: str) -> Path:
        if self.bindir is None:
            return find_bindir() / name
        open_path_to_server_user(self.bindir)
        return self.bindir / name

    def initialized(self) -> bool:
        """Whether initdb has run."""
        return (self.datadir / "PG_VERSION").exists()

    def running(self) -> bool:
        """Whether the server runs (pg_ctl status)."""
        if not self.initialized():
            return False
        result = subprocess.run(
            as_server_user([str(self._binary("pg_ctl")), "status", "-D", str(self.datadir)]),
            capture_output=True,
            text=True,
        )
        return result.returncode == 0

    def init(self) -> None:
        """Create the cluster (initdb) if it does not exist yet."""
        if self.initialized():
            return
        self.home.mkdir(parents=True, exist_ok=True)
        self.datadir.mkdir(exist_ok=True)
        self.socketdir.mkdir(exist_ok=True)
        # The home may already belong to the server user, who may have put a link here: the
        # mode is set on the directory opened without following one.
        try:
            fd = os.open(self.datadir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError as err:
            raise EmbeddedError(
                f"{self.datadir} is a symbolic link or not a directory ({err.strerror}); "
                "kithdb makes its data directory only in its home itself"
            ) from err
        try:
            os.fchmod(fd, 0o700)
        finally:
            os.close(fd)
        hand_to_server_user(self.home)
        cmd = [
            str(self._binary("initdb")),
            "-D",
            str(self.datadir),
            "-U",
            SERVER_OS_USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ]
        result = subprocess.run(as_server_user(cmd), capture_output=True, text=True)
        if result.returncode != 0:
            raise EmbeddedError(f"initdb failed:\n{result.stdout}{result.stderr}")

    def is_standby(self) -> bool:
        """Whether this cluster is a hot standby (made by :meth:`start_replicas`)."""
        return (self.datadir / "standby.signal").exists()

    def replica(self, n: int) -> Cluster:
        """The ``n``-th hot standby of this cluster (from 1), made or not; started, it follows
        this cluster at the port it has now (a restart may have moved it)."""
        name = f"replica-{n}"
        settings = dict(self.settings)
        if self.port is not None:
            settings["primary_conninfo"] = (f"'{_primary_conninfo(self.port, name)}'")
        return Cluster(self.home / name, settings=settings, bindir=self.bindir)

    def replicas(self) -> list[Cluster]:
        """The hot standbys made so far, in order."""
        found: list[Cluster] = []
        while (replica := self.replica(len(found) + 1)).initialized():
            found.append(replica)
        return found

    def replay_lag(self, replica: Cluster) -> tuple[int, float | None]:
        """How far running ``replica`` is behind this running cluster: the bytes of WAL it has
        yet to replay, and the primary's last measured replay lag in seconds (None while the
        standby has had nothing to catch up with)."""
        with psycopg.connect(self.url("postgres"), autocommit=True) as primary, \
                psycopg.connect(replica.url("postgres"), autocommit=True) as standby:
            replayed = standby.execute("select pg_last_wal_replay_lsn()").fetchone()
            row = primary.execute(
                "select pg_wal_lsn_diff(pg_current_wal_lsn(), %s::pg_lsn),"
                " (select extract(epoch from r.replay_lag)::float8 from pg_stat_replication r"
                "  where r.application_name = %s)",
                (replayed[0] if replayed else None, replica.home.name)).fetchone()
        assert row is not None
        return int(row[0] or 0), row[1]

    def start_replicas(self, count: int) -> list[str]:
        """Start the cluster and its first ``count`` hot standbys, making those that do not
        exist yet from a base backup of it; return the standbys' URLs."""
        self.start()
        assert self.port is not None
        urls = []
        for n in range(1, count + 1):
            replica = self.replica(n)
            if not replica.initialized():
                replica.init_standby_of(self.port)
            urls.append(replica.start())
        return urls

    def init_standby_of(self, port: int) -> None:
        """Make this cluster a hot standby of the server on 127.0.0.1:``port``, from a base
        backup of it, named after this cluster's directory."""
        self.home.mkdir(parents=True, exist_ok=True)
        self.socketdir.mkdir(exist_ok=True)
        hand_to_server_user(self.home)
        # -R writes primary_conninfo (this connection string) and standby.signal.
        source = _primary_conninfo(port, self.home.name)
        cmd = [str(self._binary("pg_basebackup")), "-D", str(self.datadir), "-d", source,
               "-X", "stream", "-R", "-c", "fast"]
        result = subprocess.run(as_server_user(cmd), capture_output=True, text=True)
        if result.returncode != 0:
            raise EmbeddedError(f"pg_basebackup failed:\n{result.stderr}")

    def start(self) -> str:
        """Initialise and start the cluster if needed; return the URL of its kithdb database."""
        self.init()
        if not self.running():
            port = self.port
            if port is None or not _port_is_free(port):
                port = free_port()
                self._write_port(port)
            hand_to_server_user(self.home)
            options = (
                f"-p {port} -c listen_addresses=127.0.0.1 "
                f"-c unix_socket_directories='{self.socketdir}'"
            ) + "".join(f" -c {name}={value}" for name, value in self.settings.items())
            cmd = [
                str(self._binary("pg_ctl")),
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(self.datadir),
                "-l",
                str(self.logfile),
                "-o",
                options,
            ]
            result = subprocess.run(as_server_user(cmd), capture_output=True, text=True)
            if result.returncode != 0:
                raise EmbeddedError(
                    f"pg_ctl start failed:\n{result.stderr}\n{self._log_tail(2000)}")
        self._create_database(DEFAULT_DBNAME)
        return self.url()

    def promote(self) -> None:
        """Make this hot standby a primary (pg_ctl promote), once it accepts writes."""
        cmd = [str(self._binary("pg_ctl")), "promote", "-w", "-t", "60", "-D", str(self.datadir)]
        result = subprocess.run(as_server_user(cmd), capture_output=True, text=True)
        if result.returncode != 0:
            raise EmbeddedError(f"pg_ctl promote failed:\n{result.stderr}")

    def stop(self, *, crash: bool = False) -> None:
        """Stop the cluster's hot standbys, then the cluster, where they run: a fast shutdown,
        or with ``crash`` the cluster alone at once, as if its machine died (pg_ctl's immediate
        mode: no checkpoint, every client cut off)."""
        for replica in () if crash else self.replicas():
            replica.stop()
        if not self.running():
            return
        mode = "immediate" if crash else "fast"
        cmd = [str(self._binary("pg_ctl")), "stop", "-w", "-m", mode, "-D", str(self.datadir)]
        result = subprocess.run(as_server_user(cmd), capture_output=True, text=True)
        if result.returncode != 0:
            raise EmbeddedError(f"pg_ctl stop failed:\n{result.stderr}")

    def _create_database(self, dbname: str) -> None:
        deadline = time.monotonic() + 10
        while True:
            try:
                conn = psycopg.connect(self.url("postgres"), autocommit=True)
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        with conn:
            # A standby reads what its primary made, the database among it.
            if self.is_standby():
                return
            exists = conn.execute(
                "select 1 from pg_database where datname = %s", (dbname,)
            ).fetchone()
            if not exists:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(dbname)))

