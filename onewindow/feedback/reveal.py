"""Who may read a complaint or a rating comment as it was written (see core/pii/reveal.py).

The unit handling an order, and the supervisors and leaders who oversee the orders, may
read the numbers a complainant wrote into it, to call them back; the complainant may read
their own. A rating's comment: the rated department and the overseers, for the callback of
a bad rating. Each reading is audited.
"""

from onewindow.core.errors import NotFound
from onewindow.core.pii import reveal

from .models import Rating, WorkOrder
from .orders import selectors as order_selectors
from .ratings import selectors as rating_selectors

ORDER_TEXTS = ("subject", "content", "verification", "reply", "callback_note")


def _order(actor, pk) -> WorkOrder:
    order = order_selectors.visible_orders(actor).filter(pk=pk).first()
    if order is None:
        raise NotFound()
    return order


def _may_read_order(actor, order: WorkOrder) -> bool:
    return (
        order_selectors.sees_all(actor)
        or order.requester_id == actor.pk
        or (order_selectors.is_unit_staff(actor) and order.department_id == actor.department_id)
    )


def _may_read_rating(actor, rating: Rating) -> bool:
    return rating_selectors.sees_all(actor) or (
        actor.department_id is not None
        and actor.department_id == rating.department_id
        and rating_selectors.may_list(actor)
    )


def register() -> None:
    for field in ORDER_TEXTS:
        reveal.allow(WorkOrder, field, load=_order, may=_may_read_order)
    reveal.allow(Rating, "comment", load=rating_selectors.rating_for, may=_may_read_rating)
