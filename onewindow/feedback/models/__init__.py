from .ratings import Rating, RatingPush, RatingToken
from .work_orders import WorkOrder, WorkOrderEvent

__all__ = ["Rating", "RatingPush", "RatingToken", "WorkOrder", "WorkOrderEvent"]
