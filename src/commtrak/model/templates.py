"""Tag templates: the format an invoice prints a customer's invoice address in.

A template is text with tags in square brackets, one printed line per template line::

    [landlord_name] c/o [customer_name]
    [customer_address_line_1]
    [customer_town], [customer_county], [customer_postcode]

**Syntax.** ``[name]`` prints the value of the tag *name* (spaces inside the brackets
are ignored). ``[[`` prints a literal ``[`` and ``]]`` a literal ``]``, so
``[[customer_name]]`` prints the text ``[customer_name]``. A ``[`` that no ``]`` closes
on its line, a ``]`` that closes no tag, an empty tag ``[]``, an unknown tag and a blank
template are refused by :func:`compile_template` with a :class:`TemplateError` that gives
the line and column and lists the known tags.

**Blank tags.** A tag whose value is missing, ``None`` or blank is *blank*. On each line:

* the text before the first tag and after the last tag belongs to the line: it is
  printed when at least one of the line's tags has a value, and a line whose tags are
  all blank is not printed at all (text alone on a line without tags always prints);
* the text between two tags *joins* them; a blank tag is dropped together with one
  join: the one before it when a tag with a value precedes it on the line, otherwise the
  one after it. So exactly one join is printed between two printed tags, namely the one
  just before the second of them.

With no landlord, ``[landlord_name] c/o [customer_name]`` prints only the customer's
name; with no customer name, only the landlord's. With no county,
``[town], [county], [postcode]`` prints ``Town, Postcode``; with no town,
``County, Postcode``. ``Tel: [phone] / [mobile]`` prints ``Tel: 0123`` when only the
mobile number is known, and nothing when neither is (tag names shortened). Text that
must disappear with one tag, such as ``(account [account_number])``, goes on a line of
its own with that tag.

**White space.** Runs of white space in the template and in the values print as one
space, and every line is trimmed; lines that would be empty are dropped, so an invoice
never shows a blank line.

**Data is never a template.** Values are printed as they are, never parsed: a customer
named ``[landlord_name]`` prints as that text. Line breaks (and any other white space)
inside a value print as a single space, so a value cannot add a line.

Compile a template once (when it is saved) and render it for each invoice; rendering
walks a flat list of precomputed segments and does no parsing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

import attrs

from commtrak.model._template_syntax import Line, TemplateError, parse
from commtrak.model._template_tags import BUILTIN_TAGS, TagGroup, TagRegistry, tag_values

__all__ = [
    "BUILTIN_TAGS",
    "DEFAULT_TEMPLATE",
    "TagGroup",
    "TagRegistry",
    "TagTemplate",
    "TemplateError",
    "compile_template",
    "tag_values",
]


#: The seed's "care of" format, a sensible default. With a landlord it prints
#: ``Landlord c/o Customer`` above the customer's address, and without one it prints
#: just the customer's name and address, where invoices go by default.
DEFAULT_TEMPLATE = """\
[landlord_name] c/o [customer_name]
[customer_address_line_1]
[customer_address_line_2]
[customer_address_line_3]
[customer_town]
[customer_county]
[customer_postcode]
"""

#: Segment kinds: a run of lines that are each one tag and nothing else (most address
#: lines), a line of text without tags, a line of exactly two tags, and any other line.
_RUN, _TEXT, _PAIR, _LINE = range(4)

#: One segment: its kind; the text before the first tag (a text line's text); the tags
#: (a run's tag names; a pair's first tag, join and second tag; a line's tags, each with
#: the text joining it to the previous printed tag); the text after the last tag; and
#: whether every tag is bordered by a space or the line's end (see ``_is_spaced``).
_Segment = tuple[int, str, tuple[Any, ...], str, bool]

_Get = Callable[[str], "str | None"]


@attrs.frozen
class TagTemplate:
    r"""A compiled tag template; make one with :func:`compile_template`.

    Attributes:
        source: The template text as written (with ``\r\n`` line ends made ``\n``).
        tags: The distinct tags the template uses, in order of first use; the values an
            application needs to fetch before rendering.
    """

    source: str
    tags: tuple[str, ...]
    _segments: tuple[_Segment, ...] = attrs.field(repr=False, eq=False)

    def render_lines(self, values: Mapping[str, str | None]) -> list[str]:
        """Return the printed lines, e.g. for an invoice PDF: none blank, each trimmed.

        Args:
            values: Tag values by tag name. A tag missing from *values*, ``None`` or
                blank is blank; keys that are not tags of this template are ignored.
        """
        get = values.get
        printed = _render(self._segments, get)
        # Most data needs no folding, and one look at the printed text can tell (see
        # _is_spaced); folding each value instead would double the cost of a render.
        joined = " ".join(printed)
        if joined.isprintable() and "  " not in f" {joined} ":
            return printed
        folded = {tag: " ".join(value.split()) for tag in self.tags if (value := get(tag))}
        return _render(self._segments, folded.get)

    def render(self, values: Mapping[str, str | None], sep: str = "\n") -> str:
        """Return the printed lines joined by *sep*; ``""`` when every tag is blank.

        Args:
            values: As for :meth:`render_lines`.
            sep: What goes between two lines, e.g. ``", "`` for a one-line address.
        """
        return sep.join(self.render_lines(values))


def _render(segments: tuple[_Segment, ...], get: _Get) -> list[str]:
    """Print the segments with the values *get* returns, folding only where needed."""
    printed: list[str] = []
    for kind, prefix, tags, suffix, spaced in segments:
        if kind == _RUN:
            printed += filter(None, map(get, tags))
        elif kind == _TEXT:
            printed.append(prefix)
        elif kind == _PAIR:
            first, join, second = get(tags[0]), tags[1], get(tags[2])
            if not spaced:
                first, second = _fold(first), _fold(second)
            if first:
                printed.append(
                    f"{prefix}{first}{join}{second}{suffix}"
                    if second
                    else f"{prefix}{first}{suffix}"
                )
            elif second:
                printed.append(f"{prefix}{second}{suffix}")
        else:
            parts: list[str] = []
            for tag, join in tags:
                value = get(tag)
                if not spaced:
                    value = _fold(value)
                if value:
                    parts += (join, value)
            if parts:
                parts[0] = prefix  # the first printed tag follows the prefix, not a join
                parts.append(suffix)
                printed.append("".join(parts))
    return printed


def _fold(value: str | None) -> str | None:
    """Return *value* with white space runs made single spaces and trimmed."""
    return " ".join(value.split()) if value else value


def _is_spaced(prefix: str, joins: Collection[str], suffix: str) -> bool:
    """Tell whether every tag of a line is bordered by a space or the line's end.

    Then any value that folding would change shows in the printed line as a double
    space, a space at the line's end, or an unprintable character (all white space but
    the space is unprintable), so the line can print values as they are and let
    :meth:`TagTemplate.render_lines` fold only when its check of the text finds one.
    Otherwise (``[town], [county]``: a trailing space in the town would stand before the
    comma, unseen) the line folds its values as it prints them.
    """
    return (
        (not prefix or prefix.endswith(" "))
        and (not suffix or suffix.startswith(" "))
        and all(join.startswith(" ") and join.endswith(" ") for join in joins)
    )


def _segments(lines: tuple[Line, ...]) -> tuple[_Segment, ...]:
    """Turn compiled lines into segments, joining consecutive bare-tag lines in runs."""
    segments: list[_Segment] = []
    for prefix, tags, suffix in lines:
        spaced = _is_spaced(prefix, [join for _, join in tags[1:]], suffix)
        if not tags:
            segments.append((_TEXT, prefix, (), "", True))
        elif len(tags) == 2:
            (first, _), (second, join) = tags
            segments.append((_PAIR, prefix, (first, join, second), suffix, spaced))
        elif len(tags) > 1 or prefix or suffix:
            segments.append((_LINE, prefix, tags, suffix, spaced))
        elif segments and segments[-1][0] == _RUN:
            segments[-1] = (_RUN, "", (*segments[-1][2], tags[0][0]), "", True)
        else:
            segments.append((_RUN, "", (tags[0][0],), "", True))
    return tuple(segments)


def compile_template(text: str, *, tags: Collection[str] = BUILTIN_TAGS) -> TagTemplate:
    """Check *text* and compile it into a :class:`TagTemplate`; call it when one is saved.

    Args:
        text: The template, see :mod:`commtrak.model.templates` for its syntax.
        tags: The tag names the template may use. Defaults to the built-in tags; pass
            :meth:`commtrak.plugins.PluginHost.template_tags` to allow the tags that
            plugins add as well.

    Raises:
        TemplateError: (a :class:`~commtrak.ValidationError` on the field ``template``)
            with the rule ``required`` for a blank template, ``unknown_tag``,
            ``empty_tag``, ``unclosed_bracket`` or ``stray_bracket``, giving the line
            and column and listing the known tags.
        ValidationError: ``template``/``type`` when *text* is not text,
            ``max_length`` when it is longer than 10,000 characters, and
            ``control_character`` when it holds a control character other than a tab
            or a line break.
    """
    known = tags if isinstance(tags, (frozenset, set, Mapping)) else frozenset(tags)
    source, lines = parse(text, known)
    used = dict.fromkeys(tag for _, line_tags, _ in lines for tag, _ in line_tags)
    return TagTemplate(source, tuple(used), _segments(lines))
