"""Plain data of the hall demo: training sessions, indicators, party activities."""

# The seed: "外出培训3次、内部培训11次" in half a year (2020). (title, kind, month, day, hours)
TRAININGS_2020 = [
    ("全省政务服务“一网通办”业务培训", "external", 3, 18, 16),
    ("全市行政审批制度改革专题培训", "external", 5, 12, 8),
    ("工程建设项目审批制度改革省级培训班", "external", 6, 9, 16),
    ("政务服务礼仪与文明用语", "internal", 1, 8, 2),
    ("一次性告知与容缺受理规范", "internal", 1, 15, 2),
    ("好差评制度解读", "internal", 2, 5, 2),
    ("疫情期间不见面审批操作", "internal", 2, 19, 2),
    ("企业开办一窗通系统操作", "internal", 3, 4, 3),
    ("工程建设项目并联审批流程", "internal", 3, 25, 3),
    ("秒批秒办事项梳理", "internal", 4, 8, 2),
    ("政务服务投诉处理与沟通技巧", "internal", 4, 22, 2),
    ("信息安全与个人信息保护", "internal", 5, 6, 2),
    ("帮办代办服务规范", "internal", 5, 27, 2),
    ("六有一能便民服务站点标准化建设", "internal", 6, 17, 3),
]

# Sessions of this year, so the page looks like a bureau at work today.
TRAININGS_2026 = [
    ("全省政务服务窗口业务能力提升培训", "external", 4, 14, 16),
    ("窗口服务标准化与“高效办成一件事”", "internal", 3, 11, 2),
    ("个人信息保护与数据安全", "internal", 6, 10, 2),
    ("新版好差评系统操作", "internal", 9, 16, 2),
    ("取号叫号系统与预约服务", "internal", 11, 18, 2),
]

# 绩效考核 indicators: (name, full marks).
INDICATORS = [
    ("工作纪律", 20),
    ("服务质量", 30),
    ("业务能力", 20),
    ("办件效率", 20),
    ("群众满意度", 10),
]

PARTY_ACTIVITIES = [
    ("2020-03-20", "“党员先锋岗”亮身份、作承诺"),
    ("2020-07-01", "庆祝建党99周年主题党日"),
    ("2026-03-27", "“优化营商环境、党员在行动”主题党日"),
    ("2026-07-01", "庆祝建党105周年主题党日"),
    ("2026-10-23", "功能型党支部“窗口服务大家谈”"),
]

FINDING_NOTES = {
    "late": "上班时间未到岗",
    "left_early": "下班前提前离岗",
    "unattended": "工作时间窗口无人",
    "attitude": "答复群众咨询语气生硬",
    "language": "未使用文明规范用语",
    "efficiency": "办理时间明显超出平均水平",
}

QUEUE_ZONES = ["综合受理区", "税务服务专区", "不动产登记专区", "社会保障专区"]
