"""Pagination for the long registers (ten years of expenditure requests: 20,000 rows).

``Paginator`` slices the whole query, joins included: for page 500 PostgreSQL joins and
skips 15,000 rows to keep 30 (about 60 ms on the benchmark's data, docs/performance.md).
``DeferredJoinPaginator`` finds the page's primary keys first, on the table alone in the
query's order, then loads those rows with their joins: the skipped rows are never joined.
"""

from __future__ import annotations

from django.core.paginator import Paginator


class DeferredJoinPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
