"""The compiled engine (private; use ``djust.template``)."""

from collections.abc import Callable
from typing import Any

class EngineError(Exception):
    """``args``: (kind, code, message, line, start, end); converted by djust.template."""

class Template:
    """A compiled template: immutable, shareable between threads."""

    @property
    def name(self) -> str | None: ...
    @property
    def origin(self) -> str | None: ...

class TemplateCache:
    """Template names resolved by extends/include, remembered across renders."""

    def __init__(self) -> None: ...
    def clear(self) -> None:
        """Forget every resolution."""
    def __len__(self) -> int: ...

def compile(source: str, host: Any, name: str | None = None, origin: str | None = None) -> Template:
    """Compile Django template source. ``host`` is a ``djust.template.runtime.CompileHost``."""

def render(
    template: Template,
    dicts: list[Any],
    support: Any,
    string_if_invalid: str,
    plain_ints: bool,
    native_numbers: bool,
    autoescape: bool,
    templates: TemplateCache | None = None,
) -> str:
    """Render against a Django context's ``dicts``; ``support`` is a ``RenderSupport``.
    ``templates`` remembers what extends/include names resolved to, across renders."""

def scan(
    template: Template, find: Callable[[str, str | None], Template | None]
) -> tuple[list[tuple[list[str], bool, str | None, int]], list[tuple[str, str | None, int]]]:
    """The variable paths ``template`` reads, following constant extends/include names
    through ``find(name, current)``: ``(reads, opaque)``. A read is (segments, whole,
    template name, line), ``"[]"`` being an iteration; an opaque place is (reason,
    template name, line)."""

class VTree:
    """A view's last rendered tree."""

    def __init__(self, html: str) -> None: ...
    def diff(self, new_html: str) -> str:
        """The patch to ``new_html`` (wire JSON); ``new_html``'s tree is kept."""

def vdom_diff(old_html: str, new_html: str) -> str:
    """The patch from ``old_html``'s DOM to ``new_html``'s, as compact JSON."""

def vdom_tree(html: str) -> list[dict[str, Any]]:
    """The nodes the browser builds for ``html`` (parsed as a ``<div>``'s content)."""

def patch_ops() -> list[tuple[str, int]]:
    """Every patch operation's (name, code)."""

def tokenize_source(source: str) -> list[tuple[int, str, int, int, int]]:
    """The lexer's tokens: (kind, contents, lineno, start byte, end byte)."""

def native_tags() -> list[str]:
    """Django built-in tags implemented natively."""

def native_filters() -> list[str]:
    """Django built-in filters implemented natively."""
