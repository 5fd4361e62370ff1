"""Every commtrak error survives pickling with its message and its parts."""

from __future__ import annotations

import pickle

import pytest

from commtrak import (
    BackendUnavailable,
    CommtrakError,
    ConfigurationError,
    Conflict,
    NotFound,
    PermissionDenied,
    PluginError,
    PortalLoginFailed,
    SessionClosed,
    UnsupportedURL,
    ValidationError,
)
from commtrak.model import TemplateError, compile_template

ERRORS: list[CommtrakError] = [
    ValidationError("address.postcode", "required", "is required"),
    Conflict("name", "unique_group_name", "another group has that name"),
    ConfigurationError("secret_keys", "required", "the store has no keys"),
    NotFound("customer", "c-1"),
    PermissionDenied("groups.manage", "Olive may not rename groups"),
    UnsupportedURL("nosql://x", ["memory", "sqlite"], {"broken": "ImportError: nope"}),
    BackendUnavailable("install commtrak[postgresql]"),
    PluginError("two plugins claim memory://"),
    SessionClosed("the session has ended"),
    PortalLoginFailed(),
]


def _template_error() -> TemplateError:
    with pytest.raises(TemplateError) as caught:
        compile_template("[customer_name")
    return caught.value


@pytest.mark.parametrize("error", [*ERRORS, _template_error()], ids=lambda e: type(e).__name__)
def test_an_error_pickles_with_its_message_and_parts(error: CommtrakError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert vars(copy) == vars(error)


def test_the_parts_survive_by_name() -> None:
    copy = pickle.loads(pickle.dumps(ERRORS[0]))
    assert isinstance(copy, ValidationError)
    assert (copy.field, copy.rule, copy.message) == ("address.postcode", "required", "is required")


def test_a_permission_denied_names_its_rule_like_the_other_errors() -> None:
    error = PermissionDenied("portal.scope", "this contact may not see that ticket")
    assert error.rule == error.permission == "portal.scope"
