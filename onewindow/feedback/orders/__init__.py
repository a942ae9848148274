"""Work orders (诉求/工单) and bad ratings' remedy orders (差评整改).

See docs/feedback-work-orders.md.
"""
