"""Every read of the org app, already scoped to what the reader may see."""

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from onewindow.accounts.constants import AccountKind, Role
from onewindow.core.errors import NotFound

from .constants import SITE_STANDARD_ITEMS, DepartmentKind, SiteKind, WindowKind
from .models import Department, ServiceSite, Terminal, Window, WindowAssignment

# Who sees the whole staff directory; other staff see their own department only.
STAFF_DIRECTORY_ALL_ROLES = (Role.LEADER, Role.SUPERVISOR, Role.SECURITY_ADMIN)


def _clean_query(q: str | None) -> str:
    # NUL cannot go into a PostgreSQL string: drop it rather than fail.
    return (q or "").replace("\x00", "").strip()


# --- the service network ------------------------------------------------------------
def network_summary() -> dict:
    """Counts for the public network page and the API: sites, kiosks, windows, departments."""
    sites = ServiceSite.objects.filter(is_active=True)
    by_kind = dict(sites.values_list("kind").annotate(n=Count("id")).order_by())
    terminals_by_kind = dict(
        Terminal.objects.filter(is_active=True, site__is_active=True)
        .values_list("site__kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    windows = Window.objects.filter(is_active=True).aggregate(
        total=Count("id"),
        general=Count("id", filter=Q(kind=WindowKind.GENERAL)),
        specialised=Count("id", filter=Q(kind=WindowKind.SPECIALISED)),
        party_member_posts=Count("id", filter=Q(is_party_member_post=True)),
    )
    departments = Department.objects.filter(is_active=True).aggregate(
        total=Count("id"),
        bureau_unit=Count("id", filter=Q(kind=DepartmentKind.BUREAU_UNIT)),
        stationed=Count("id", filter=Q(kind=DepartmentKind.STATIONED)),
        construction=Count("id", filter=Q(approves_construction=True)),
    )
    return {
        "sites": {kind.value: by_kind.get(kind.value, 0) for kind in SiteKind},
        "pilots": sites.filter(is_standardisation_pilot=True).count(),
        "terminals": sum(terminals_by_kind.values()),
        "terminals_by_kind": {
            kind.value: terminals_by_kind.get(kind.value, 0) for kind in SiteKind
        },
        "windows": windows,
        "departments": departments,
    }


def town_overview() -> QuerySet[ServiceSite]:
    """The town centres, each annotated with what hangs under it.

    ``kiosks`` and ``online_branches`` count the town's own and those of its communities
    and stations. DISTINCT keeps the joins from multiplying each other's counts.
    """
    live_child = Q(children__is_active=True)
    return (
        ServiceSite.objects.filter(kind=SiteKind.TOWN_CENTRE, is_active=True)
        .annotate(
            communities=Count(
                "children",
                filter=live_child & Q(children__kind=SiteKind.COMMUNITY_CENTRE),
                distinct=True,
            ),
            stations=Count(
                "children",
                filter=live_child & Q(children__kind=SiteKind.VILLAGE_STATION),
                distinct=True,
            ),
            own_branches=Count(
                "children",
                filter=live_child & Q(children__kind=SiteKind.ONLINE_BRANCH),
                distinct=True,
            ),
            # The branches of its communities and stations are the town's too.
            child_branches=Count(
                "children__children",
                filter=live_child
                & Q(
                    children__children__is_active=True,
                    children__children__kind=SiteKind.ONLINE_BRANCH,
                ),
                distinct=True,
            ),
            own_kiosks=Count("terminals", filter=Q(terminals__is_active=True), distinct=True),
            child_kiosks=Count(
                "children__terminals",
                filter=live_child & Q(children__terminals__is_active=True),
                distinct=True,
            ),
        )
        .annotate(
            kiosks=F("own_kiosks") + F("child_kiosks"),
            online_branches=F("own_branches") + F("child_branches"),
        )
        .order_by("code")
    )


def departments(*, kind: str | None = None) -> QuerySet[Department]:
    queryset = Department.objects.filter(is_active=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("sort_order", "code")


def sites(kind: str | None = None, parent=None, q: str | None = None) -> QuerySet[ServiceSite]:
    """Active sites, optionally of one kind, under one parent (a site or its id), by name."""
    queryset = ServiceSite.objects.filter(is_active=True).select_related("parent")
    if kind:
        queryset = queryset.filter(kind=kind)
    if parent is not None:
        queryset = queryset.filter(parent=parent)
    q = _clean_query(q)
    if q:
        queryset = queryset.filter(name__icontains=q)
    return queryset.order_by("kind", "code")


def site(pk) -> ServiceSite:
    """One active site; a missing or inactive one is NotFound."""
    found = ServiceSite.objects.filter(pk=pk, is_active=True).select_related("parent").first()
    if found is None:
        raise NotFound(_("未找到该服务站点"))
    return found


def service_hall() -> ServiceSite | None:
    """The district hall (the first by code, should there ever be several)."""
    return sites(kind=SiteKind.SERVICE_HALL).order_by("code").first()


def windows(site_: ServiceSite) -> QuerySet[Window]:
    """A site's active windows with the staff currently on duty at each."""
    on_duty = WindowAssignment.objects.filter(
        ended_on__isnull=True, user__is_active=True
    ).select_related("user")
    return (
        Window.objects.filter(site=site_, is_active=True)
        .select_related("department")
        .prefetch_related(Prefetch("assignments", queryset=on_duty, to_attr="on_duty"))
        .order_by("number")
    )


def site_standard_items(site_: ServiceSite) -> list[tuple[str, str, bool]]:
    """The 六有一能 checklist as (key, label, met); empty when the site was never assessed."""
    standard = site_.site_standard if isinstance(site_.site_standard, dict) else {}
    if not standard:
        return []
    return [(key, label, bool(standard.get(key))) for key, label in SITE_STANDARD_ITEMS]


def terminals(site_: ServiceSite) -> QuerySet[Terminal]:
    return Terminal.objects.filter(site=site_, is_active=True).order_by("code")


# --- staff ----------------------------------------------------------------------------
def can_see_all_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*STAFF_DIRECTORY_ALL_ROLES))


def can_see_staff(user) -> bool:
    """Whether the user may see any staff at all (the directory page is theirs)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return can_see_all_staff(user) or _department_scope(user) is not None


def _department_scope(user):
    """The department whose staff a non-leader may see, or None."""
    if user.kind != AccountKind.STAFF:
        return None
    return user.department_id


def staff_directory(user, *, q: str | None = None) -> QuerySet:
    """The staff the user may see, filtered in SQL.

    Leaders, hall supervisors and the security administrator see everyone; other staff
    with a department see their own department; everyone else sees no one. The three
    administrators are left out of the directory: naming admin accounts helps nobody
    but an attacker.
    """
    User = get_user_model()
    queryset = User.objects.filter(kind=AccountKind.STAFF, is_active=True, admin_role="")
    if not can_see_all_staff(user):
        if not can_see_staff(user):
            return User.objects.none()
        queryset = queryset.filter(department_id=_department_scope(user))
    q = _clean_query(q)
    if q:
        queryset = queryset.filter(display_name__icontains=q)
    current = WindowAssignment.objects.filter(ended_on__isnull=True).select_related("window__site")
    return (
        queryset.select_related("department")
        .prefetch_related(
            Prefetch("window_assignments", queryset=current, to_attr="current_assignments")
        )
        .order_by(
            F("department__sort_order").asc(nulls_last=True),
            "department__code",
            "display_name",
            "pk",
        )
    )


def staff_member(user, pk):
    """One staff member within the user's scope; out of scope looks like missing (404)."""
    member = staff_directory(user).filter(pk=pk).first()
    if member is None:
        raise NotFound(_("未找到该工作人员，或您无权查看"))
    return member
