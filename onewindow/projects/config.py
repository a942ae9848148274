"""The configuration the demo and a fresh installation load: four stages, 47 items of 7
departments (the seed's "7个行政审批部门的47个审批事项"), each flagged as a 工程建设项目审批
item. Rows are data (Stage, StageItem): the bureau edits them in the admin; the loader
finds existing rows by code and never overwrites an edited limit.

An item tuple: (code, department code, name, options). Options:
  opt        the applicant chooses it (not every project needs it)
  proc=X     only for projects whose investment procedure is X (备案/核准/审批)
  gov        only for government investment projects
  drawing    施工图审查: whether it blocks the next stage is settings.PROJECTS_DRAWING_REVIEW_BLOCKS
  until=D    abolished from the day after D (ISO date)
"""

from datetime import date

STAGES = [
    # code, name, lead department, limit (working days), guide, form fields, materials
    (
        "planning",
        "立项用地规划许可阶段",
        "ST-ZRJ",
        15,
        "项目立项（备案、核准或审批）、用地预审与选址、用地规划许可并联办理，"
        "一份办事指南、一张申请表、一套申报材料。",
        "project_name project_code investor_name location investment",
        "项目申请表 营业执照 项目建议书或可行性研究报告 用地红线图 授权委托书",
    ),
    (
        "works_permit",
        "工程建设许可阶段",
        "ST-ZRJ",
        15,
        "设计方案审查、建设工程规划许可证核发等并联办理；已在立项用地规划许可阶段提交的材料不再提交。",
        "project_name project_code design_unit building_area",
        "项目申请表 营业执照 用地红线图 建设工程设计方案 总平面图 授权委托书",
    ),
    (
        "construction_permit",
        "施工许可阶段",
        "ST-ZJJ",
        3,
        "施工许可证核发与质量安全监督登记等并联办理，3个工作日内办结；"
        "施工图审查不作为施工许可的前置条件。",
        "project_name project_code builder_name supervisor_name contract_price",
        "项目申请表 营业执照 建设工程规划许可证 施工合同 监理合同 资金到位承诺书",
    ),
    (
        "completion",
        "竣工验收阶段",
        "ST-ZJJ",
        12,
        "规划、消防、人防、档案等专项验收实行联合验收，竣工验收备案按栋（单体建筑）登记。",
        "project_name project_code completion_date building_count",
        "项目申请表 营业执照 竣工验收报告 测绘成果报告 工程质量检测报告 施工合同",
    ),
]

ITEMS = {
    "planning": [
        ("PL-01", "ST-FGJ", "企业投资项目备案", "proc=filing"),
        ("PL-02", "ST-FGJ", "企业投资项目核准", "proc=ratification"),
        ("PL-03", "ST-FGJ", "政府投资项目审批（可行性研究报告）", "proc=approval"),
        ("PL-04", "ST-FGJ", "固定资产投资项目节能审查", "opt"),
        ("PL-05", "ST-ZRJ", "建设项目用地预审与选址意见书核发", ""),
        ("PL-06", "ST-ZRJ", "建设用地规划许可证核发", ""),
        ("PL-07", "ST-ZRJ", "临时用地审批", "opt"),
        ("PL-08", "ST-STHJ", "建设项目环境影响评价审批", "opt"),
        ("PL-09", "ST-SWJ", "生产建设项目水土保持方案审批", "opt"),
        ("PL-10", "ST-SWJ", "取水许可", "opt"),
        ("PL-11", "ST-JTJ", "公路建筑控制区内埋设管线审批", "opt"),
        ("PL-12", "ST-RFB", "人防工程建设项目选址意见", "opt"),
    ],
    "works_permit": [
        ("WP-01", "ST-FGJ", "政府投资项目初步设计审批", "gov"),
        ("WP-02", "ST-ZRJ", "建设工程规划许可证核发", ""),
        ("WP-03", "ST-ZRJ", "建设工程设计方案审查", ""),
        ("WP-04", "ST-ZRJ", "临时建设工程规划许可", "opt"),
        ("WP-05", "ST-ZJJ", "建设工程消防设计审查", ""),
        ("WP-06", "ST-ZJJ", "施工图设计文件审查", "drawing"),
        ("WP-07", "ST-ZJJ", "初步设计和抗震设防审查", "until=2020-07-31"),
        ("WP-08", "ST-ZJJ", "超限高层建筑工程抗震设防审批", "opt"),
        ("WP-09", "ST-STHJ", "排污许可", "opt"),
        ("WP-10", "ST-SWJ", "城镇污水排入排水管网许可", "opt"),
        ("WP-11", "ST-SWJ", "河道管理范围内建设项目工程建设方案审批", "opt"),
        ("WP-12", "ST-JTJ", "公路用地范围内设置非公路标志审批", "opt"),
        ("WP-13", "ST-RFB", "人防工程设计审查", ""),
    ],
    "construction_permit": [
        ("CP-01", "ST-ZJJ", "建筑工程施工许可证核发", ""),
        ("CP-02", "ST-ZJJ", "工程质量安全监督登记", ""),
        ("CP-03", "ST-ZJJ", "城市建筑垃圾处置核准", "opt"),
        ("CP-04", "ST-ZJJ", "占用、挖掘城市道路审批", "opt"),
        ("CP-05", "ST-ZJJ", "建筑起重机械使用登记", "opt"),
        ("CP-06", "ST-RFB", "人防工程质量监督登记", ""),
        ("CP-07", "ST-JTJ", "涉路工程建设许可", "opt"),
        ("CP-08", "ST-SWJ", "临时排水许可", "opt"),
        ("CP-09", "ST-STHJ", "建筑施工噪声排放申报", "opt"),
        ("CP-10", "ST-ZRJ", "建设工程放线验线", "opt"),
        ("CP-11", "ST-SWJ", "建设项目节水设施设计审查", "opt"),
    ],
    "completion": [
        ("CO-01", "ST-ZJJ", "建设工程竣工验收备案", ""),
        ("CO-02", "ST-ZJJ", "建设工程消防验收", ""),
        ("CO-03", "ST-ZJJ", "建设工程消防验收备案", "opt"),
        ("CO-04", "ST-ZJJ", "建设工程档案验收", ""),
        ("CO-05", "ST-ZJJ", "房屋建筑工程质量竣工验收监督", "opt"),
        ("CO-06", "ST-ZRJ", "建设工程竣工规划核实", ""),
        ("CO-07", "ST-ZRJ", "建设项目竣工土地核验", "opt"),
        ("CO-08", "ST-STHJ", "建设项目竣工环境保护验收备案", "opt"),
        ("CO-09", "ST-SWJ", "水土保持设施验收报备", "opt"),
        ("CO-10", "ST-SWJ", "排水设施竣工验收", "opt"),
        ("CO-11", "ST-RFB", "人防工程竣工验收备案", ""),
    ],
}

# The 6 windows of the construction zone (org/demo_data.py) that accept stages.
CONSTRUCTION_WINDOWS = ("B01", "B02", "B03", "B04", "B05", "B06")


def parse_options(text: str) -> dict:
    options = {"optional": False, "procedure": "", "government_only": False, "drawing": False}
    options["abolished_after"] = None
    for part in text.split():
        if part == "opt":
            options["optional"] = True
        elif part == "gov":
            options["government_only"] = True
        elif part == "drawing":
            options["drawing"] = True
        elif part.startswith("proc="):
            options["procedure"] = part[5:]
        elif part.startswith("until="):
            options["abolished_after"] = date.fromisoformat(part[6:])
    return options


# Labels of the stages' form fields.
FIELD_LABELS = {
    "project_name": "项目名称",
    "project_code": "项目代码",
    "investor_name": "建设单位",
    "location": "建设地点",
    "investment": "总投资（万元）",
    "design_unit": "设计单位",
    "building_area": "总建筑面积（平方米）",
    "builder_name": "施工单位",
    "supervisor_name": "监理单位",
    "contract_price": "合同价格（万元）",
    "completion_date": "竣工日期",
    "building_count": "单体建筑（栋）数",
}


# Decision 0041: the stage items handled as cases (cases.Case, through the cases services)
# once the catalogue publishes an item with the same code and department: the investment
# procedure of the first stage (备案/核准/审批) and the parallel items of the 施工许可
# stage. The others stay reviews of the stage run (decision 0027).
CASE_STAGES = ("construction_permit",)
CASE_ITEMS = ("PL-01", "PL-02", "PL-03")


def handled_as_case(stage_code: str, item_code: str) -> bool:
    return stage_code in CASE_STAGES or item_code in CASE_ITEMS


# The catalogue item that handles a stage item as a case, by stage item code: the catalogue
# codes its items by department and kind (37050200FGJ-QT-0001), not by stage. A stage item
# not listed here links to a catalogue item of its own code. settings.PROJECTS_CATALOGUE_CODES
# adds to or replaces entries (an empty string unlinks by configuration). Not listed, as the
# demo catalogue has no item for them (they stay reviews): CP-02 工程质量安全监督登记 (merged
# into the 施工许可证 by the seed), CP-06, CP-08, CP-09, CP-10, CP-11.
CATALOGUE_CODES = {
    "PL-01": "37050200FGJ-QT-0001",  # 企业投资项目备案
    "PL-02": "37050200FGJ-XK-0001",  # 企业投资项目核准
    "PL-03": "37050200FGJ-XK-0002",  # 政府投资项目审批（可行性研究报告）
    "CP-01": "37050200ZJJ-XK-0001",  # 建筑工程施工许可证核发
    "CP-03": "37050200ZJJ-XK-0006",  # 城市建筑垃圾处置核准
    "CP-04": "37050200ZJJ-XK-0007",  # 占用、挖掘城市道路审批
    "CP-05": "37050200ZJJ-QT-0005",  # 建筑起重机械使用登记
    "CP-07": "37050200JTJ-XK-0007",  # 涉路施工许可
}


def catalogue_code(item_code: str) -> str:
    """The code of the catalogue item that handles this stage item as a case ("" none)."""
    from django.conf import settings

    codes = {**CATALOGUE_CODES, **getattr(settings, "PROJECTS_CATALOGUE_CODES", {})}
    return codes.get(item_code, item_code)
