"""The service context's records a customer merge moves, and a customer's deletion erases.

:data:`CUSTOMER_REFERENCES` is named by the ``commtrak.customer_references`` entry point
``field_service``, so every store knows it; each part of the context adds its records'
reference here (see :class:`~commtrak.customer_references.ChildRecords`): a customer
merge moves the merged customer's contracts and flags to the survivor (flags the
survivor has already are kept once), and a deletion erases them.
"""

from __future__ import annotations

from typing import Final

from commtrak.customer_references import ChildRecords, CustomerReference
from commtrak.field_service.ports.storage import field_service_storage

__all__ = ["CUSTOMER_REFERENCES"]

#: The service context's references to customers.
CUSTOMER_REFERENCES: Final[tuple[CustomerReference, ...]] = (
    ChildRecords("field_service.contract.customer", lambda t: field_service_storage(t).contracts),
    ChildRecords("field_service.flag.customer", lambda t: field_service_storage(t).flags),
)
