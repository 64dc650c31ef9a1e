"""A user's account as a whole: export (ACC-01) and deletion (ACC-02)."""

from __future__ import annotations

from typing import Any

from kithdb._caller import Caller


class AccountsCalls(Caller):
    """The account RPCs, as the session's user."""

    def export_my_data(self) -> dict[str, Any]:
        """Everything you own or wrote, as one document (``public.export_my_data``): a key per
        kind of row, each a list of rows as the tables hold them."""
        data: dict[str, Any] = self._read_scalar("select public.export_my_data()")
        return data

    def delete_my_account(self, *, confirm: str) -> None:
        """Delete your account for good (``public.delete_my_account``); ``confirm`` must be your
        own user id. Your messages stay in the others' chats, sent by a deleted account; your
        events and approved like groups go on with the others. The session's user is gone
        afterwards."""
        self._rows("select public.delete_my_account(%s)", (confirm,))
