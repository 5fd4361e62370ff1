from commtrak.testing.conformance.reminders import ReminderPropertyContract as ReminderContract
class TestReminders(ReminderContract):
    pass
