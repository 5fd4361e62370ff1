"""The service context's records a customer merge moves, and a customer's deletion erases.

:data:`CUSTOMER_REFERENCES` is named by the ``commtrak.customer_references`` entry point
``field_service``, so every store knows it; each part of the context adds its records'
reference here (see :class:`~commtrak.customer_references.ChildRecords`).
"""

from __future__ import annotations

from typing import Final

from commtrak.customer_references import CustomerReference
from commtrak.field_service.scheduling_references import SCHEDULING_REFERENCES

__all__ = ["CUSTOMER_REFERENCES"]

#: The service context's references to customers.
CUSTOMER_REFERENCES: Final[tuple[CustomerReference, ...]] = (*SCHEDULING_REFERENCES,)
