"""The export sections of the service context, added to every export through an entry point.

:data:`SECTIONS` is named by the ``commtrak.export_sections`` entry point ``field_service``
(see :mod:`commtrak.portability.sections`); each part of the context adds its records
here, parents before children, with the check an import applies to each.
"""

from __future__ import annotations

from commtrak.field_service.scheduling_sections import SCHEDULING_SECTIONS
from commtrak.portability.sections import Section

__all__ = ["SECTIONS"]

#: The context's sections, in the order an import writes them.
SECTIONS: tuple[Section, ...] = (*SCHEDULING_SECTIONS,)
