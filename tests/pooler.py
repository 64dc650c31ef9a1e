"""PgBouncer (Debian's package) in transaction pooling mode in front of the test cluster, as
Supabase's pooler runs in front of a project's database."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kithdb.embedded import as_server_user, free_port

# Each database's pool: two server connections, so that a client's transactions land on
# connections other clients used, and one client's session state would show in another's.
POOL_SIZE = 2


@contextmanager
def serve(host: str, port: int) -> Iterator[int]:
    """PgBouncer on a free local port, pooling transactions to every database of
    ``host``:``port`` for the users ``postgres`` and ``authenticator``; yields its port."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    assert os.path.exists(binary), "make test installs pgbouncer (scripts/install-system-deps)"
    listen = free_port()
    with tempfile.TemporaryDirectory(prefix="kithdb-pgbouncer-") as folder:
        here = Path(folder)
        (here / "users.txt").write_text('"postgres" ""\n"authenticator" ""\n')
        (here / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"* = host={host} port={port}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {listen}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {here / 'users.txt'}\n"
            f"pool_mode = transaction\ndefault_pool_size = {POOL_SIZE}\n"
            "max_client_conn = 200\n"
            f"logfile = {here / 'pgbouncer.log'}\npidfile = {here / 'pgbouncer.pid'}\n")
        here.chmod(0o777)
        for path in here.iterdir():
            path.chmod(0o666)
        # PgBouncer refuses to run as root; the server's own user runs it, as it runs postgres.
        process = subprocess.Popen(as_server_user([binary, str(here / "pgbouncer.ini")]),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", listen), timeout=1).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        log = here / "pgbouncer.log"
                        raise RuntimeError("pgbouncer did not start: " + (
                            log.read_text() if log.exists() else "")) from None
                    time.sleep(0.1)
            yield listen
        finally:
            process.terminate()
            process.wait(timeout=30)
