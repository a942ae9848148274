"""The demo's 好差评 and work orders as plain data; demo.py turns it into rows.

The counts follow the seed document since 2020: 328 hotline (12345) orders, 2 petitions and
89 CCTV retrievals. Subjects, replies and comments are made up; they name no one.
"""

from datetime import date

FIRST_DAY = date(2020, 1, 2)
HOTLINE_ORDERS = 328
PETITIONS = 2
CCTV_REQUESTS = 89
# The latest orders of each source are still open (in working days before today).
OPEN_HOTLINE = 4
OPEN_CCTV = 1

# A year of ratings: about this many, ~99% satisfied.
RATINGS = 2400
RATING_LEVELS = ((5, 86), (4, 11), (3, 3))  # the satisfied ones; bad ones come from BAD_RATINGS
CHANNEL_SHARES = (("on_site", 72), ("online", 23), ("public_comment", 3), ("spot_check", 2))
RATING_MONTH_WEIGHTS = {
    1: 9,
    2: 6,
    3: 10,
    4: 10,
    5: 9,
    6: 10,
    7: 9,
    8: 9,
    9: 10,
    10: 7,
    11: 10,
    12: 10,
}
COMMENT_SHARE = 0.18
GOOD_COMMENTS = (
    "工作人员热情耐心，讲解清楚",
    "一次就办好了，不用来回跑",
    "办事效率高，点赞",
    "窗口服务很规范",
    "帮办代办很贴心",
    "材料一次性告知，很方便",
    "网上申请很方便，进度随时能查",
    "环境整洁，指引清楚",
    "当天就拿到了证",
    "服务态度好",
)
# Departments rated online and by public comment (their weights).
ONLINE_DEPARTMENTS = (
    ("ST-ZJJ", 12),
    ("ST-BDC", 14),
    ("ST-SCJG", 12),
    ("ST-RSJ", 10),
    ("ST-TAX", 10),
    ("ST-GAFJ", 8),
    ("ST-YBJ", 6),
    ("ST-GJJ", 6),
    ("BU-SOCIAL", 5),
    ("BU-STARTUP", 8),
    ("ST-FGJ", 4),
    ("ST-ZRJ", 3),
    ("ST-MZJ", 2),
)

# Bad ratings through the services, each with its remedy order:
# (window, level, working days ago, real name, reply after n working days or None for
#  still open, appeal: None / "upheld", comment, verification, reply)
BAD_RATINGS = (
    (
        "D02",
        2,
        235,
        True,
        2,
        None,
        "等候时间太长，排队一个多小时",
        "经核实，当日为季度申报高峰，窗口未及时增开",
        "已建立高峰时段弹性窗口机制，增开2个税务综合窗口，并已向评价人致歉",
    ),
    (
        "E01",
        1,
        214,
        True,
        3,
        None,
        "材料要求前后说法不一致，跑了两趟",
        "经核实，窗口人员对新版不动产登记材料目录掌握不准确",
        "已组织窗口人员学习新版材料目录，更新一次性告知单，并电话向评价人说明致歉",
    ),
    (
        "G02",
        2,
        188,
        False,
        1,
        None,
        "工作人员态度生硬",
        "调阅监控并询问当事人，工作人员解释不够耐心",
        "已对当事人批评教育，纳入月度考核，并开展文明用语培训",
    ),
    (
        "A03",
        2,
        170,
        True,
        4,
        None,
        "系统故障无法受理，也没有提前告知",
        "经核实，当日省级系统升级导致受理中断约两小时",
        "已建立系统故障公告机制，通过大厅显示屏和网站及时告知；评价人事项已于次日办结",
    ),
    (
        "F01",
        1,
        150,
        True,
        7,
        None,
        "社保转移办了一周还没结果",
        "经核实，该业务需跨省协查，窗口未告知办理进度",
        "已协调省外经办机构完成转移，并建立跨省业务进度告知制度",
    ),
    (
        "C05",
        2,
        131,
        False,
        2,
        "upheld",
        "发票领用太麻烦",
        "经核实，评价涉及的发票领用规定为上级税务机关统一要求，非窗口服务问题",
        "已向评价人解释政策规定",
    ),
    (
        "E03",
        2,
        109,
        True,
        3,
        None,
        "咨询电话一直打不通",
        "经核实，不动产咨询电话高峰时段占线严重",
        "已增设一条咨询专线，并在网站公布常见问题解答",
    ),
    (
        "A05",
        1,
        86,
        True,
        2,
        None,
        "告知需要的材料不全，回去又补了一次",
        "经核实，窗口人员未按一次性告知要求完整告知",
        "已对窗口人员批评教育并扣减当月考核分，向评价人当面致歉",
    ),
    (
        "G01",
        2,
        61,
        True,
        6,
        None,
        "户口迁移等了很久",
        "经核实，迁出地回函较慢，窗口未主动跟进",
        "已主动联系迁出地公安机关完成迁移，建立超时主动跟进提醒",
    ),
    (
        "D01",
        2,
        38,
        True,
        2,
        None,
        "叫号系统混乱，被跳号",
        "经核实，叫号机软件故障导致部分号码重复",
        "已修复叫号系统并安排专人引导",
    ),
    (
        "F03",
        1,
        17,
        True,
        3,
        None,
        "异地就医备案说要三天，其实当天能办",
        "经核实，窗口人员对线上即时备案政策不熟悉",
        "已组织医保窗口人员专题培训，并更新办事指南",
    ),
    (
        "E02",
        2,
        9,
        True,
        2,
        None,
        "午休时间窗口无人",
        "经核实，当日午间值班人员临时离岗未安排替岗",
        "已落实午间错时值班和替岗制度",
    ),
)
# The remedy still open for the demo approver (区住房和城乡建设局), rated this many working
# days ago, real name, by the enterprise that the approver's decision served.
OPEN_REMEDY = {
    "department": "ST-ZJJ",
    "window": "B06",
    "level": 1,
    "workdays_ago": 1,
    "comment": "资质审批结果通知不及时，多次电话询问才知道已经办结",
}

# -- work orders -------------------------------------------------------------------------

# Hotline kinds and their weights; subjects and replies by kind.
HOTLINE_KINDS = (
    ("enquiry", 45),
    ("complaint", 24),
    ("request", 15),
    ("suggestion", 13),
    ("urgent", 3),
)
HOTLINE_DEPARTMENTS = (
    ("BU-GEN", 16),
    ("ST-BDC", 14),
    ("ST-SCJG", 10),
    ("ST-RSJ", 10),
    ("ST-TAX", 9),
    ("ST-GAFJ", 8),
    ("ST-ZJJ", 8),
    ("ST-YBJ", 6),
    ("ST-GJJ", 6),
    ("BU-STARTUP", 5),
    ("BU-HALL", 4),
    ("BU-SOCIAL", 4),
)
HOTLINE_TOPICS = {
    "enquiry": (
        (
            "咨询个体工商户登记所需材料",
            "市民来电咨询办理个体工商户营业执照需要准备哪些材料、能否网上办理。",
            "已电话告知所需材料清单及网上办理渠道，并发送办事指南链接。",
        ),
        (
            "咨询不动产登记办理时限",
            "市民来电咨询二手房过户登记需要多长时间。",
            "已告知承诺时限及预约方式，市民表示清楚。",
        ),
        (
            "咨询社保卡补办地点",
            "市民来电咨询社保卡丢失后在哪里补办。",
            "已告知大厅社会保障专区及镇街便民服务中心均可补办。",
        ),
        (
            "咨询公积金提取条件",
            "市民来电咨询租房提取住房公积金的条件和额度。",
            "已告知提取条件、额度及线上办理方式。",
        ),
        (
            "咨询大厅周末是否办公",
            "市民来电咨询政务服务中心周六是否可以办理业务。",
            "已告知周六上午提供延时错时服务的业务范围。",
        ),
    ),
    "complaint": (
        (
            "反映窗口办事排队时间长",
            "市民来电反映在大厅办理业务排队等候时间过长。",
            "已核实高峰时段情况，增设弹性窗口并推行预约服务，已向市民反馈。",
        ),
        (
            "反映工作人员解释不清",
            "市民来电反映窗口人员对办理条件解释不清，多跑一次。",
            "已核实并对窗口人员批评教育，向市民致歉并协助办结。",
        ),
        (
            "反映网上申报系统操作复杂",
            "企业来电反映网上申报系统填报项目过多。",
            "已将意见反馈系统运维单位，精简重复填报项，并安排专人指导。",
        ),
    ),
    "request": (
        (
            "申请上门帮办服务",
            "行动不便的老人来电申请上门办理养老资格认证。",
            "已安排帮办代办人员上门服务，当日办结。",
        ),
        (
            "申请延时办理",
            "企业来电申请下班后延时办理营业执照变更。",
            "已安排延时服务窗口，企业按约定时间办结。",
        ),
        ("申请加急出证", "企业来电申请施工许可证加急出证。", "已协调住建部门优先审查，提前出证。"),
    ),
    "suggestion": (
        (
            "建议增加停车位",
            "市民来电建议政务服务中心增加停车位。",
            "已协调周边单位开放共享停车位，并在门口设置指引。",
        ),
        (
            "建议增设自助打印设备",
            "市民来电建议大厅增设自助打印复印设备。",
            "已在一窗通自助服务区增设2台自助打印复印终端。",
        ),
        (
            "建议公布各窗口等候人数",
            "市民来电建议在网站公布各窗口实时等候人数。",
            "已在网站和公众号上线大厅实时等候人数查询。",
        ),
    ),
    "urgent": (
        (
            "紧急办理就医异地备案",
            "市民来电称家属需紧急转院异地就医，申请加急备案。",
            "已电话指导线上即时备案，两小时内办结。",
        ),
        (
            "紧急补办临时身份证明",
            "市民来电称次日出行需临时身份证明。",
            "已协调户政窗口当日出具临时身份证明。",
        ),
    ),
}
PETITION_TOPICS = (
    (
        "ST-BDC",
        "来信反映不动产登记历史遗留问题",
        "群众来信反映所购商品房多年未办理不动产权证书。",
        "已会同住建、自然资源部门现场核查，制定分类处置方案，已为该小区首批住户办理不动产权证书。",
    ),
    (
        "BU-GEN",
        "来访反映办事多跑腿问题",
        "群众来访反映办理经营许可时多次往返。",
        "已核实并推行一次性告知和容缺受理，为来访人当场办结，相关人员已作处理。",
    ),
)
CCTV_REASONS = (
    "遗失随身物品",
    "与他人发生纠纷需要取证",
    "车辆在停车场被剐蹭",
    "确认办事时提交的材料",
    "核实办事时间",
)
CCTV_ZONES = (
    "综合受理区",
    "一窗通自助服务区",
    "不动产登记专区",
    "税务服务专区",
    "大厅入口",
    "停车场",
)
CALLBACK_NOTES = ("对答复满意", "表示认可", "问题已解决", "对处理结果满意")
CCTV_REPLY = "经审核符合调取条件，已按规定调取并在公安人员见证下提供查看，相关记录已登记。"
