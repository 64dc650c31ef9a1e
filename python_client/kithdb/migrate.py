"""Apply and roll back the migrations in ``migrations/`` with yoyo.

yoyo keeps its bookkeeping tables in schema ``yoyo`` here, out of ``public``, so PostgREST does
not expose them. The plain ``yoyo apply`` of CONTRACT §1 works too; it keeps them in ``public``.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from yoyo import get_backend, read_migrations

BOOKKEEPING_SCHEMA = "yoyo"


def migrations_dir() -> Path:
    """The migrations directory: ``$KITHDB_MIGRATIONS``, else ``migrations/`` of this checkout."""
    configured = os.environ.get("KITHDB_MIGRATIONS")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "migrations"


def yoyo_url(url: str) -> str:
    """Turn a libpq URL into yoyo's psycopg 3 URL with bookkeeping in schema ``yoyo``."""
    parts = urlsplit(url)
    scheme = "postgresql+psycopg"
    query = parts.query
    if "schema=" not in query:
        query = f"{query}&schema={BOOKKEEPING_SCHEMA}" if query else f"schema={BOOKKEEPING_SCHEMA}"
    return urlunsplit((scheme, parts.netloc, parts.path, query, parts.fragment))


def _ensure_bookkeeping_schema(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"create schema if not exists {BOOKKEEPING_SCHEMA}")


def apply(url: str, *, count: int | None = None) -> list[str]:
    """Apply every pending migration (or the first ``count`` of them); return the ids applied."""
    _ensure_bookkeeping_schema(url)
    backend = get_backend(yoyo_url(url))
    migrations = read_migrations(str(migrations_dir()))
    with backend.lock():
        pending = backend.to_apply(migrations)
        if count is not None:
            pending = pending[:count]
        backend.apply_migrations(pending)
    return [m.id for m in pending]


def rollback(url: str, *, everything: bool = False) -> list[str]:
    """Roll back the newest applied migration, or all of them; return the ids rolled back."""
    _ensure_bookkeeping_schema(url)
    backend = get_backend(yoyo_url(url))
    migrations = read_migrations(str(migrations_dir()))
    with backend.lock():
        applied = backend.to_rollback(migrations)
        chosen = applied if everything else applied[:1]
        backend.rollback_migrations(chosen)
    return [m.id for m in chosen]
