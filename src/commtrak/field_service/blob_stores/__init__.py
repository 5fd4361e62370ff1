"""The blob stores commtrak ships: files on a filesystem, and bytes in memory for tests.

A host keeps files elsewhere (S3, Azure Blob Storage, a document system) by
implementing :class:`~commtrak.field_service.BlobStore` itself and passing its store
where commtrak takes one.
"""
