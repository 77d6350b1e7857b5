"""Which page numbers a list's pagination shows (common/pagination.html, HDS's pagination)."""

import math


def page_count(total: int, page_size: int) -> int:
    return max(math.ceil(total / page_size), 1)


def page_items(page: int, pages: int, around: int = 1) -> list[int | None]:
    """The first and the last page, the pages ``around`` the current one, and ``None`` for each
    gap between them (shown as an ellipsis): 1 … 4 5 6 … 20."""
    wanted = {1, pages, *range(page - around, page + around + 1)}
    numbers = sorted(number for number in wanted if 1 <= number <= pages)
    items: list[int | None] = []
    for number in numbers:
        if items and number - items[-1] > 1:
            items.append(None)
        items.append(number)
    return items


def sort_headers(sort: str, columns: tuple[str, ...]) -> dict[str, dict]:
    """Per sortable column (a ``sort`` parameter's value): where a click on its header goes and
    its ``aria-sort`` now (common/sort_header.html). A click sorts by the column, ascending first;
    a second click on the sorted column reverses it."""
    headers = {}
    for key in columns:
        if sort == key:
            state, target = "ascending", f"-{key}"
        elif sort == f"-{key}":
            state, target = "descending", key
        else:
            state, target = "", key
        headers[key] = {"sort": target, "aria_sort": state}
    return headers


def page_context(rows: list, *, page: int, total: int, page_size: int) -> dict:
    """What a paginated list's template needs, from one page's rows fetched with one row more
    than ``page_size`` (whether a next page exists) and the list's total count: the rows shown,
    the row count's first and last number, and the pages for common/pagination.html."""
    shown = rows[:page_size]
    pages = page_count(total, page_size)
    return {
        "rows": shown,
        "page": page,
        "has_next": len(rows) > page_size,
        "total": total,
        "first_row": (page - 1) * page_size + 1,
        "last_row": (page - 1) * page_size + len(shown),
        "pages": pages,
        "page_items": page_items(page, pages),
    }
