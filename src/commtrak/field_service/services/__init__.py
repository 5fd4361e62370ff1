"""The service context's services, one module per part.

Reach them through :func:`commtrak.field_service.of`.
"""
