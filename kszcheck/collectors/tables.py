"""The table-like inventories: for each source type read from a CSV (or YAML list) file, the
collection its rows fill and the model a row is read as.

The one owner of which columns each inventory file has: the collectors read with these, and
``kszcheck init`` writes empty templates with ``columns(source_type)`` (the model's fields, nested
ones as ``logging.retention_days``, exactly what ``tabular.read_csv_items`` accepts).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from kszcheck.collectors.tabular import CellParser, csv_columns
from kszcheck.model.assets import (
    ApplicationRole,
    Disposal,
    MailboxPermission,
    PrintQueue,
    ScanProfile,
)
from kszcheck.model.inventory import Backup, Server, Share
from kszcheck.model.records import Person
from kszcheck.model.site import SourceType

__all__ = ["TABLES", "Table", "columns", "parsers"]


@dataclass(frozen=True)
class Table:
    collection: str  # the YAML key and the facts' collection ("servers")
    model: type[BaseModel]


TABLES: dict[SourceType, Table] = {
    SourceType.servers: Table("servers", Server),
    SourceType.shares: Table("shares", Share),  # the acl cell: inventory.parse_acl
    SourceType.backups: Table("backups", Backup),
    SourceType.people: Table("people", Person),
    SourceType.application_roles: Table("application_roles", ApplicationRole),
    SourceType.mailbox_permissions: Table("mailbox_permissions", MailboxPermission),
    SourceType.print_queues: Table("print_queues", PrintQueue),
    SourceType.scan_profiles: Table("scan_profiles", ScanProfile),
    SourceType.disposals: Table("disposals", Disposal),
}


def parsers(source_type: SourceType) -> dict[str, CellParser]:
    """The cells of ``source_type`` with a syntax of their own (the shares' ``acl``)."""
    if source_type is SourceType.shares:
        from kszcheck.collectors.inventory import parse_acl  # imports this module

        return {"acl": parse_acl}
    return {}


def columns(source_type: SourceType) -> list[str]:
    """The columns of the inventory file of ``source_type``, in the model's order."""
    table = TABLES[source_type]
    return csv_columns(table.model, parsers(source_type))
