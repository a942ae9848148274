"""Search the published catalogue by Chinese text, pinyin, pinyin initials or code.

One SQL statement finds, ranks and limits published items and bundles together: exact
name > name prefix > name contains > initials or full pinyin > code prefix; ties by the
length of the name, then the code. Each hit carries the character spans of the name to
highlight, worked out in Python from the few rows returned.

Pinyin keys come from ``catalog.pinyin``: the initials have one character per character of
the name, so a match there is a match of the same positions in the name; a match in the
full pinyin maps back through each character's syllable.

The statement is written out here rather than built with the ORM: building and compiling
the equivalent Case/When querysets cost more than running them (see docs/performance.md,
"事项搜索"). It is plain SQL that SQLite and PostgreSQL both run, with every value bound
as a parameter.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.urls import reverse

from . import pinyin
from .constants import ApplicantType, LifeEvent, ReformList
from .models import Bundle, ItemVersion, ListEntry, ServiceItem

QUERY_MAX_LENGTH = 50
DEFAULT_LIMIT = 20
MAX_LIMIT = 100

# Ranks, best first.
EXACT, PREFIX, CONTAINS, PINYIN, CODE = range(5)

# A pinyin query: letters (and digits, which stay as they are in the keys) with at least
# one letter. Spaces between syllables are dropped before matching.
_PINYIN_QUERY = re.compile(r"^(?=.*[a-z])[a-z0-9]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Span = tuple[int, int]


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "item" or "bundle"
    code: str
    name: str
    department: str
    rank: int
    match: str  # "name", "initials", "pinyin" or "code": what the query matched
    spans: tuple[Span, ...] = field(default=())  # [start, end) character ranges of name

    @property
    def url(self) -> str:
        name = "catalog:item_guide" if self.kind == "item" else "catalog:bundle_guide"
        return reverse(name, args=[self.code])

    @property
    def apply_url(self) -> str:
        """在线申请: the applicant's form for the item or the bundle."""
        name = "cases:apply" if self.kind == "item" else "cases:apply_bundle"
        return reverse(name, args=[self.code])


def clean_query(q) -> str:
    """The query as searched: no NUL or control characters (PostgreSQL refuses NUL), capped."""
    text = _CONTROL.sub("", str(q or ""))
    return " ".join(text.split())[:QUERY_MAX_LENGTH]


def pinyin_query(q: str) -> str:
    """The query as pinyin: lower case without spaces, or "" if it is not pinyin."""
    compact = "".join(q.lower().split())
    return compact if _PINYIN_QUERY.match(compact) else ""


def search(
    q,
    *,
    limit=DEFAULT_LIMIT,
    list_code=None,
    department=None,
    applicant_type=None,
    online_only=False,
) -> list[SearchHit]:
    """Published items and bundles matching ``q``, best first, at most ``limit``.

    ``list_code`` keeps what is on that reform list; ``department`` (a Department or its
    code) keeps items of that department and bundles it leads. ``applicant_type``
    ("person" or "organisation", the portal's 个人办事 / 法人办事) keeps items whose
    published version serves that applicant (or both); ``online_only`` keeps items done
    wholly online (全程网办: no visit needed). Bundles have neither attribute, so either
    filter leaves them out.
    """
    q = clean_query(q)
    limit = max(0, min(int(limit), MAX_LIMIT))
    if not q or not limit:
        return []
    py = pinyin_query(q)
    department_code = getattr(department, "code", department) or None
    parts, params = [], []
    version_filter = _version_filter(applicant_type, online_only)
    kinds = ("item",) if version_filter else ("item", "bundle")
    for kind in kinds:
        sql, part_params = _select(kind, q, py, list_code, department_code, version_filter)
        parts.append(sql)
        params += part_params
    statement = (
        "SELECT kind, code, name, initials, department, search_rank FROM ("  # noqa: S608
        + " UNION ALL ".join(parts)
        + ") hits ORDER BY search_rank, name_length, code LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, limit])
        rows = cursor.fetchall()
    return [_hit(*row, q=q, py=py) for row in rows]


# --- the statement ------------------------------------------------------------------------
# Every piece of SQL below comes from this module or the models' metadata; values are
# always bound parameters (hence the noqa: S608 on the assembled strings).
_ESCAPE = " ESCAPE '\\'"


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model, field_name: str, alias: str = "t") -> str:
    return f"{alias}.{_quote(model._meta.get_field(field_name).column)}"


def _like(value: str, *, start: bool = True, end: bool = True) -> str:
    """A LIKE pattern matching ``value`` literally (used with ESCAPE '\\')."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return ("%" if start else "") + escaped + ("%" if end else "")


def _name_test(column: str, operator: str, cased: bool) -> str:
    """``column operator %s``, compared without case when the query has case."""
    test = f"UPPER({column}) {operator} UPPER(%s)" if cased else f"{column} {operator} %s"
    return test + (_ESCAPE if operator == "LIKE" else "")


def _version_filter(applicant_type, online_only) -> tuple[str, list] | None:
    """The condition on the published version (alias ``v``) for the portal's filters."""
    conditions, params = [], []
    if applicant_type in (ApplicantType.PERSON, ApplicantType.ORGANISATION):
        conditions.append(f"{_column(ItemVersion, 'applicant_type', 'v')} IN (%s, %s)")
        params += [str(applicant_type), str(ApplicantType.BOTH)]
    if online_only:
        conditions.append(f"{_column(ItemVersion, 'visits_needed', 'v')} = %s")
        params.append(0)
    return (" AND ".join(conditions), params) if conditions else None


def _select(kind, q, py, list_code, department_code, version_filter=None) -> tuple[str, list]:
    """One branch of the UNION: the matching rows of items or of bundles, ranked.

    The WHERE clause reads every row, so it avoids UPPER() where it can (on PostgreSQL
    UPPER makes a scan of 10,000 names about three times slower): a query without upper
    and lower case (Chinese, digits) finds the same rows with a plain LIKE; for a pinyin
    query, a name that contains it literally (Latin letters, digits) also contains it in
    its initials, which are stored in lower case, one character per character of the
    name. The case-insensitive tests of the name then run only in the ranking, on the
    rows already found.
    """
    model = ServiceItem if kind == "item" else Bundle
    dept_fk = "department" if kind == "item" else "lead_department"
    name, code = _column(model, "name"), _column(model, "code")
    initials, full = _column(model, "name_initials"), _column(model, "name_pinyin")
    cased = q.lower() != q.upper()
    in_keys = f"({initials} LIKE %s{_ESCAPE} OR {full} LIKE %s{_ESCAPE})"

    # The rank from one search of the name (a simple CASE evaluates its operand once):
    # position 1 is a prefix, or the whole name when the lengths agree; 0 is no match.
    find = "STRPOS" if connection.vendor == "postgresql" else "INSTR"
    position = f"{find}(UPPER({name}), UPPER(%s))" if cased else f"{find}({name}, %s)"
    if py:
        elsewhere = f"CASE WHEN {in_keys} THEN {PINYIN} ELSE {CODE} END"
        elsewhere_params = [_like(py), _like(py)]
    else:
        elsewhere, elsewhere_params = str(CODE), []
    rank = (
        f"CASE {position} WHEN 0 THEN {elsewhere}"
        f" WHEN 1 THEN CASE WHEN LENGTH({name}) = %s THEN {EXACT} ELSE {PREFIX} END"
        f" ELSE {CONTAINS} END"
    )
    rank_params = [q, *elsewhere_params, len(q)]

    if py:
        where, where_params = [in_keys], [_like(py), _like(py)]
    else:
        where, where_params = [_name_test(name, "LIKE", cased)], [_like(q)]
    for variant in dict.fromkeys([q, q.upper()]):  # codes are in capitals: "mb" finds "MB…"
        where.append(f"{code} LIKE %s{_ESCAPE}")
        where_params.append(_like(variant, start=False))

    filters, filter_params = [], []
    if kind == "item":
        filters.append(f"{_column(model, 'published_version')} IS NOT NULL")
    else:
        filters.append(f"{_column(model, 'is_published')} = %s")
        filter_params.append(True)
    if list_code:
        fk = _quote(ListEntry._meta.get_field(kind).column)
        filters.append(
            f"t.id IN (SELECT {fk} FROM {_quote(ListEntry._meta.db_table)}"  # noqa: S608
            f" WHERE list_code = %s AND {fk} IS NOT NULL)"
        )
        filter_params.append(list_code)
    if department_code is not None:
        filters.append("d.code = %s")
        filter_params.append(str(department_code))

    join_version = ""
    if version_filter is not None and kind == "item":
        join_version = (
            f" INNER JOIN {_quote(ItemVersion._meta.db_table)} v"
            f" ON v.id = {_column(model, 'published_version')}"
        )
        filters.append(version_filter[0])
        filter_params += version_filter[1]
    department_table = _quote(model._meta.get_field(dept_fk).related_model._meta.db_table)
    sql = (
        f"SELECT '{kind}' AS kind, {code} AS code, {name} AS name, {initials} AS initials,"  # noqa: S608
        f" d.name AS department, {rank} AS search_rank,"
        f" LENGTH({name}) AS name_length"
        f" FROM {_quote(model._meta.db_table)} t"
        f" INNER JOIN {department_table} d ON d.id = {_column(model, dept_fk)}"
        f"{join_version}"
        f" WHERE {' AND '.join(filters)} AND ({' OR '.join(where)})"
    )
    return sql, rank_params + filter_params + where_params


def _hit(kind, code, name, initials, department, rank, *, q: str, py: str) -> SearchHit:
    if rank <= CONTAINS:
        match, spans = "name", name_spans(name, q)
    elif rank == PINYIN:
        spans = initials_spans(name, py, initials)
        match = "initials" if spans else "pinyin"
        spans = spans or pinyin_spans(name, py)
    else:
        match, spans = "code", ()
    return SearchHit(kind, code, name, department, rank, match, spans)


def name_spans(name: str, q: str) -> tuple[Span, ...]:
    """Where ``q`` occurs in the name, ignoring case (the first occurrence)."""
    haystack, needle = name.lower(), q.lower()
    if len(haystack) != len(name) or len(needle) != len(q):
        haystack, needle = name, q  # lower case changed a length: positions would drift
    start = haystack.find(needle)
    return ((start, start + len(needle)),) if start >= 0 else ()


def initials_spans(name: str, py: str, initials: str = "") -> tuple[Span, ...]:
    """Where ``py`` occurs in the initials: the same positions in the name."""
    if len(initials) != len(name):  # stored keys out of step with the name: recompute
        initials = pinyin.search_keys(name)[1]
    start = initials.find(py)
    return ((start, start + len(py)),) if start >= 0 else ()


def pinyin_spans(name: str, py: str) -> tuple[Span, ...]:
    """The characters whose syllables the match in the full pinyin covers."""
    syllables = pinyin.syllables(name)
    joined = "".join(syllables)
    start = joined.find(py)
    if start < 0:
        return ()
    end = start + len(py)
    first = last = None
    offset = 0
    for index, syllable in enumerate(syllables):
        following = offset + len(syllable)
        if following > start and offset < end:  # the syllable overlaps the match
            first = index if first is None else first
            last = index
        offset = following
    return ((first, last + 1),) if first is not None else ()


# --- topics: departments, themes and reform lists whose names the query names --------------


@dataclass(frozen=True)
class Topic:
    kind: str  # "department", "event" or "list"
    code: str
    label: str

    @property
    def url(self) -> str:
        name = {
            "department": "catalog:department",
            "event": "catalog:life_event",
            "list": "catalog:list",
        }[self.kind]
        return reverse(name, args=[self.code])


def topics(q, *, limit: int = 6) -> list[Topic]:
    """Departments, themes (life events) and reform lists whose name contains ``q``.

    The portal's search box offers them beside the items: "市场监管" opens the
    department, "开办" the theme, "秒批" the list. Themes and lists are fixed choices;
    the departments are one small query on the active departments.
    """
    from onewindow.org import selectors as org_selectors

    q = clean_query(q)
    if not q:
        return []
    needle = q.lower()
    found = [
        Topic("department", d.code, d.name)
        for d in org_selectors.departments().filter(name__icontains=q)[:limit]
    ]
    found += [
        Topic("event", code, str(label))
        for code, label in LifeEvent.choices
        if needle in str(label).lower()
    ]
    aliases = {ReformList.CHAIN: "一件事"}  # the name the public knows the chain list by
    found += [
        Topic("list", code, str(label))
        for code, label in ReformList.choices
        if needle in str(label).lower() or needle in aliases.get(code, "")
    ]
    return found[:limit]
