"""Opening SQL stores: URLs, engines, host tables, missing packages, absent servers."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import MetaData, create_engine, inspect

import commtrak
from commtrak import Actor, BackendUnavailable, Store, ValidationError
from commtrak_sqlalchemy.backend import SqlBackend
from commtrak_sqlalchemy.tables import define_tables


def _roundtrip(store: Store) -> None:
    with store.session(actor=Actor.system()) as s:
        group = s.groups.create("Real Peach")
        hq = s.customers.add(name="HQ", address=commtrak.Address(line1="1", postcode="2"))
        s.groups.add_member(group.id, hq.id)
    with store.session(actor=Actor.system()) as s:
        assert s.groups.get(group.id).head_office_id == hq.id


def test_every_sql_scheme_is_registered() -> None:
    schemes = commtrak.default_plugins().backends.schemes
    assert {"sqlite", "postgresql", "mysql", "mariadb"} <= set(schemes)
    assert commtrak.default_plugins().backends.plugin_for_scheme("sqlite") == "sqlalchemy"


def test_a_store_opens_on_an_engine_the_host_made(sql_url: str) -> None:
    engine = create_engine(
        sql_url.replace("sqlite://", "sqlite:///:memory:", 1) if sql_url == "sqlite://" else sql_url
    )
    try:
        with commtrak.open_store(engine) as store:
            store.backend.erase_all_data()
            _roundtrip(store)
        with engine.connect() as connection:  # the host's engine stays usable
            assert connection.exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        engine.dispose()


def test_tables_go_on_the_hosts_metadata_with_a_prefix(tmp_path: object) -> None:
    metadata = MetaData()
    tables = define_tables(metadata, prefix="crm_")
    assert sorted(metadata.tables) == [
        "crm_branches",
        "crm_contacts",
        "crm_custom_fields",
        "crm_custom_values",
        "crm_customer_journal",
        "crm_customers",
        "crm_data_sheet_templates",
        "crm_data_sheets",
        "crm_departments",
        "crm_erasures",
        "crm_field_service_contracts",
        "crm_field_service_flags",
        "crm_finance_credit_notes",
        "crm_finance_invoices",
        "crm_finance_journal",
        "crm_finance_ledger",
        "crm_finance_lines",
        "crm_finance_receipts",
        "crm_finance_sequences",
        "crm_groups",
        "crm_invoice_address_links",
        "crm_invoice_addresses",
        "crm_invoices",
        "crm_landlords",
        "crm_merge_journal",
        "crm_merge_journal_contacts",
        "crm_portal_accounts",
        "crm_portal_events",
        "crm_portal_settings",
        "crm_portal_templates",
        "crm_portal_tokens",
        "crm_ticket_notes",
        "crm_tickets",
        "crm_work_addresses",
    ]
    engine = create_engine(f"sqlite:///{tmp_path}/host.db")
    try:
        store = Store(SqlBackend(engine, tables=tables))
        _roundtrip(store)
        names = set(inspect(engine).get_table_names())
        assert set(metadata.tables) <= names
        assert all(name.startswith("crm_") for name in names)
    finally:
        engine.dispose()


def test_an_absent_server_is_unavailable_not_a_driver_error() -> None:
    with pytest.raises(BackendUnavailable):
        commtrak.open_store("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2")


def test_a_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.setitem(sys.modules, "pymysql", None)
    with pytest.raises(BackendUnavailable, match=r"commtrak\[postgresql\]"):
        commtrak.open_store("postgresql://postgres@127.0.0.1/x")
    with pytest.raises(BackendUnavailable, match=r"commtrak\[mysql\]"):
        commtrak.open_store("mysql://root@127.0.0.1/x")


def test_without_sqlalchemy_the_plugin_loads_and_names_the_extra() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.modules["sqlalchemy"] = None
        import commtrak
        assert "sqlalchemy" not in commtrak.default_plugins().failed
        try:
            commtrak.open_store("sqlite:///x.db")
        except commtrak.BackendUnavailable as error:
            print(error)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "pip install 'commtrak[sqlalchemy]'" in result.stdout


def test_url_options_choose_prefix_and_schema(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/options.db?commtrak_prefix=opt_&commtrak_row_locks=0"
    with commtrak.open_store(url) as store:
        _roundtrip(store)
        backend = store.backend
        assert isinstance(backend, SqlBackend)
        assert backend.tables.groups.name == "opt_groups"
        assert "commtrak_" not in store.url
    with pytest.raises(ValidationError) as caught:
        commtrak.open_store("sqlite://?commtrak_colour=red")
    assert (caught.value.field, caught.value.rule) == ("url", "url_option")


def test_tables_in_a_postgresql_schema(sql_url: str) -> None:
    if not sql_url.startswith("postgresql"):
        pytest.skip("schemas are a PostgreSQL feature here")
    engine = create_engine(sql_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE SCHEMA IF NOT EXISTS commtrak_schema_test")
        with commtrak.open_store(f"{sql_url}?commtrak_schema=commtrak_schema_test") as store:
            store.backend.erase_all_data()
            _roundtrip(store)
        assert "commtrak_groups" in inspect(engine).get_table_names(schema="commtrak_schema_test")
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA commtrak_schema_test CASCADE")
        engine.dispose()
