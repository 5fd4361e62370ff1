"""The tags invoice-address templates know: the built-in ones and those plugins add."""

from __future__ import annotations

import enum
import re
import types
from collections.abc import Mapping

from commtrak.errors import PluginError
from commtrak.model.customers import Address

__all__ = ["BUILTIN_TAGS", "TagGroup", "TagRegistry", "tag_values"]

#: The form of a tag name: lowercase ASCII letters, digits and underscores, starting
#: with a letter, so that a tag is always typed the same way and never needs quoting.
TAG_NAME = re.compile(r"[a-z][a-z0-9_]*")


class TagGroup(enum.StrEnum):
    """The parties whose name and address the built-in tags print.

    Each group has the same tags, prefixed with the group's value: ``customer_name``,
    ``customer_address_line_1`` .. ``customer_address_line_3``, ``customer_town``,
    ``customer_county``, ``customer_postcode`` and ``customer_country`` (the names of
    the seed's own example), and likewise ``landlord_*`` and ``work_address_*``.
    """

    CUSTOMER = "customer"
    LANDLORD = "landlord"
    WORK_ADDRESS = "work_address"


_WHOSE = {
    TagGroup.CUSTOMER: "the customer's",
    TagGroup.LANDLORD: "the landlord's",
    TagGroup.WORK_ADDRESS: "the work address's",
}

#: Tag suffix -> the :class:`~commtrak.model.Address` attribute it prints.
_ADDRESS_FIELDS = {
    "address_line_1": "line1",
    "address_line_2": "line2",
    "address_line_3": "line3",
    "town": "town",
    "county": "county",
    "postcode": "postcode",
    "country": "country",
}


def _builtin_tags() -> dict[str, str]:
    tags: dict[str, str] = {}
    for group in TagGroup:
        whose = _WHOSE[group]
        name = "occupier's name" if group is TagGroup.WORK_ADDRESS else "name"
        tags[f"{group}_name"] = f"{whose} {name}".capitalize()
        for suffix in _ADDRESS_FIELDS:
            tags[f"{group}_{suffix}"] = f"{whose} {suffix.replace('_', ' ')}".capitalize()
    return dict(sorted(tags.items()))


#: The tags every template may use, by name, with a description for a tag picker.
BUILTIN_TAGS: Mapping[str, str] = types.MappingProxyType(_builtin_tags())


def tag_values(
    group: TagGroup | str, *, name: str = "", address: Address | None = None
) -> dict[str, str]:
    """Return the values of one party's built-in tags, ready to render.

    Combine the parties an invoice prints::

        values = tag_values("customer", name=customer.name, address=customer.address)
        values |= tag_values("landlord", name=landlord.name, address=landlord.address)

    Args:
        group: The party: ``"customer"``, ``"landlord"`` or ``"work_address"``.
        name: The party's name (for a work address, its occupier's name).
        address: The party's address; ``None`` leaves the address tags blank.

    Raises:
        ValueError: when *group* is not a :class:`TagGroup`.
    """
    prefix = TagGroup(group).value
    values = {f"{prefix}_name": name}
    if address is not None:
        for suffix, attribute in _ADDRESS_FIELDS.items():
            values[f"{prefix}_{suffix}"] = getattr(address, attribute)
    return values


class TagRegistry:
    """Collects the tags that plugins add to the built-in ones.

    Plugins receive one in :func:`~commtrak.hookspecs.commtrak_register_template_tags`;
    applications read the result from :meth:`commtrak.plugins.PluginHost.template_tags`.
    """

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}
        self._tags: dict[str, str] = dict(BUILTIN_TAGS)
        self._plugin = "<unknown>"

    def add(self, name: str, description: str = "") -> None:
        """Make ``[name]`` a known tag; *description* is shown in tag pickers.

        Raises:
            PluginError: when *name* is not lowercase letters, digits and underscores
                starting with a letter, is a built-in tag, or another plugin added it.
        """
        if not TAG_NAME.fullmatch(name):
            raise PluginError(
                f"plugin {self._plugin!r} adds the template tag {name!r}; tag names are "
                "lowercase letters, digits and underscores, starting with a letter"
            )
        if name in BUILTIN_TAGS:
            raise PluginError(f"plugin {self._plugin!r} adds the built-in template tag {name!r}")
        owner = self._owners.setdefault(name, self._plugin)
        if owner != self._plugin:
            raise PluginError(
                f"plugins {owner!r} and {self._plugin!r} both add the template tag {name!r}"
            )
        self._tags[name] = description

    @property
    def tags(self) -> Mapping[str, str]:
        """Every known tag, built-in and added, by name (sorted), with its description."""
        return types.MappingProxyType(dict(sorted(self._tags.items())))

    def _registering(self, plugin: str) -> TagRegistry:
        self._plugin = plugin
        return self
