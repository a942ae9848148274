"""The demo catalogue of 东营区 as plain data; ../demo.py loads it through the services.

items_*.py hold the items by department in the short form of spec.item; bundles.py the
一件事 (一链办理) and industries.py the 一业一证 pilot industries, both referring to items
by name. Codes are stable because the loader finds existing rows by code.
"""

from . import (
    items_agriculture,
    items_construction,
    items_health_education,
    items_market,
    items_residence,
    items_security,
    items_welfare,
)

REGION = "37050200"  # 东营区 370502, then the level digits of the provincial item codes

# (department code, code abbreviation, items)
DEPARTMENTS = [
    *items_construction.DEPARTMENTS,
    *items_market.DEPARTMENTS,
    *items_security.DEPARTMENTS,
    *items_residence.DEPARTMENTS,
    *items_welfare.DEPARTMENTS,
    *items_health_education.DEPARTMENTS,
    *items_agriculture.DEPARTMENTS,
]
