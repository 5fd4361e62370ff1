from __future__ import annotations

import pytest

from commtrak.field_service.model.sniffing import sniff_content_type


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"%PDF-1.7\n...", "report.pdf", "application/pdf"),
        (b"%PDF-1.7\n...", "report.txt", "application/pdf"),  # the bytes decide
        (b"\x89PNG\r\n\x1a\n....", "photo.jpg", "image/png"),
        (b"\xff\xd8\xff\xe0..JFIF", "boiler.jpeg", "image/jpeg"),
        (b"MZ\x90\x00", "invoice.pdf", "application/vnd.microsoft.portable-executable"),
        (
            b"PK\x03\x04...",
            "sheet.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (b"PK\x03\x04...", "photos.zip", "application/zip"),
        (b"PK\x03\x04...", "notes.txt", "application/zip"),
        (b"Gas safety check, 3 May", "notes.txt", "text/plain"),
        (b'{"a": 1}', "data.json", "application/json"),
        (b"caf\xc3", "cut.txt", "text/plain"),  # a character cut at the sample's end
        (b"\x00\x01\x02\x03", "blob.bin", "application/octet-stream"),
        (b"", "empty.pdf", "application/octet-stream"),
    ],
)
def test_the_bytes_decide_the_media_type(head: bytes, name: str, expected: str) -> None:
    assert sniff_content_type(head, name) == expected
