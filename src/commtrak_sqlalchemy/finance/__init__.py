"""The SQL backend's finance storage: tables, repositories and their error rules.

It implements :mod:`commtrak.finance.ports` over the connection of a core
:class:`~commtrak_sqlalchemy.backend.SqlTransaction` (its ``finance`` attribute), so one
commit or rollback covers the core's writes and finance's.
"""
