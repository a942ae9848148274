"""The demo service network of 东营区 as plain data; demo.py turns it into rows.

The numbers follow the seed document (../shared/seed): 8 town centres, 59 community
centres, 22 village stations, 10 standardisation pilots, 49 kiosks (hall, 8 towns,
25 pilot communities) and 284 online branches. Community and village names are
made up; the towns and streets are the district's real ones. Codes are stable,
because the loader finds existing rows by code.
"""

from datetime import date
from itertools import product

# --- departments -----------------------------------------------------------------
# (code, name, short_name, approves_construction)
BUREAU_UNITS = [
    ("BU-OFFICE", "办公室", "办公室", False),
    ("BU-PARTY", "党建室", "党建室", False),
    ("BU-GEN", "综合受理股", "综合窗口", False),
    ("BU-STARTUP", "企业开办服务股", "企业开办", False),
    ("BU-CONS", "工程建设项目审批股", "工程建设", False),
    ("BU-SOCIAL", "社会事务审批股", "社会事务", False),
    ("BU-MARKET", "市场准入股", "市场准入", False),
    ("BU-REFORM", "政策法规和审批改革股", "审批改革", False),
    ("BU-AGENT", "帮办代办服务中心", "帮办代办", False),
    ("BU-HALL", "政务服务大厅管理股", "大厅督查", False),
    ("BU-GRASS", "便民服务指导股", "便民服务", False),
]

# The seed's "7个行政审批部门的47个审批事项" run in the construction-project system.
STATIONED_DEPARTMENTS = [
    ("ST-FGJ", "区发展和改革局", "发改", True),
    ("ST-ZRJ", "区自然资源局", "自然资源", True),
    ("ST-ZJJ", "区住房和城乡建设局", "住建", True),
    ("ST-STHJ", "区生态环境分局", "生态环境", True),
    ("ST-JTJ", "区交通运输局", "交通运输", True),
    ("ST-SWJ", "区水务局", "水务", True),
    ("ST-RFB", "区人防办", "人防", True),
    ("ST-TAX", "区税务局", "税务", False),
    ("ST-GAFJ", "区公安分局", "公安", False),
    ("ST-SCJG", "区市场监督管理局", "市场监管", False),
    ("ST-RSJ", "区人力资源和社会保障局", "人社", False),
    ("ST-YBJ", "区医疗保障局", "医保", False),
    ("ST-GJJ", "区住房公积金管理中心", "公积金", False),
    ("ST-BDC", "区不动产登记中心", "不动产", False),
    ("ST-WJJ", "区卫生健康局", "卫健", False),
    ("ST-JYJ", "区教育和体育局", "教体", False),
    ("ST-NYJ", "区农业农村局", "农业农村", False),
    ("ST-MZJ", "区民政局", "民政", False),
    ("ST-TYJR", "区退役军人事务局", "退役军人", False),
]

# --- the district service hall ----------------------------------------------------
HALL = {
    "code": "DYQ-HALL",
    "name": "区政务服务中心",
    "address": "山东省东营市东营区政务服务中心一楼大厅",
    "hours": "法定工作日 上午8:30—12:00 下午13:30—17:30",
}

ZONE_GENERAL = "综合受理区"
ZONE_CONSTRUCTION = "工程建设项目服务专区"
ZONE_STARTUP = "企业开办一窗通专区"
ZONE_TAX = "税务服务专区"
ZONE_ESTATE = "不动产登记专区"
ZONE_SOCIAL_SECURITY = "社会保障专区"
ZONE_POLICE = "公安服务专区"
ZONE_SOCIAL_AFFAIRS = "社会事务专区"

G, S = "general", "specialised"
# (number, name, kind, department code, zone, party-member post)
HALL_WINDOWS = [
    *[(f"A{n:02d}", "综合受理窗口", G, "BU-GEN", ZONE_GENERAL, n in (1, 5)) for n in range(1, 9)],
    ("A09", "帮办代办服务窗口", S, "BU-AGENT", ZONE_GENERAL, True),
    ("A10", "“办不成事”反映窗口", G, "BU-GEN", ZONE_GENERAL, False),
    # The seed's 6 general windows of the construction zone, one per stage and two more.
    ("B01", "立项用地规划许可阶段综合窗口", G, "BU-GEN", ZONE_CONSTRUCTION, True),
    ("B02", "工程建设许可阶段综合窗口", G, "BU-GEN", ZONE_CONSTRUCTION, False),
    ("B03", "施工许可阶段综合窗口", G, "BU-GEN", ZONE_CONSTRUCTION, False),
    ("B04", "竣工验收阶段综合窗口", G, "BU-GEN", ZONE_CONSTRUCTION, False),
    ("B05", "工程建设项目综合咨询窗口", G, "BU-GEN", ZONE_CONSTRUCTION, False),
    ("B06", "工程建设项目统一出件窗口", G, "BU-GEN", ZONE_CONSTRUCTION, False),
    ("C01", "企业开办综合窗口", G, "BU-GEN", ZONE_STARTUP, True),
    ("C02", "企业开办综合窗口", G, "BU-GEN", ZONE_STARTUP, False),
    ("C03", "企业开办综合窗口", G, "BU-GEN", ZONE_STARTUP, False),
    ("C04", "公章刻制备案窗口", S, "ST-GAFJ", ZONE_STARTUP, False),
    ("C05", "税务登记和发票申领窗口", S, "ST-TAX", ZONE_STARTUP, False),
    ("C06", "企业开办统一出件窗口", G, "BU-GEN", ZONE_STARTUP, False),
    ("D01", "税务综合服务窗口", S, "ST-TAX", ZONE_TAX, True),
    ("D02", "税务综合服务窗口", S, "ST-TAX", ZONE_TAX, False),
    ("D03", "税务综合服务窗口", S, "ST-TAX", ZONE_TAX, False),
    ("D04", "社会保险费缴纳窗口", S, "ST-TAX", ZONE_TAX, False),
    ("D05", "不动产交易税费窗口", S, "ST-TAX", ZONE_TAX, False),
    ("E01", "不动产登记受理窗口", S, "ST-BDC", ZONE_ESTATE, True),
    ("E02", "不动产登记受理窗口", S, "ST-BDC", ZONE_ESTATE, False),
    ("E03", "不动产登记受理窗口", S, "ST-BDC", ZONE_ESTATE, False),
    ("E04", "不动产权证书发放窗口", S, "ST-BDC", ZONE_ESTATE, False),
    ("F01", "社会保险经办窗口", S, "ST-RSJ", ZONE_SOCIAL_SECURITY, True),
    ("F02", "就业创业服务窗口", S, "ST-RSJ", ZONE_SOCIAL_SECURITY, False),
    ("F03", "医疗保险经办窗口", S, "ST-YBJ", ZONE_SOCIAL_SECURITY, False),
    ("F04", "异地就医备案窗口", S, "ST-YBJ", ZONE_SOCIAL_SECURITY, False),
    ("F05", "住房公积金提取窗口", S, "ST-GJJ", ZONE_SOCIAL_SECURITY, False),
    ("F06", "住房公积金贷款窗口", S, "ST-GJJ", ZONE_SOCIAL_SECURITY, False),
    ("G01", "户政业务窗口", S, "ST-GAFJ", ZONE_POLICE, True),
    ("G02", "户政业务窗口", S, "ST-GAFJ", ZONE_POLICE, False),
    ("G03", "出入境业务窗口", S, "ST-GAFJ", ZONE_POLICE, False),
    ("G04", "车驾管业务窗口", S, "ST-GAFJ", ZONE_POLICE, False),
    ("H01", "社会事务审批窗口", S, "BU-SOCIAL", ZONE_SOCIAL_AFFAIRS, True),
    ("H02", "民政事务窗口", S, "ST-MZJ", ZONE_SOCIAL_AFFAIRS, False),
    ("H03", "卫生健康服务窗口", S, "ST-WJJ", ZONE_SOCIAL_AFFAIRS, False),
    ("H04", "教育体育服务窗口", S, "ST-JYJ", ZONE_SOCIAL_AFFAIRS, False),
    ("H05", "涉农事务窗口", S, "ST-NYJ", ZONE_SOCIAL_AFFAIRS, False),
    ("H06", "退役军人服务窗口", S, "ST-TYJR", ZONE_SOCIAL_AFFAIRS, False),
    ("H07", "市场监管服务窗口", S, "ST-SCJG", ZONE_SOCIAL_AFFAIRS, False),
]

# 16 kiosks in the hall: (where it stands, how many).
HALL_KIOSKS = [
    ("一窗通自助服务区", 6),
    (ZONE_GENERAL, 4),
    (ZONE_CONSTRUCTION, 2),
    (ZONE_TAX, 2),
    (ZONE_ESTATE, 1),
    (ZONE_SOCIAL_SECURITY, 1),
]
KIOSK_INSTALLED_ON = {
    "service_hall": date(2020, 5, 20),
    "town_centre": date(2020, 6, 10),
    "community_centre": date(2020, 6, 28),
}


# --- towns, communities and villages -----------------------------------------------
def _words(text: str) -> list[str]:
    return text.split()


# (code, town or street, community-name stems). 10+9+14+9+9+3+2+3 = 59 communities.
TOWNS = [
    ("DYQ-T01", "文汇街道", _words("府前 新华 银河 明珠 金湖 华山 运河 西城 五一 安泰")),
    ("DYQ-T02", "黄河路街道", _words("黄河 丽景 康洋 锦华 海通 青年 泰山 滨河 嘉和")),
    (
        "DYQ-T03",
        "东城街道",
        _words("东城 天鹅湖 清风湖 东湖 广场 兴华 鑫都 悦来湖 金泰 翠湖 龙城 紫金 南湖 融和"),
    ),
    ("DYQ-T04", "辛店街道", _words("辛店 胜华 胜宏 石化 海宁 胜利苑 利源 新兴 胜采")),
    ("DYQ-T05", "胜利街道", _words("胜利 胜中 胜东 油建 采油 安康 友谊 和平 幸福")),
    ("DYQ-T06", "史口镇", _words("史口 东王 兴和")),
    ("DYQ-T07", "龙居镇", _words("龙居 龙悦")),
    ("DYQ-T08", "牛庄镇", _words("牛庄 东辛 庄兴")),
]

# Villages with a service station (22), and villages with only an online branch (203):
# 59 communities + 22 stations + 203 villages = 284 online branches.
VILLAGE_STATIONS = {"DYQ-T06": 8, "DYQ-T07": 6, "DYQ-T08": 6, "DYQ-T04": 2}
BRANCH_ONLY_VILLAGES = {"DYQ-T06": 60, "DYQ-T07": 55, "DYQ-T08": 50, "DYQ-T04": 30, "DYQ-T03": 8}

# The 10 standardisation pilots (六有一能): 7 communities and 3 village stations.
PILOT_COMMUNITIES = ["府前", "黄河", "东城", "辛店", "胜利", "史口", "龙居"]
PILOT_STATION_TOWNS = ["DYQ-T06", "DYQ-T07", "DYQ-T08"]
# Pilots still short of one item of 六有一能 when the seed was written.
PILOTS_SHORT_OF = {"龙居": "funds", "DYQ-T08": "funds"}
# The seed's "25个试点社区" of the kiosk project (a wider set than the 10 pilots).
KIOSK_COMMUNITY_COUNT = 25

ONLINE_BRANCH_URL = "https://dyq.sd.gov.cn/branch/{code}"

_SURNAMES = (
    "刘王张李赵孙周吴郑陈杨黄徐马朱胡高林何郭罗梁宋谢"  # split for the line length
    "韩唐冯董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)
_VILLAGE_PATTERNS = ("{}家村", "{}庄村", "前{}村", "后{}村", "{}集村", "东{}村", "西{}村")


def village_names(count: int) -> list[str]:
    """``count`` distinct, stable village names (pattern-major, so neighbours differ)."""
    names = [pattern.format(s) for pattern, s in product(_VILLAGE_PATTERNS, _SURNAMES)]
    if count > len(names):
        raise ValueError("not enough village names")
    return names[:count]
