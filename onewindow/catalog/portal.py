"""What the portal's home page shows of the catalogue (政务服务网 首页).

The search box, 个人办事 / 法人办事, the high-frequency items, the themes and the reform
lists, read in a few small queries. The dashboard's home view renders it for the public
and for signed-in applicants (我要办事).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors
from .constants import ApplicantType, LifeEvent, ReformList

HIGH_FREQUENCY_SHOWN = 8


# A signed-in applicant's own kind of items: 我要办事 leads to them.
_KIND_AUDIENCE = {"citizen": ApplicantType.PERSON, "enterprise": ApplicantType.ORGANISATION}


def home_context(user=None) -> dict:
    from .views_public import EVENT_ICONS, LIST_ICONS, LIST_NOTES

    search = reverse("catalog:search")
    counts = selectors.list_counts()
    mine = _KIND_AUDIENCE.get(getattr(user, "kind", "")) if user is not None else None
    return {
        "my_items_url": f"{search}?who={mine}" if mine else "",
        "audiences": [
            {
                "label": _("个人办事"),
                "icon": "person",
                "url": f"{search}?who={ApplicantType.PERSON}",
                "testid": "portal-person",
            },
            {
                "label": _("法人办事"),
                "icon": "building",
                "url": f"{search}?who={ApplicantType.ORGANISATION}",
                "testid": "portal-organisation",
            },
        ],
        "high_frequency": list(
            selectors.published_items(list_code=ReformList.HIGH_FREQUENCY)[:HIGH_FREQUENCY_SHOWN]
        ),
        "events": [
            {"code": code, "label": label, "icon": EVENT_ICONS.get(code, "grid")}
            for code, label in LifeEvent.choices
        ],
        "lists": [
            {
                "code": code,
                "label": label,
                "note": LIST_NOTES.get(code, ""),
                "icon": LIST_ICONS.get(code, "list-ul"),
                "count": counts.get(code, 0),
            }
            for code, label in ReformList.choices
        ],
        "list_choices": ReformList.choices,
    }
