"""A year (2020) of ordinary cases: volumes by item, channels, the month profile, start-ups.

Volumes are a plausible district's, scaled down so the demo loads in seconds. February is
low (the Spring Festival and the epidemic); the hall's online share grew through the year.
"""

# (item code, cases in 2020, share applied online)
ORDINARY = [
    # construction projects (besides the report categories)
    ("37050200ZRJ-XK-0001", 24, 0.7),
    ("37050200ZRJ-XK-0002", 28, 0.7),
    ("37050200ZRJ-XK-0003", 41, 0.7),
    ("37050200ZRJ-QT-0001", 33, 0.6),
    ("37050200ZJJ-QT-0002", 36, 0.8),
    ("37050200ZJJ-QT-0003", 24, 0.7),
    ("37050200ZJJ-QT-0004", 21, 0.7),
    ("37050200ZJJ-XK-0006", 18, 0.5),
    ("37050200ZJJ-XK-0007", 27, 0.5),
    ("37050200ZJJ-QT-0005", 54, 0.6),
    ("37050200ZJJ-QT-0008", 96, 0.9),
    ("37050200ZJJ-GG-0001", 36, 0.3),
    ("37050200STHJ-XK-0001", 30, 0.6),
    ("37050200STHJ-QT-0001", 72, 1.0),
    ("37050200FGJ-QT-0002", 11, 0.6),
    ("37050200RFB-XK-0001", 18, 0.6),
    ("37050200SLJ-XK-0003", 15, 0.5),
    ("37050200XSPJ-QT-0002", 14, 0.5),
    # market entry and operation
    ("37050200QYKB-XK-0002", 108, 0.5),
    ("37050200QYKB-XK-0003", 36, 0.4),
    ("37050200QYKB-XK-0005", 90, 0.8),
    ("37050200SCZR-XK-0001", 126, 0.4),
    ("37050200SCZR-QT-0001", 72, 1.0),
    ("37050200SCZR-QT-0002", 36, 0.2),
    ("37050200SCZR-XK-0006", 15, 0.3),
    ("37050200SWJ-XK-0001", 24, 0.6),
    ("37050200SHSW-XK-0001", 54, 0.3),
    ("37050200JTJ-XK-0001", 24, 0.4),
    ("37050200JTJ-QT-0001", 21, 0.3),
    # people's services
    ("37050200GAFJ-QR-0003", 54, 0.2),
    ("37050200GAFJ-QT-0001", 36, 0.3),
    ("37050200GAFJ-QT-0004", 48, 0.5),
    ("37050200RSJ-GG-0001", 60, 0.4),
    ("37050200RSJ-GF-0005", 42, 0.3),
    ("37050200RSJ-GF-0003", 36, 0.2),
    ("37050200RSJ-QR-0001", 12, 0.1),
    ("37050200YBJ-GG-0004", 36, 0.3),
    ("37050200YBJ-GG-0005", 48, 0.2),
    ("37050200GJJ-GG-0003", 72, 0.6),
    ("37050200GJJ-GG-0007", 36, 0.3),
    ("37050200BDC-QR-0002", 120, 0.3),
    ("37050200BDC-QR-0004", 90, 0.4),
    ("37050200MZJ-GF-0001", 24, 0.1),
    ("37050200MZJ-QR-0001", 72, 0.1),
    ("37050200WJJ-XK-0003", 18, 0.5),
    ("37050200JYJ-QR-0001", 36, 0.6),
]

# Relative volume by month (1–12).
MONTH_WEIGHTS = {
    1: 0.8,
    2: 0.35,
    3: 0.85,
    4: 1.0,
    5: 1.05,
    6: 1.1,
    7: 1.05,
    8: 1.0,
    9: 1.1,
    10: 0.85,
    11: 1.1,
    12: 1.15,
}

# Shares of manual cases: decided after the promised limit (a few), refused, told to
# supplement (一次性告知) before acceptance, and paused for an expert review (long items).
LATE_SHARE = 0.04
REFUSED_SHARE = 0.02
DEFICIENT_SHARE = 0.06
PAUSED_SHARE = 0.08
PAUSE_WORKDAYS = (2, 5)
# Items on the 秒批 list: the share decided by the rules with no person (the rest fell back).
INSTANT_SHARE = 0.85

# 企业开办一件事 (BUNDLE-QYKB): cases in 2020, the online share, and working days from
# acceptance to decision with their weights (the seed: "一个工作日内办结").
STARTUP_BUNDLE = "BUNDLE-QYKB"
STARTUP_CASES = 420
STARTUP_ONLINE_SHARE = 0.45
STARTUP_DAYS = ((0, 62), (1, 31), (2, 5), (3, 2))

REFUSAL_REASONS = (
    "申请材料与实际情况不符，经现场核查不符合许可条件",
    "不符合法定条件，依法不予许可",
    "申请事项不属于本部门职权范围，已告知向有关部门申请",
)

PLACES = (
    "文汇街道",
    "黄河路街道",
    "东城街道",
    "辛店街道",
    "胜利街道",
    "史口镇",
    "龙居镇",
    "牛庄镇",
)
PROJECT_KINDS = (
    "住宅小区",
    "商业综合体",
    "标准化厂房",
    "物流园",
    "中学教学楼",
    "社区服务中心",
    "市政道路改造工程",
    "污水管网工程",
    "安置房",
    "科技孵化器",
    "医院门诊楼",
    "养老服务中心",
)
COMPANY_WORDS = (
    "黄河口",
    "胜利",
    "东营湾",
    "广利",
    "龙居",
    "清风湖",
    "天鹅湖",
    "鑫都",
    "华泰",
    "海科",
    "鲁东",
    "宏远",
)
COMPANY_TRADES = (
    "建设工程",
    "置业",
    "商贸",
    "科技",
    "餐饮管理",
    "物流",
    "建筑安装",
    "房地产开发",
)
