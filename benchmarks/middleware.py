"""Benchmark-only middleware: the number of SQL queries a request ran, in response headers.

Counting costs time, so it happens only for a request carrying ``X-Count-Queries: 1`` (the
benchmark sends one such request per page, apart from the timed ones); a streamed response is
read inside the count, so a streamed export's queries are counted too. ``X-History-Count-All``
counts the queries that ran ``COUNT(*)`` over a whole ``historical…`` table (no ``WHERE``): a
page at 1,000,000 history rows must never do that.
"""

import re
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

#: ``SELECT COUNT(*) FROM "…historical…"`` as the statement itself (a count in a subquery, or
#: over a capped subquery, is something else); flagged only when the statement has no ``WHERE``.
HISTORY_COUNT = re.compile(
    r'^\s*SELECT\s+COUNT\(\*\)(?:\s+AS\s+"?\w+"?)?\s+FROM\s+"?\w*historical\w*"?', re.IGNORECASE
)


def unfiltered_history_counts(statements: list[str]) -> list[str]:
    return [sql for sql in statements if HISTORY_COUNT.search(sql) and " WHERE " not in sql.upper()]


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.headers.get("X-Count-Queries") != "1":
            return self.get_response(request)
        with CaptureQueriesContext(connection) as queries:
            response = self.get_response(request)
            # A streamed export runs its queries as it is read.
            if isinstance(response, StreamingHttpResponse):
                response.streaming_content = list(response.streaming_content)
            else:
                response.content  # noqa: B018 (a lazy template renders here, inside the count)
        statements = [query["sql"] for query in queries.captured_queries]
        response["X-Queries"] = str(len(statements))
        offending = unfiltered_history_counts(statements)
        response["X-History-Count-All"] = str(len(offending))
        if offending:  # the first one, on one line, for the report
            response["X-History-Count-Sql"] = " ".join(offending[0].split())[:300]
        return response
