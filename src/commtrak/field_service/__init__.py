"""commtrak's service context: the field-service side of the customer (seeds 002, 004).

It is a bounded context above the customer core: it uses the core's model, ports and
services, and nothing in the core imports it (an import-linter contract in
``pyproject.toml`` keeps it so). It begins with files: a blob-store port with a
filesystem and an in-memory store, and uploads that stream through the seed's limits.
Service reminders, contracts, plans, SLAs, assets, projects and scheduled activities
come next.
"""

from __future__ import annotations

from commtrak.field_service.blob_stores.filesystem import FileSystemBlobStore
from commtrak.field_service.blob_stores.memory import MemoryBlobStore
from commtrak.field_service.model.files import (
    DEFAULT_FILE_LIMITS,
    FileLimits,
    StoredBlob,
    check_file_name,
)
from commtrak.field_service.ports.blobs import BlobStore, BlobWriter
from commtrak.field_service.uploads import download, upload

__all__ = [
    "DEFAULT_FILE_LIMITS",
    "BlobStore",
    "BlobWriter",
    "FileLimits",
    "FileSystemBlobStore",
    "MemoryBlobStore",
    "StoredBlob",
    "check_file_name",
    "download",
    "upload",
]
