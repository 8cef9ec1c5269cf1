"""A conservative JavaScript and CSS minifier: comments and layout whitespace out, nothing renamed.

JavaScript is tokenised (strings, template literals, regular expression literals, comments), so no
string is touched. Line breaks are kept where a statement may end without a semicolon (automatic
semicolon insertion stays as written); other whitespace goes where no two word characters meet.
The browser tests run on the minified bundle, so a minifier mistake fails them.
"""

from __future__ import annotations

import hashlib
import re

from kitaforms.render._theme import theme_dir

_WORD = re.compile(r"[\w$\\]")
# a "/" after one of these starts a regular expression literal, otherwise it is a division
_REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {"", "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw"}
_NO_NEWLINE_AFTER = set("{([,;:=+-*/%&|!?<>~^.")
_NO_NEWLINE_BEFORE = set("})],;:=*/%&|?<>.^")


def minify_js(source: str) -> str:
    out: list[str] = []
    pending = ""  # whitespace seen since the last token: "", " " or "\n"
    i, n = 0, len(source)
    last = ""  # the last significant token
    while i < n:
        ch = source[i]
        if ch in " \t\r\n":
            j = i
            while j < n and source[j] in " \t\r\n":
                j += 1
            pending = "\n" if "\n" in source[i:j] or pending == "\n" else (pending or " ")
            i = j
            continue
        if source.startswith("//", i):
            j = source.find("\n", i)
            i = n if j < 0 else j
            continue
        if source.startswith("/*", i):
            j = source.find("*/", i + 2)
            if "\n" in source[i:j]:
                pending = "\n"
            i = n if j < 0 else j + 2
            continue
        if ch in "'\"`":
            j = _string_end(source, i)
        elif ch == "/" and (last in _REGEX_AFTER or (last and last[-1] in _REGEX_AFTER)):
            j = _regex_end(source, i)
        elif _WORD.match(ch):
            j = i
            while j < n and _WORD.match(source[j]):
                j += 1
        else:
            j = i + 1
        token = source[i:j]
        out.append(_separator(pending, out[-1] if out else "", token))
        out.append(token)
        last, pending, i = token, "", j
    return "".join(out).strip() + "\n"


def _separator(pending: str, before: str, token: str) -> str:
    if not pending or not before:
        return ""
    if pending == "\n" and before[-1] not in _NO_NEWLINE_AFTER and token[0] not in _NO_NEWLINE_BEFORE:
        return "\n"
    if _WORD.match(before[-1]) and _WORD.match(token[0]):
        return " "
    if before[-1] in "+-" and token[0] == before[-1]:
        return " "  # a + +b, a - -b
    return ""


def _string_end(source: str, start: int) -> int:
    quote, i = source[start], start + 1
    depth = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if quote == "`" and source.startswith("${", i):
            depth += 1
            i += 2
            continue
        if quote == "`" and ch == "}" and depth:
            depth -= 1
        elif ch == quote and not depth:
            return i + 1
        i += 1
    raise ValueError(f"unterminated string at {start}")


def _regex_end(source: str, start: int) -> int:
    i, in_class = start + 1, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "/" and not in_class:
            i += 1
            while i < len(source) and source[i].isalpha():
                i += 1
            return i
        elif ch == "\n":
            raise ValueError(f"unterminated regular expression at {start}")
        i += 1
    raise ValueError(f"unterminated regular expression at {start}")


def minify_css(source: str) -> str:
    """Comments go, except ``/*! … */`` (the licence line of what the theme took from KERN UX)."""
    text = re.sub(r"/\*(?!!).*?\*/", "", source, flags=re.S)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*([{};>])\s*", r"\1", text)
    text = re.sub(r":\s+", ":", text)  # property values and pseudo-classes (": " never appears in selectors)
    text = re.sub(r",\s+", ",", text)
    text = text.replace(";}", "}")
    return text.strip() + "\n"


_PREBUILT_HEADER = re.compile(rb"/\*! kitaforms (?P<name>[\w.-]+) sha256=(?P<hash>[0-9a-f]{64}) [^\n]*\*/\n")


def prebuilt_js(part: str, source: bytes) -> bytes | None:
    """The terser-minified ``static/js/min/<name>`` written by ``tools/minify-js.mjs``, without its header
    line, if it was made from exactly ``source``; else None (the caller minifies conservatively)."""
    path = theme_dir() / "static" / "js" / "min" / part.rsplit("/", 1)[-1]
    if not path.is_file():
        return None
    text = path.read_bytes()
    header = _PREBUILT_HEADER.match(text)
    if header is None or header["hash"].decode() != hashlib.sha256(source).hexdigest():
        return None
    return text[header.end():]
