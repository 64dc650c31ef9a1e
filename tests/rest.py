"""A stand-in for PostgREST, just wide enough to run the README's supabase-js and supabase-py
examples against the test database with the real client libraries.

PostgREST itself cannot be installed here (no package in apt, PyPI or npm; no Docker engine),
so this serves the two request shapes the examples use — ``POST /rest/v1/rpc/<fn>`` with named
JSON arguments, and ``GET /rest/v1/<table>?select=*,<child>(*)`` with one embedded child table
found through its foreign key, as PostgREST finds it — each run in PostgREST's own transaction
form (kithdb.session.request) as the role and ``sub`` of a verified HS256 JWT, and answers errors
with PostgREST's body (code, message, details, hint) and its SQLSTATE → HTTP status mapping.
It is not PostgREST: anything outside those shapes is answered 501."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import psycopg
from psycopg import sql

from kithdb.session import Role, request

SECRET = b"kithdb-test-jwt-secret"
NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(role: str, sub: str | None = None) -> str:
    """An HS256 token as Supabase Auth would issue it (signed with the stand-in's secret)."""
    claims: dict[str, str] = {"role": role}
    if sub is not None:
        claims["sub"] = sub
    head = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = _b64(json.dumps(claims).encode())
    sig = hmac.new(SECRET, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64(sig)}"


def _claims(header: str | None) -> dict[str, Any]:
    if not header or not header.startswith("Bearer "):
        return {"role": "anon"}
    head, body, sig = header.removeprefix("Bearer ").split(".")
    want = hmac.new(SECRET, f"{head}.{body}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(_b64(want), sig):
        raise PermissionError("bad JWT signature")
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    return claims


def status_for(sqlstate: str, role: str) -> int:
    """PostgREST's HTTP status for an SQLSTATE (PostgREST's error table; docs/ERRORS.md lists
    kithdb's)."""
    if sqlstate == "42501":
        return 401 if role == "anon" else 403
    if sqlstate in ("23505", "23503"):
        return 409
    if sqlstate == "P0001":
        return 400
    if sqlstate.startswith("PT") and sqlstate[2:].isdigit():
        return int(sqlstate[2:])
    if sqlstate[:2] in ("25", "55", "40") or (sqlstate.startswith("P0") and sqlstate != "P0001"):
        return 500
    return 400


def _rpc(conn: psycopg.Connection[Any], fn: str, args: dict[str, Any]) -> Any:
    row = conn.execute(
        "select p.proretset, t.typtype = 'c' or p.prorettype = 'record'::regtype"
        " from pg_proc p join pg_type t on t.oid = p.prorettype"
        " where p.pronamespace = 'public'::regnamespace and p.proname = %s",
        (fn,),
    ).fetchone()
    if row is None or not all(NAME.match(k) for k in args):
        raise LookupError(fn)
    call = sql.SQL("public.{}({})").format(
        sql.Identifier(fn),
        sql.SQL(", ").join(
            sql.SQL("{} => {}").format(sql.Identifier(k), sql.Placeholder()) for k in args
        ),
    )
    values = [json.dumps(v) if isinstance(v, dict) else v for v in args.values()]
    if row[0] or row[1]:
        query = sql.SQL("select coalesce(json_agg(r), '[]') from {} r").format(call)
    else:
        query = sql.SQL("select to_json({})").format(call)
    result = conn.execute(query, values).fetchone()
    return result[0] if result else None


def _select(conn: psycopg.Connection[Any], table: str, select: str) -> Any:
    m = re.fullmatch(r"\*(?:,([a-z_]+)\(\*\))?", select.replace(" ", ""))
    if not m or not NAME.match(table):
        raise LookupError(select)
    child = m.group(1)
    embed: sql.Composable = sql.SQL("")
    if child:
        fk = conn.execute(
            "select a.attname, b.attname from pg_constraint c"
            " join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]"
            " join pg_attribute b on b.attrelid = c.confrelid and b.attnum = c.confkey[1]"
            " where c.contype = 'f' and cardinality(c.conkey) = 1"
            " and c.conrelid = ('public.' || %s)::regclass"
            " and c.confrelid = ('public.' || %s)::regclass",
            (child, table),
        ).fetchone()
        if fk is None:
            raise LookupError(f"no relationship between {table} and {child}")
        embed = sql.SQL(
            ", (select coalesce(json_agg(c), '[]') from public.{child} c"
            " where c.{fk} = t.{pk}) as {child}"
        ).format(child=sql.Identifier(child), fk=sql.Identifier(fk[0]),
                 pk=sql.Identifier(fk[1]))
    query = sql.SQL(
        "select coalesce(json_agg(x), '[]') from (select t.*{embed} from public.{table} t) x"
    ).format(embed=embed, table=sql.Identifier(table))
    result = conn.execute(query).fetchone()
    return result[0] if result else None


def _handler(dsn: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _serve(self, work: Any) -> None:
            try:
                claims = _claims(self.headers.get("Authorization"))
            except (PermissionError, ValueError):
                self._answer(401, {"code": "PGRST301", "message": "JWT invalid"})
                return
            role = Role(claims.get("role", "anon"))
            try:
                # The answer leaves after the commit, as PostgREST's: a client that reads
                # right after it finds the write, and a commit that fails is an error.
                with psycopg.connect(dsn) as conn, request(conn, role, claims.get("sub")):
                    body = work(conn)
                self._answer(200, body)
            except LookupError as err:
                self._answer(501, {"code": "STANDIN", "message": f"not served: {err}"})
            except psycopg.Error as err:
                d = err.diag
                self._answer(status_for(d.sqlstate or "", role.value), {
                    "code": d.sqlstate, "message": d.message_primary,
                    "details": d.message_detail, "hint": d.message_hint,
                })

        def do_POST(self) -> None:
            path = urlparse(self.path).path
            length = int(self.headers.get("Content-Length") or 0)
            args = json.loads(self.rfile.read(length) or b"{}")
            m = re.fullmatch(r"/rest/v1/rpc/([a-z_]+)", path)
            if not m:
                self._answer(501, {"code": "STANDIN", "message": path})
                return
            self._serve(lambda conn: _rpc(conn, m.group(1), args))

        def do_GET(self) -> None:
            url = urlparse(self.path)
            m = re.fullmatch(r"/rest/v1/([a-z_]+)", url.path)
            select = parse_qs(url.query).get("select", ["*"])[0]
            if not m:
                self._answer(501, {"code": "STANDIN", "message": url.path})
                return
            self._serve(lambda conn: _select(conn, m.group(1), select))

    return Handler


@contextmanager
def serve(authenticator_dsn: str) -> Iterator[str]:
    """Serve on a free local port; yields the base URL (``http://127.0.0.1:PORT``)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(authenticator_dsn))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
