"""Copying a store into another, empty one, streaming: no file, no document in memory."""

from __future__ import annotations

from commtrak.model.access import Actor
from commtrak.portability.codec import converter, with_secrets
from commtrak.portability.importer import Importer, refuse_store_with_data
from commtrak.portability.sections import sections
from commtrak.store import Store

__all__ = ["transfer"]


def transfer(
    source: Store | str, target: Store | str, *, actor: Actor, include_secrets: bool = False
) -> dict[str, int]:
    """Copy everything from one store into another, empty one (any pair of backends).

    Each section is read page by page from a session of *source* and written, record
    by record and checked as an import checks them, in one session of *target*; so a
    refused record leaves *target* empty, and memory does not grow with the store.

    Args:
        source: The store to read, or its URL (opened with the default options, and
            closed after).
        target: The empty store to write, or its URL.
        actor: Who reads and writes.
        include_secrets: Also copy the portal's credentials and token records, as
            :func:`~commtrak.portability.export_data` does: for moving a store to
            another backend, where the contacts should keep their passwords and
            two-factor enrolment.

    Returns:
        How many records of each kind were copied.

    Raises:
        Conflict: ``store``/``store_not_empty`` when *target* holds data.
        RecordRejected: for a record of *source* that breaks a rule of the services.
    """
    opened = [_open(s) for s in (source, target) if isinstance(s, str)]
    try:
        reader = source if isinstance(source, Store) else opened[0]
        writer = target if isinstance(target, Store) else opened[-1]
        unstructure = (with_secrets if include_secrets else converter).unstructure
        with reader.session(actor=actor) as reading, writer.session(actor=actor) as writing:
            refuse_store_with_data(writing)
            importer = Importer(writing, secrets=include_secrets)
            for section in sections(include_secrets=include_secrets):
                rows = (unstructure(row) for row in section.read(reading.transaction))
                importer.load(section, rows, member=f"source {section.name}")
            return importer.finish(member="source")
    finally:
        for store in opened:
            store.close()


def _open(url: str) -> Store:
    import commtrak  # the package's open_store, which the plugins extend

    return commtrak.open_store(url)
