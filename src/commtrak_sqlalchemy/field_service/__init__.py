"""The SQL backend's storage of the service context (:mod:`commtrak.field_service`)."""
