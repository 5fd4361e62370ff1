from __future__ import annotations

import pickle
import re
import traceback

import pytest
from hypothesis import given
from hypothesis import strategies as st

import commtrak.model
from commtrak.errors import PluginError, ValidationError
from commtrak.hookspecs import hookimpl
from commtrak.model import Address
from commtrak.model.templates import (
    BUILTIN_TAGS,
    DEFAULT_TEMPLATE,
    TagGroup,
    TagRegistry,
    TagTemplate,
    TemplateError,
    compile_template,
    tag_values,
)
from commtrak.plugins import PluginHost

# The seed's own example, as the help page prints it (on one line) and as the issue
# describes it (the address tags on lines of their own).
SEED_ONE_LINE = (
    "[landlord_name] c/o [customer_name] [customer_address_line_1] [customer_address_line_2] "
    "[customer_address_line_3] [customer_town] [customer_county] [customer_postcode]"
)
SEED = DEFAULT_TEMPLATE
CUSTOMER = tag_values(
    "customer",
    name="Real Peach Real Estate",
    address=Address(line1="1 Peach Street", line2="Level 2", town="Perth", postcode="6000"),
)
LANDLORD = tag_values("landlord", name="Lena Landlord")


# --- the seed's example ------------------------------------------------------------------


def test_seed_example_with_a_landlord() -> None:
    template = compile_template(SEED)
    assert template.render_lines(CUSTOMER | LANDLORD) == [
        "Lena Landlord c/o Real Peach Real Estate",
        "1 Peach Street",
        "Level 2",
        "Perth",
        "6000",
    ]


def test_seed_example_without_a_landlord_starts_with_the_customer() -> None:
    template = compile_template(SEED)
    assert template.render_lines(CUSTOMER) == [
        "Real Peach Real Estate",
        "1 Peach Street",
        "Level 2",
        "Perth",
        "6000",
    ]
    assert template.render_lines(CUSTOMER | {"landlord_name": "  "}) == template.render_lines(
        CUSTOMER
    )


def test_seed_example_skips_blank_address_lines() -> None:
    values = CUSTOMER | LANDLORD | {"customer_address_line_2": "", "customer_town": None}
    assert compile_template(SEED).render(values, sep=" | ") == (
        "Lena Landlord c/o Real Peach Real Estate | 1 Peach Street | 6000"
    )


def test_seed_example_with_every_tag_blank_renders_nothing() -> None:
    template = compile_template(SEED)
    assert template.render_lines({}) == []
    assert template.render(dict.fromkeys(template.tags, "")) == ""


def test_seed_example_on_one_line() -> None:
    template = compile_template(SEED_ONE_LINE)
    assert template.render(CUSTOMER | LANDLORD) == (
        "Lena Landlord c/o Real Peach Real Estate 1 Peach Street Level 2 Perth 6000"
    )
    assert template.render(CUSTOMER) == "Real Peach Real Estate 1 Peach Street Level 2 Perth 6000"


# --- the joining rule --------------------------------------------------------------------

TOWN = "[customer_town], [customer_county], [customer_postcode]"
PHONE = "Tel: [customer_town] / [customer_county]"
CARE_OF = "[landlord_name] c/o [customer_name], [customer_town]"


@pytest.mark.parametrize(
    ("template", "town", "county", "postcode", "expected"),
    [
        (TOWN, "Perth", "WA", "6000", ["Perth, WA, 6000"]),
        (TOWN, "Perth", "", "6000", ["Perth, 6000"]),
        (TOWN, "", "WA", "6000", ["WA, 6000"]),
        (TOWN, "Perth", "WA", "", ["Perth, WA"]),
        (TOWN, "", "", "6000", ["6000"]),
        (TOWN, "", "WA", "", ["WA"]),
        (TOWN, "", "", "", []),
        # text before the first and after the last tag belongs to the line
        (PHONE, "0123", "0456", "", ["Tel: 0123 / 0456"]),
        (PHONE, "", "0456", "", ["Tel: 0456"]),
        (PHONE, "0123", "", "", ["Tel: 0123"]),
        (PHONE, "", "", "", []),
        ("([customer_town])", "Perth", "", "", ["(Perth)"]),
        ("([customer_town])", "", "", "", []),
        ("[customer_town][customer_county]", "", "WA", "", ["WA"]),
        ("[customer_town] and [customer_county] (tenants)", "Al", "", "", ["Al (tenants)"]),
        ("Accounts payable\n[customer_town]", "", "", "", ["Accounts payable"]),
        (" \t \n[customer_town]\n\n", "Perth", "", "", ["Perth"]),
    ],
)
def test_blank_tags_take_the_text_that_joins_them(
    template: str, town: str, county: str, postcode: str, expected: list[str]
) -> None:
    values = {"customer_town": town, "customer_county": county, "customer_postcode": postcode}
    assert compile_template(template).render_lines(values) == expected


@pytest.mark.parametrize(
    ("landlord", "customer", "town", "expected"),
    [
        ("Lena", "Peach", "Perth", "Lena c/o Peach, Perth"),
        ("", "Peach", "Perth", "Peach, Perth"),
        ("Lena", "", "Perth", "Lena, Perth"),
        ("Lena", "Peach", "", "Lena c/o Peach"),
        ("", "", "Perth", "Perth"),
    ],
)
def test_the_join_before_the_next_printed_tag_is_kept(
    landlord: str, customer: str, town: str, expected: str
) -> None:
    values = {"landlord_name": landlord, "customer_name": customer, "customer_town": town}
    assert compile_template(CARE_OF).render(values) == expected


def test_white_space_is_collapsed_in_the_template_and_in_the_data() -> None:
    template = compile_template("  [landlord_name]   c/o\t[customer_name]  \n[customer_town]")
    values = {"landlord_name": " Lena \t Landlord ", "customer_name": "Peach\n\nEstate"}
    assert template.render_lines(values | {"customer_town": " \n "}) == [
        "Lena Landlord c/o Peach Estate"
    ]


def test_a_line_of_tags_folds_its_values_where_no_space_borders_them() -> None:
    template = compile_template("[customer_town],[customer_county]")
    assert template.render({"customer_town": "Perth ", "customer_county": " WA"}) == "Perth,WA"
    assert template.render({"customer_town": " ", "customer_county": "WA"}) == "WA"


# --- data is never a template ------------------------------------------------------------


def test_data_is_printed_as_it_is_never_parsed() -> None:
    template = compile_template("[landlord_name] c/o [customer_name]\n[customer_town]")
    values = {"customer_name": "[landlord_name]", "customer_town": "[[x]] ]["}
    assert template.render_lines(values) == ["[landlord_name]", "[[x]] ]["]


def test_line_breaks_in_data_do_not_add_lines() -> None:
    template = compile_template("[customer_address_line_1]\n[customer_postcode]")
    values = {
        "customer_address_line_1": "1 Peach St\nUnit 2\r\n\u2028Rear",
        "customer_postcode": "6000",
    }
    assert template.render_lines(values) == ["1 Peach St Unit 2 Rear", "6000"]


# --- escapes and other syntax ------------------------------------------------------------


def test_double_brackets_print_literal_brackets() -> None:
    template = compile_template("[[[customer_name]]] ]] [[customer_name]]")
    assert template.tags == ("customer_name",)
    assert template.render({"customer_name": "Peach"}) == "[Peach] ] [customer_name]"
    assert compile_template("[[customer_name]]").render({}) == "[customer_name]"


def test_spaces_inside_the_brackets_are_ignored() -> None:
    assert compile_template("[ customer_name ]").render({"customer_name": "Peach"}) == "Peach"


def test_the_compiled_template_keeps_its_source_and_tags() -> None:
    template = compile_template("[customer_town], [customer_county]\r\n[customer_town]")
    assert template.source == "[customer_town], [customer_county]\n[customer_town]"
    assert template.tags == ("customer_town", "customer_county")
    assert template == compile_template(template.source)
    assert "_segments" not in repr(template)


def test_only_the_given_tags_are_known() -> None:
    template = compile_template("[order_ref] [customer_name]", tags=["order_ref", "customer_name"])
    assert template.render({"order_ref": "PO-1"}) == "PO-1"
    with pytest.raises(TemplateError) as info:
        compile_template("[landlord_name]", tags=["order_ref"])
    assert info.value.known_tags == ("order_ref",)


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule", "line", "column"),
    [
        ("", "required", 1, 1),
        (" \n\t\n", "required", 1, 1),
        ("[foo]", "unknown_tag", 1, 1),
        ("Dear\n  [customer_nme]", "unknown_tag", 2, 3),
        ("x\r\n[Customer_Name]", "unknown_tag", 2, 1),
        ("[customer_name", "unclosed_bracket", 1, 1),
        ("[customer_name\n]", "unclosed_bracket", 1, 1),
        ("[cus[customer_name]", "unclosed_bracket", 1, 1),
        ("x ]", "stray_bracket", 1, 3),
        ("[customer_name]]", "stray_bracket", 1, 16),
        ("[[customer_name]", "stray_bracket", 1, 16),
        ("ok\nok ]]]", "stray_bracket", 2, 6),
        ("[]", "empty_tag", 1, 1),
        ("a [  ]", "empty_tag", 1, 3),
    ],
)
def test_errors_name_the_rule_the_position_and_the_known_tags(
    text: str, rule: str, line: int, column: int
) -> None:
    with pytest.raises(TemplateError) as info:
        compile_template(text)
    error = info.value
    assert isinstance(error, ValidationError)
    assert (error.field, error.rule, error.line, error.column) == ("template", rule, line, column)
    assert f"line {line}, column {column}" in str(error)
    assert error.known_tags == tuple(sorted(BUILTIN_TAGS))
    assert "[customer_name], [customer_postcode]" in error.message
    normalized = text.replace("\r\n", "\n")
    if rule != "required":
        assert normalized[error.offset] in "[]"
        assert normalized.split("\n")[line - 1][column - 1] == normalized[error.offset]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Customer_Nme", "customer_name"),
        ("customer_postcod", "customer_postcode"),
        ("work_address_line_1", "work_address_address_line_1"),  # a word left out
        ("landlord_adress_line_2", "landlord_address_line_2"),  # a word misspelt
        ("customer_line1", "customer_address_line_1"),
        ("workaddresstown", "work_address_town"),  # no underscores
    ],
)
def test_an_unknown_tag_suggests_the_one_with_the_closest_words(typed: str, meant: str) -> None:
    with pytest.raises(TemplateError) as info:
        compile_template(f"[{typed}]")
    assert f"unknown tag [{typed}] (did you mean [{meant}]?)" in str(info.value)


def test_an_unknown_tag_like_no_known_one_suggests_nothing() -> None:
    with pytest.raises(TemplateError) as info:
        compile_template("[xyz]")
    assert "did you mean" not in str(info.value)
    with pytest.raises(TemplateError, match=r"did you mean \[job_number\]"):
        compile_template("[job_numbr]", tags=["job_number", "customer_name"])


def test_template_error_is_shown_and_pickled_under_its_public_module() -> None:
    assert TemplateError.__module__ == "commtrak.model"
    assert commtrak.model.TemplateError is TemplateError
    assert pickle.loads(pickle.dumps(TemplateError)) is TemplateError
    with pytest.raises(TemplateError) as info:
        compile_template("[nope]")
    shown = traceback.format_exception_only(info.type, info.value)[-1]
    assert shown.startswith("commtrak.model.TemplateError: template: line 1, column 1")


@pytest.mark.parametrize(
    ("text", "rule"),
    [(None, "type"), ("[customer_name]\x00", "control_character"), ("x" * 10_001, "max_length")],
)
def test_text_rules_apply_to_the_template(text: object, rule: str) -> None:
    with pytest.raises(ValidationError) as info:
        compile_template(text)  # type: ignore[arg-type]
    assert (info.value.field, info.value.rule) == ("template", rule)


# --- built-in tags -----------------------------------------------------------------------


def test_the_built_in_tags_include_the_seed_names() -> None:
    for tag in re.findall(r"\[(\w+)\]", SEED_ONE_LINE):
        assert tag in BUILTIN_TAGS
    assert {"work_address_name", "landlord_country", "customer_country"} <= set(BUILTIN_TAGS)
    assert list(BUILTIN_TAGS) == sorted(BUILTIN_TAGS)
    assert BUILTIN_TAGS["work_address_name"] == "The work address's occupier's name"


def test_tag_values_names_one_party() -> None:
    values = tag_values(TagGroup.WORK_ADDRESS, name="Occupier", address=Address(line1="1 A St"))
    assert values["work_address_name"] == "Occupier"
    assert values["work_address_address_line_1"] == "1 A St"
    assert set(values) == {tag for tag in BUILTIN_TAGS if tag.startswith("work_address_")}
    assert tag_values("landlord") == {"landlord_name": ""}
    with pytest.raises(ValueError, match="tenant"):
        tag_values("tenant")


# --- tags from plugins -------------------------------------------------------------------


class AccountTags:
    @hookimpl
    def commtrak_register_template_tags(self, registry: TagRegistry) -> None:
        registry.add("account_number", "The customer's account number")


def test_a_plugin_tag_works_end_to_end() -> None:
    host = PluginHost(load_entry_points=False, plugins=[("mytags", AccountTags())])
    tags = host.template_tags()
    assert tags["account_number"] == "The customer's account number"
    assert set(BUILTIN_TAGS) < set(tags)
    assert list(tags) == sorted(tags)
    template = compile_template("[customer_name]\n(account [account_number])", tags=tags)
    values = {"customer_name": "Peach", "account_number": "[A-1]"}
    assert template.render_lines(values) == ["Peach", "(account [A-1])"]
    assert template.render_lines({"customer_name": "Peach"}) == ["Peach"]
    with pytest.raises(TemplateError, match="unknown tag"):
        compile_template("[account_number]")


def test_without_plugins_only_the_built_in_tags_are_known() -> None:
    host = PluginHost(load_entry_points=False)
    assert dict(host.template_tags()) == dict(BUILTIN_TAGS)


def _tag_plugin(name: str) -> object:
    class Plugin:
        @hookimpl
        def commtrak_register_template_tags(self, registry: TagRegistry) -> None:
            registry.add(name)

    return Plugin()


@pytest.mark.parametrize(
    ("plugins", "message"),
    [
        ([("one", _tag_plugin("ref")), ("two", _tag_plugin("ref"))], "'one' and 'two' both add"),
        ([("one", _tag_plugin("customer_name"))], "built-in template tag 'customer_name'"),
        ([("one", _tag_plugin("Bad Tag"))], "lowercase letters"),
    ],
)
def test_plugin_tags_that_clash_or_are_malformed_fail_at_load(
    plugins: list[tuple[str, object]], message: str
) -> None:
    with pytest.raises(PluginError, match=message):
        PluginHost(load_entry_points=False, plugins=plugins)


# --- properties --------------------------------------------------------------------------

TAGS = ("customer_name", "landlord_name", "customer_town", "customer_county")
# Literal text without brackets, rich in the white space and separators rendering handles.
literals = st.lists(
    st.sampled_from([" ", "  ", "\t", ",", " c/o ", "-", "/", "(", ")", "é", "x"]), max_size=4
).map("".join)
# Data may hold anything a user can type or paste: brackets, line breaks, any script.
pieces = ["[", "]", "[landlord_name]", "\n", "\r\n", " ", "\u2028", "\t", "ß", "A"]
data = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.lists(st.sampled_from(pieces), max_size=6).map("".join),
)
values_of = st.fixed_dictionaries(dict.fromkeys(TAGS, data))

Line = list[str | tuple[str]]  # literal texts and (tag,) alternately, literal first and last


@st.composite
def lines_of(draw: st.DrawFn, edges: st.SearchStrategy[str] = literals) -> Line:
    tags = draw(st.lists(st.sampled_from(TAGS), max_size=4))
    line: Line = [draw(edges)]
    for index, tag in enumerate(tags):
        line += [(tag,), draw(edges if index == len(tags) - 1 else literals)]
    return line


def source(lines: list[Line]) -> str:
    return "\n".join(
        "".join(f"[{p[0]}]" if isinstance(p, tuple) else p for p in line) for line in lines
    )


def reference(lines: list[Line], values: dict[str, str | None]) -> list[str]:
    """The documented rule, written as plainly as possible."""
    printed = []
    for line in lines:
        texts = [part for part in line if isinstance(part, str)]
        tags = [part[0] for part in line if isinstance(part, tuple)]
        folded = [" ".join((values[tag] or "").split()) for tag in tags]
        kept = [index for index, value in enumerate(folded) if value]
        if not tags:
            text = texts[0]
        elif not kept:
            continue
        else:
            text = texts[0] + "".join(
                ("" if index == kept[0] else texts[index]) + folded[index] for index in kept
            )
            text += texts[-1]
        text = " ".join(text.split())
        if text:
            printed.append(text)
    return printed


def templates_of(
    edges: st.SearchStrategy[str] = literals,
) -> st.SearchStrategy[tuple[list[Line], TagTemplate]]:
    """Non-blank templates, with the lines they were written from."""
    return (
        st.lists(lines_of(edges), min_size=1, max_size=4)
        .filter(lambda lines: source(lines).strip() != "")
        .map(lambda lines: (lines, compile_template(source(lines))))
    )


@given(templates_of(), values_of)
def test_rendering_follows_the_documented_rule(
    written: tuple[list[Line], TagTemplate], values: dict[str, str | None]
) -> None:
    lines, template = written
    printed = template.render_lines(values)
    assert printed == reference(lines, values)
    for line in printed:
        assert line == line.strip() != ""
        assert "  " not in line
        assert line.splitlines() == [line]
    output = "\n".join(printed)
    for bracket in "[]":
        assert bracket not in output or any(bracket in (value or "") for value in values.values())


@given(templates_of(edges=st.just("")), values_of)
def test_lines_start_and_end_with_data_never_with_separators(
    written: tuple[list[Line], TagTemplate], values: dict[str, str | None]
) -> None:
    folded = [" ".join(value.split()) for value in values.values() if value and value.strip()]
    for line in written[1].render_lines(values):
        assert any(line.startswith(value) for value in folded)
        assert any(line.endswith(value) for value in folded)


@given(st.text(st.characters(blacklist_categories=["Cc", "Cs"]), max_size=30))
def test_escaped_text_prints_as_it_is(text: str) -> None:
    escaped = text.replace("[", "[[").replace("]", "]]")
    if not escaped.strip():
        return
    assert compile_template(escaped).render({}) == " ".join(text.split())


@given(
    st.lists(
        st.one_of(
            st.sampled_from(["[", "]", "\n", " ", "x"]), st.sampled_from(TAGS).map("[{}]".format)
        ),
        max_size=12,
    ).map("".join),
    values_of,
)
def test_any_text_compiles_or_fails_at_a_bracket(text: str, values: dict[str, str | None]) -> None:
    result = compile_or_error(text)
    if isinstance(result, TemplateError):
        lines = text.split("\n")
        assert 1 <= result.line <= len(lines)
        if result.rule != "required":
            assert lines[result.line - 1][result.column - 1] == text[result.offset]
            assert text[result.offset] in "[]"
    else:
        assert all(line.strip() == line != "" for line in result.render_lines(values))


def compile_or_error(text: str) -> TagTemplate | TemplateError:
    try:
        return compile_template(text)
    except TemplateError as error:
        return error
