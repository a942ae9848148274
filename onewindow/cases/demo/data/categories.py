"""The report categories of the seed's progress report, with its 2020 counts.

"2020年以来，办理完成投资项目备案509件、核准3件和审批76件、建筑工程施工许可证（质量安全监督
合并）86件、商品房预售4件、房地产开发企业资质16件、竣工验收备案228栋单体、初步设计和抗震设防审查
3件（7月底已取消该事项）、建筑企业资质11件。"

Each category is a set of items of the demo catalogue (by code). The demo catalogue has no
item of its own for 抗震设防审查, so 初步设计和抗震设防审查 holds 政府投资项目初步设计审批; its
cases end with July 2020, when the seed says the item was abolished.
"""

from datetime import date

YEAR = 2020

# (code, name, unit, item codes, 2020 count in the unit, last decision day or None)
CATEGORIES = [
    ("tzxm-ba", "投资项目备案", "件", ["37050200FGJ-QT-0001"], 509, None),
    ("tzxm-hz", "投资项目核准", "件", ["37050200FGJ-XK-0001"], 3, None),
    ("tzxm-sp", "投资项目审批", "件", ["37050200FGJ-XK-0002"], 76, None),
    ("sgxk", "建筑工程施工许可证（质量安全监督合并）", "件", ["37050200ZJJ-XK-0001"], 86, None),
    ("spfys", "商品房预售", "件", ["37050200ZJJ-XK-0002"], 4, None),
    ("fdckf-zz", "房地产开发企业资质", "件", ["37050200ZJJ-XK-0003"], 16, None),
    ("jgys-ba", "竣工验收备案", "栋", ["37050200ZJJ-QT-0001"], 228, None),
    (
        "cbsj-kz",
        "初步设计和抗震设防审查",
        "件",
        ["37050200FGJ-XK-0003"],
        3,
        date(2020, 7, 31),
    ),
    ("jzqy-zz", "建筑企业资质", "件", ["37050200ZJJ-XK-0004"], 11, None),
]

# 竣工验收备案 is counted in buildings (栋单体): each filing covers 1 to 8 of them.
BUILDINGS_PER_FILING = (1, 8)
