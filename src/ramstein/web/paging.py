"""Pages and sort order of a dashboard table, read from the URL (`?page=2&per_page=50&sort=-usd`), and
the links that change one of them while keeping the filters: plain links, so they work without JavaScript."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from ramstein.errors import ValidationError

PER_PAGE = (20, 50, 100, 200)
DEFAULT_PER_PAGE = 50
# beyond any table's pages, and far within every back end's OFFSET
MAX_NUMBER = 1_000_000_000


def _whole(text: str, name: str, default: int) -> int:
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= MAX_NUMBER:
        raise ValidationError(f"{name} must be a whole number from 1 to {MAX_NUMBER:,}, not {text[:30]!r}", field=name)
    return int(text)


@dataclass(frozen=True)
class Paging:
    """Which page of a table, how long, and in which order; `total` once the query has counted."""

    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    sort: str = "date"
    total: int = 0

    @classmethod
    def parse(cls, page: str, per_page: str, sort: str, sorts: Iterable[str], default_sort: str) -> Paging:
        """From the query string; an unknown sort key or page size is named, not ignored."""
        size = _whole(per_page, "per_page", DEFAULT_PER_PAGE)
        if size not in PER_PAGE:
            raise ValidationError(f"per_page must be one of {', '.join(map(str, PER_PAGE))}", field="per_page")
        keys = set(sorts)
        sort = sort or default_sort
        if sort.removeprefix("-") not in keys:
            allowed = ", ".join(sorted(keys))
            raise ValidationError(f"sort must be one of {allowed} (with '-' for descending), not {sort!r}",
                                  field="sort")
        return cls(_whole(page, "page", 1), size, sort)

    def counted(self, total: int) -> Paging:
        """The same paging with the total known, and the page brought back within the last page."""
        return Paging(min(self.page, max(1, -(-total // self.per_page))), self.per_page, self.sort, total)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        return min(self.total, self.offset + 1)

    @property
    def last(self) -> int:
        return min(self.total, self.offset + self.per_page)


@dataclass(frozen=True)
class Links:
    """URLs of the same table with one thing changed: the page, the page size, or the sort order."""

    path: str
    params: tuple[tuple[str, str], ...]  # the request's query, page and sort left out
    paging: Paging

    @classmethod
    def of(cls, path: str, query: Iterable[tuple[str, str]], paging: Paging) -> Links:
        kept = tuple((k, v) for k, v in query if k not in ("page", "sort", "per_page") and v != "")
        return cls(path, kept, paging)

    def _url(self, page: int, sort: str, per_page: int) -> str:
        extra = [("sort", sort)] if sort else []
        if per_page != DEFAULT_PER_PAGE:
            extra.append(("per_page", str(per_page)))
        if page > 1:
            extra.append(("page", str(page)))
        query = urlencode([*self.params, *extra])
        return f"{self.path}?{query}" if query else self.path

    @property
    def sizes(self) -> tuple[int, ...]:
        return PER_PAGE

    def page(self, number: int) -> str:
        return self._url(number, self.paging.sort, self.paging.per_page)

    def size(self, per_page: int) -> str:
        return self._url(1, self.paging.sort, per_page)

    def sort(self, key: str) -> str:
        """Sort by `key`, or reverse it when the table is sorted by it already (back to page 1)."""
        now = self.paging.sort
        return self._url(1, f"-{key}" if now == key else key, self.paging.per_page)

    def direction(self, key: str) -> str | None:
        """'ascending' or 'descending' when the table is sorted by `key` (for aria-sort), else None."""
        if self.paging.sort.removeprefix("-") != key:
            return None
        return "descending" if self.paging.sort.startswith("-") else "ascending"
