"""commtrak's SQLAlchemy backend: SQLite, PostgreSQL and MariaDB/MySQL through SQLAlchemy Core.

Open it with :func:`commtrak.open_store` and a URL (``sqlite:///crm.db``, ``sqlite://``,
``postgresql+psycopg://user@host/db``, ``mysql+pymysql://user@host/db``) or an SQLAlchemy
``Engine``. A host application that wants the tables in its own ``MetaData``, under a
schema or a table-name prefix, builds the backend itself::

    from commtrak_sqlalchemy.backend import SqlBackend
    from commtrak_sqlalchemy.tables import define_tables

    tables = define_tables(app_metadata, prefix="crm_", schema="crm")
    store = commtrak.Store(SqlBackend(engine, tables=tables))

Importing this package does not import SQLAlchemy (its plugin module must load without
it); import the submodules for the backend's classes.
"""
