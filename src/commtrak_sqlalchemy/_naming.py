"""What every commtrak table shares: the MySQL table options and how constraints are named."""

from __future__ import annotations

from typing import Any

__all__ = ["MYSQL_OPTIONS", "constraint_name"]

#: Table options for MariaDB/MySQL: InnoDB (transactions, foreign keys) and utf8mb4.
MYSQL_OPTIONS: dict[str, Any] = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}


def constraint_name(prefix: str, table: str, what: str) -> str:
    """Return the name of the constraint or index *what* of *table*, with the prefix."""
    return f"{prefix}{table}_{what}"
