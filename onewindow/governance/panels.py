"""The home-page panel of the governance roles: what waits for them, with links."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from . import permissions


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def governance_panel(user, today):
    from .selectors import warnings_for
    from .spending.selectors import waiting_for

    facts = []
    if permissions.files_expenditures(user):
        facts.append(
            {
                "label": _("待我审批的支出"),
                "value": len(waiting_for(user)),
                "url": _url("governance:expenditures"),
            }
        )
    warnings = warnings_for(user, today)
    facts.append({"label": _("治理预警"), "value": len(warnings), "url": _url("governance:home")})
    links = [(label, url) for label, url in ((_("党组治理"), _url("governance:home")),) if url]
    return {"title": _("党组治理"), "facts": facts, "links": links}
