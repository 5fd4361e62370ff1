"""The reminder and activity records a customer merge moves to the surviving customer.

Pass :data:`SCHEDULING_REFERENCES` to the store
(``open_store(customer_references=SCHEDULING_REFERENCES)``, with the host's own and
finance's) and a customer merge gives the merged customer's service reminders, their
decisions and its scheduled activities to the survivor, in the merge's transaction,
one statement per table on SQL. Without them the records stay with the merged
customer, which a merge leaves Dormant: its reminders would leave the due list. They
are also part of ``commtrak.field_service.references.CUSTOMER_REFERENCES``, the
service context's ``commtrak.customer_references`` entry point.
"""

from __future__ import annotations

from typing import Final

from commtrak.customer_references import ChildRecords, CustomerReference
from commtrak.field_service.ports.storage import field_service_storage

__all__ = ["SCHEDULING_REFERENCES"]

#: The scheduling tables' references to customers, for ``open_store(customer_references=...)``.
#: Parents first: a customer's deletion erases them in reverse, the decisions before
#: their reminders.
SCHEDULING_REFERENCES: Final[tuple[CustomerReference, ...]] = (
    ChildRecords("field_service.reminder.customer", lambda t: field_service_storage(t).reminders),
    ChildRecords(
        "field_service.reminder_decision.customer",
        lambda t: field_service_storage(t).reminder_decisions,
    ),
    ChildRecords("field_service.activity.customer", lambda t: field_service_storage(t).activities),
)
