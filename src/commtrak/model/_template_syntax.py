"""Parsing and checking tag templates: from text to a flat list of segments per line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection

from commtrak.errors import ValidationError
from commtrak.model._text import MAX_NOTE, clean_text

__all__ = ["Line", "TemplateError", "parse"]

#: One compiled line: the text before its first tag, its tags each with the text that
#: joins it to the previous printed tag, and the text after its last tag. A line without
#: tags is ``(text, (), "")``.
Line = tuple[str, tuple[tuple[str, str], ...], str]

# Alternatives are tried in order, so the escapes win over a tag and a whole tag wins
# over a lone bracket; a tag cannot span lines because the text is parsed line by line.
_TOKEN = re.compile(r"(?P<open>\[\[)|(?P<close>\]\])|\[(?P<tag>[^\[\]]*)\]|(?P<unclosed>\[)|\]")
_SPACES = re.compile(r"\s+")

#: How alike (0 to 1, difflib's ratio) a typed word must be to a known word to be read as
#: it, and a typed tag to a known one to be suggested.
_CLOSE_WORD = 0.7
_CLOSE_ENOUGH = 0.6


class TemplateError(ValidationError):
    r"""A template does not parse; the error says where, and which tags exist.

    Attributes:
        line: The 1-based line of the offending character.
        column: Its 1-based column, in characters.
        offset: Its 0-based offset in the template (after ``\r\n`` became ``\n``).
        known_tags: The tags the template may use, sorted.
    """

    def __init__(
        self, rule: str, what: str, *, offset: int, line: int, column: int, known: Collection[str]
    ) -> None:
        self.known_tags = tuple(sorted(known))
        self.line = line
        self.column = column
        self.offset = offset
        where = f"line {line}, column {column}"
        tags = ", ".join(f"[{tag}]" for tag in self.known_tags) or "none"
        super().__init__("template", rule, f"{where}: {what}; known tags: {tags}")


# Shown (in tracebacks and the documentation) and pickled under the public module that
# exports it, rather than this private one; ``commtrak.model.TemplateError`` is this class.
TemplateError.__module__ = "commtrak.model"


def parse(text: object, known: Collection[str]) -> tuple[str, tuple[Line, ...]]:
    """Return *text* with line ends normalised, and its compiled lines.

    Raises:
        TemplateError: ``required`` for a blank template, ``unknown_tag``,
            ``empty_tag``, ``unclosed_bracket`` or ``stray_bracket``.
        ValidationError: ``type``, ``max_length`` or ``control_character``.
    """
    if isinstance(text, str):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not clean_text("template", text, max_length=MAX_NOTE):
        raise TemplateError(
            "required", "the template is empty", offset=0, line=1, column=1, known=known
        )
    text = str(text)  # a no-op: clean_text refused anything but text
    lines: list[Line] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        compiled = _parse_line(line, _Where(start, number, known))
        if compiled is not None:
            lines.append(compiled)
        start += len(line) + 1
    return text, tuple(lines)


class _Where:
    """Turns a column of one line into a :class:`TemplateError` at that place."""

    def __init__(self, start: int, line: int, known: Collection[str]) -> None:
        self.start = start
        self.line = line
        self.known = known

    def error(self, rule: str, what: str, index: int) -> TemplateError:
        return TemplateError(
            rule,
            what,
            offset=self.start + index,
            line=self.line,
            column=index + 1,
            known=self.known,
        )


def _parse_line(line: str, where: _Where) -> Line | None:
    """Compile one line, or return ``None`` when it prints nothing."""
    literals = [""]
    tags: list[str] = []
    position = 0
    for match in _TOKEN.finditer(line):
        literals[-1] += line[position : match.start()]
        position = match.end()
        if match["open"] or match["close"]:
            literals[-1] += match[0][0]
        elif match["tag"] is not None:
            tags.append(_tag_name(match["tag"], match.start(), where))
            literals.append("")
        elif match["unclosed"]:
            raise where.error(
                "unclosed_bracket",
                "the [ is not closed by a ] on its line (write [[ for a literal [)",
                match.start(),
            )
        else:
            raise where.error(
                "stray_bracket", "the ] closes no tag (write ]] for a literal ])", match.start()
            )
    literals[-1] += line[position:]
    literals = [_SPACES.sub(" ", literal) for literal in literals]
    if not tags:
        text = literals[0].strip(" ")
        return (text, (), "") if text else None
    joined = tuple(zip(tags, ["", *literals[1:-1]], strict=True))
    return (literals[0].lstrip(" "), joined, literals[-1].rstrip(" "))


def _tag_name(raw: str, index: int, where: _Where) -> str:
    name = raw.strip()
    if not name:
        raise where.error("empty_tag", "the tag [] names no tag", index)
    if name not in where.known:
        hint = _suggestion(name, where.known)
        did_you_mean = f" (did you mean [{hint}]?)" if hint else ""
        raise where.error("unknown_tag", f"unknown tag [{name}]{did_you_mean}", index)
    return name


def _suggestion(name: str, known: Collection[str]) -> str | None:
    """Return the known tag most likely meant by the unknown tag *name*, if one is close.

    Tags are words joined by ``_`` (``work_address_address_line_1``), and a mistyped tag
    usually has most of the right words, with one missing, extra or misspelt
    (``[work_address_line_1]``). Comparing whole tags letter by letter favours a short
    tag that shares the prefix (``[work_address_name]``), so tags are compared on their
    words first: each word typed is read as the known word it is closest to (a
    misspelling), and the known tags are ranked by how alike their words are in order,
    then by their letters (which also catches a tag typed without underscores).
    """
    if not known:
        return None
    typed = name.lower()
    vocabulary = sorted({word for tag in known for word in tag.split("_")})
    words = [_closest_word(word, vocabulary) for word in typed.split("_")]

    def likeness(tag: str) -> tuple[float, float]:
        return (
            difflib.SequenceMatcher(None, words, tag.split("_")).ratio(),
            difflib.SequenceMatcher(None, typed, tag).ratio(),
        )

    best = max(sorted(known), key=likeness)
    return best if max(likeness(best)) >= _CLOSE_ENOUGH else None


def _closest_word(word: str, vocabulary: list[str]) -> str:
    if word in vocabulary:
        return word
    found = difflib.get_close_matches(word, vocabulary, n=1, cutoff=_CLOSE_WORD)
    return found[0] if found else word
