"""Contract: the ZIP archive gives back equal data in another backend, and checks itself."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any

import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import Actor, Address, CommtrakError, Store, ValidationError
from commtrak.portability import RecordRejected, export_archive, export_data, import_archive
from commtrak.testing.conformance._base import (
    STORE_PROPERTY,
    PinnedClock,
    StoreContract,
    open_test_store,
)
from commtrak.testing.conformance.export import fill, fill_portal, records

#: Names a person could type, including ones the services refuse (blank, too long).
_NAMES = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)


@st.composite
def contents(draw: st.DrawFn) -> dict[str, Any]:
    """A random store: customers, in groups or not, with contacts, archived or not."""
    customers = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "name": _NAMES,
                    "group": st.none() | st.integers(0, 2),
                    "contacts": st.lists(
                        st.fixed_dictionaries(
                            {
                                "name": _NAMES,
                                "email": st.none() | st.emails(),
                                "archived": st.booleans(),
                                "born": st.none() | st.dates(),
                            }
                        ),
                        max_size=3,
                    ),
                }
            ),
            max_size=6,
        )
    )
    return {"customers": customers, "erase_birth_dates": draw(st.booleans())}


def other_url(url: str) -> str:
    """The other store of a round trip: memory, or SQLite from memory (kept fast)."""
    return "sqlite://" if url.startswith("memory") else "memory://"


def put(store: Store, actor: Actor, drawn: dict[str, Any]) -> None:
    """Write *drawn* through the services, leaving out what they refuse."""
    with store.session(actor=actor) as s:
        groups = [s.groups.create(f"Group {n}") for n in range(3)]
        born = s.custom_fields.define("Birth date", "date")
        for n, customer in enumerate(drawn["customers"]):
            try:
                added = s.customers.add(
                    name=customer["name"], address=Address(line1=f"{n} St", postcode="6000")
                )
            except CommtrakError:
                continue
            if customer["group"] is not None:
                s.groups.add_member(groups[customer["group"]].id, added.id)
            for contact in customer["contacts"]:
                try:
                    made = s.contacts.add(added.id, name=contact["name"], email=contact["email"])
                except CommtrakError:
                    continue
                if contact["born"] is not None:
                    s.custom_fields.set_value(made.id, born.id, contact["born"].isoformat())
                if contact["archived"]:
                    s.contacts.archive(made.id)
        if drawn["erase_birth_dates"]:
            s.custom_fields.erase_values(born.id)


def archive_of(store: Store, actor: Actor, **options: Any) -> bytes:
    """The store's archive, as bytes."""
    buffer = io.BytesIO()
    with store.session(actor=actor) as s:
        export_archive(s, buffer, **options)
    return buffer.getvalue()


def rewrite(data: bytes, member: str, change: Any) -> bytes:
    """The archive *data* with *member*'s bytes changed by *change* (manifest kept)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == member else content)
    return buffer.getvalue()


class ArchiveContract(StoreContract):
    """The ZIP archive: equal data in another backend; damage and bad records refused."""

    @hypothesis.settings(**STORE_PROPERTY, max_examples=15)
    @hypothesis.given(drawn=contents())
    def test_an_archive_imports_into_another_backend_as_equal_data(
        self, store: Store, actor: Actor, commtrak_url: str, drawn: dict[str, Any]
    ) -> None:
        store.backend.erase_all_data()
        put(store, actor, drawn)
        with store.session(actor=actor) as s:
            exported, original = export_data(s), records(s)
        data = archive_of(store, actor)
        with open_test_store(other_url(commtrak_url)) as other:
            with other.session(actor=actor) as s:
                counts = import_archive(s, io.BytesIO(data))
            assert counts["customers"] == len(exported["customers"])
            with other.session(actor=actor) as s:
                assert export_data(s) == exported
                assert records(s) == original
            if drawn["erase_birth_dates"]:
                assert exported["custom_values"] == []

    def test_everything_round_trips_with_and_without_secrets(
        self, store: Store, actor: Actor, clock: PinnedClock, commtrak_url: str
    ) -> None:
        fill(store, actor, clock)
        fill_portal(store, actor, clock)
        for secrets in (False, True):
            with store.session(actor=actor) as s:
                exported = export_data(s, include_secrets=secrets)
            data = archive_of(store, actor, include_secrets=secrets)
            manifest = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))
            assert manifest["contains_secrets"] is secrets
            assert ("portal_tokens.jsonl" in manifest["members"]) is secrets
            assert manifest["members"]["contacts.jsonl"]["count"] == len(exported["contacts"])
            with open_test_store(other_url(commtrak_url), clock=clock) as other:
                with other.session(actor=actor) as s:
                    import_archive(s, io.BytesIO(data))
                with other.session(actor=actor) as s:
                    assert export_data(s, include_secrets=secrets) == exported

    @pytest.mark.parametrize(
        ("damage", "rule"),
        [
            (lambda content: content.replace(b"Fran", b"Frank"), "checksum"),
            (lambda content: content[: len(content) // 2], "checksum"),
        ],
    )
    def test_a_damaged_member_is_refused_by_name_and_nothing_is_written(
        self, store: Store, actor: Actor, clock: PinnedClock, damage: Any, rule: str
    ) -> None:
        fill(store, actor, clock)
        data = rewrite(archive_of(store, actor), "contacts.jsonl", damage)
        with open_test_store("memory://") as other:
            with pytest.raises(ValidationError) as caught, other.session(actor=actor) as s:
                import_archive(s, io.BytesIO(data))
            assert (caught.value.field, caught.value.rule) == ("contacts.jsonl", rule)
            with other.session(actor=actor) as s:
                assert export_data(s)["customers"] == []

    def test_a_truncated_archive_or_a_foreign_file_is_refused(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        fill(store, actor, clock)
        data = archive_of(store, actor)
        with store.session(actor=actor) as s:
            for broken in (data[: len(data) // 2], b"not a zip", json.dumps({}).encode()):
                with pytest.raises(ValidationError) as caught:
                    import_archive(s, io.BytesIO(broken))
                assert (caught.value.field, caught.value.rule) == ("archive", "format")

    def test_a_record_that_breaks_a_rule_is_named_and_nothing_is_written(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        fill(store, actor, clock)
        data = archive_of(store, actor)
        manifest = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))

        def blank_name(content: bytes) -> bytes:
            lines = content.splitlines(keepends=True)
            row = json.loads(lines[1])
            row["name"] = " "
            lines[1] = (json.dumps(row) + "\n").encode()
            return b"".join(lines)

        damaged = rewrite(data, "customers.jsonl", blank_name)
        new = zipfile.ZipFile(io.BytesIO(damaged)).read("customers.jsonl")
        manifest["members"]["customers.jsonl"]["sha256"] = hashlib.sha256(new).hexdigest()
        forged = rewrite(damaged, "manifest.json", lambda _: json.dumps(manifest).encode())
        with open_test_store("memory://") as other:
            with pytest.raises(RecordRejected) as caught, other.session(actor=actor) as s:
                import_archive(s, io.BytesIO(forged))
            error = caught.value
            assert (error.member, error.kind, error.index) == ("customers.jsonl", "customers", 1)
            assert (error.field, error.rule) == ("name", "required")
            assert str(error.record_id) in str(error)
            with other.session(actor=actor) as s:
                assert export_data(s)["groups"] == []
