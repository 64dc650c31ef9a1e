"""A user's account as a whole (ACC-01)."""

from __future__ import annotations

from typing import Any

from kithdb._caller import Caller


class AccountsCalls(Caller):
    """The account RPCs, as the session's user."""

    def export_my_data(self) -> dict[str, Any]:
        """Everything you own or wrote, as one document (``public.export_my_data``): a key per
        kind of row, each a list of rows as the tables hold them."""
        data: dict[str, Any] = self._scalar("select public.export_my_data()")
        return data
