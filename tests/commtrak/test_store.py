from __future__ import annotations

import uuid

import pytest

from commtrak import Actor, CommtrakError, EmailChecker, Store, open_store


class Recorded(CommtrakError):
    keeps_session_writes = True


@pytest.fixture
def store() -> Store:
    return open_store("memory://", email_checker=EmailChecker("offline"))


def fail_after_queueing(store: Store, ran: list[str]) -> None:
    with store.session(actor=Actor.system()) as s:
        s.after_commit(lambda: ran.append("rolled back"))
        raise RuntimeError("boom")


def create_then_refuse(store: Store, created: list[uuid.UUID]) -> None:
    with store.session(actor=Actor.system()) as s:
        created.append(s.groups.create("Kept").id)
        raise Recorded("recorded on purpose")


def test_after_commit_callbacks_run_only_after_a_commit(store: Store) -> None:
    ran: list[str] = []
    with pytest.raises(RuntimeError):
        fail_after_queueing(store, ran)
    with store.session(actor=Actor.system()) as s:
        s.after_commit(lambda: ran.append("first"))
        s.after_commit(lambda: ran.append("second"))
        assert ran == []
    assert ran == ["first", "second"]


def test_an_error_that_keeps_session_writes_commits_them(store: Store) -> None:
    created: list[uuid.UUID] = []
    with pytest.raises(Recorded):
        create_then_refuse(store, created)
    with store.session(actor=Actor.system()) as s:
        assert s.groups.get(created[0]).name == "Kept"
