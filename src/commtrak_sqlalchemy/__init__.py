"""commtrak's SQLAlchemy backend (SQLite, PostgreSQL, MariaDB/MySQL).

Not yet implemented: this package registers no backend until it passes the
conformance suite.
"""
