"""Pagination for lists that can grow to the whole register.

Counting every matching row of a 100 000-case register costs more than rendering the
page. ``CappedPaginator`` counts at most ``cap`` rows (a bounded scan); past that the page
says "more than" and the user narrows the list with its filters.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property


class CappedPaginator(Paginator[Any]):
    def __init__(self, object_list: Any, per_page: int, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap if cap is not None else settings.NSP_LIST_COUNT_CAP
        self.capped = False

    @cached_property
    def count(self) -> int:
        items = self.object_list
        if not isinstance(items, QuerySet):
            return len(items)
        # Only the primary keys, unordered, at most cap + 1 of them: annotations (such as
        # the case list's next due date) and the ordering are left out of the count.
        n = items.order_by().values("pk")[: self.cap + 1].count()
        self.capped = n > self.cap
        return min(n, self.cap)


def paginate(request: HttpRequest, items: Any, per_page: int | None = None) -> Page[Any]:
    """The page of ``items`` asked for by ``?page=`` (the last one when out of range)."""
    paginator = CappedPaginator(items, per_page or settings.NSP_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
