"""The 85 一件事 of the 一链办理 list (the seed's "85项一链办理事项"), items named by name.

17 are handled at the hall's general windows (``window=True``). Every bundle runs in at
most 4 steps; its material reduction is computed from its items' materials by the
selectors, never typed in here.
"""

STEPS_PARALLEL = (
    ("一次告知", "通过网上大厅或综合窗口一次性告知全部事项、材料和流程"),
    ("一窗受理", "综合窗口一次收取材料、一表填报，分发各审批部门"),
    ("并联审批", "相关部门同步审查，需现场核查的联合勘验"),
    ("统一出件", "在统一出件窗口一次领取全部结果，或免费邮寄送达"),
)
STEPS_SIMPLE = (
    ("一窗受理", "综合窗口一次收取材料、一表填报"),
    ("并联办理", "相关部门依据共享信息同步办理"),
    ("统一出件", "结果一次性送达，电子证照同步推送"),
)
# The seed: 企业开办 in 2 steps within 1 working day.
STEPS_STARTUP = (
    ("一窗受理", "企业开办专区综合窗口一次提交登记、印章、发票、开户申请"),
    (
        "并联办理、统一出件",
        "登记、刻章、申领发票和银行开户同步办理，营业执照、印章、发票和开户结果一次领取",
    ),
)

START = "企业设立登记"
SEAL = "印章刻制备案"
INVOICE = "发票申领"
BANK = "银行开户预约"
OPENING = "startup operation"


def bundle(code, name, lead, items, *, ev, steps=STEPS_PARALLEL, window=False, days=None, text=""):
    """One bundle; ``days`` defaults to the longest promised limit of its items."""
    return {
        "code": code,
        "name": name,
        "lead": lead,
        "items": list(items),
        "life_events": ev.split(),
        "steps": steps,
        "at_general_window": window,
        "promised_limit_days": days,
        "description": text,
    }


def opening(code, industry, lead, permits, *, bank=False, **extra):
    """开办<行业>一件事: registration, the industry's permits, seal, invoices (and bank)."""
    text = extra.pop("text", "") or (
        f"开办{industry}涉及的企业登记、行业许可、印章刻制和发票申领合并为一件事，"
        "一次告知、一表申请、一窗受理、并联审批、统一出件"
    )
    return bundle(
        code,
        f"开办{industry}一件事",
        lead,
        [START, *permits, SEAL, INVOICE, *([BANK] if bank else [])],
        ev=OPENING,
        text=text,
        **extra,
    )


OPENINGS = [
    opening(
        "BUNDLE-KBCG",
        "餐馆",
        "BU-MARKET",
        [
            "食品经营许可",
            "城镇污水排入排水管网许可",
            "设置大型户外广告及在城市建筑物、设施上悬挂张贴宣传品审批",
        ],
    ),
    opening("BUNDLE-KBBLD", "便利店", "BU-MARKET", ["食品经营许可", "烟草专卖零售许可"]),
    opening(
        "BUNDLE-KBYD",
        "药店",
        "BU-MARKET",
        ["药品零售企业经营许可", "第二类医疗器械经营备案", "定点零售药店申请"],
    ),
    opening(
        "BUNDLE-KBCS",
        "超市",
        "BU-MARKET",
        ["食品经营许可", "烟草专卖零售许可", "第二类医疗器械经营备案"],
    ),
    opening("BUNDLE-KBBG", "宾馆", "BU-SOCIAL", ["旅馆业特种行业许可证核发", "公共场所卫生许可"]),
    opening(
        "BUNDLE-KBMRMF", "美容美发店", "BU-SOCIAL", ["公共场所卫生许可", "城镇污水排入排水管网许可"]
    ),
    opening(
        "BUNDLE-KBJSF",
        "健身房",
        "BU-SOCIAL",
        ["高危险性体育项目经营许可（游泳）", "公共场所卫生许可"],
    ),
    opening(
        "BUNDLE-KBYYG",
        "游泳馆",
        "BU-SOCIAL",
        ["高危险性体育项目经营许可（游泳）", "公共场所卫生许可", "城镇污水排入排水管网许可"],
    ),
    opening("BUNDLE-KBSD", "书店", "BU-SOCIAL", ["出版物零售业务经营许可", "仅销售预包装食品备案"]),
    opening("BUNDLE-KBYJD", "烟酒店", "BU-MARKET", ["烟草专卖零售许可", "仅销售预包装食品备案"]),
    opening("BUNDLE-KBMYD", "母婴用品店", "BU-MARKET", ["食品经营许可", "第二类医疗器械经营备案"]),
    opening(
        "BUNDLE-KBYJD2", "眼镜店", "BU-MARKET", ["第二类医疗器械经营备案", "计量器具强制检定备案"]
    ),
    opening(
        "BUNDLE-KBXY",
        "洗浴场所",
        "BU-SOCIAL",
        ["公共场所卫生许可", "城镇污水排入排水管网许可", "特种设备使用登记"],
    ),
    opening("BUNDLE-KBGWYL", "歌舞娱乐场所", "BU-SOCIAL", ["娱乐场所经营许可", "公共场所卫生许可"]),
    opening(
        "BUNDLE-KBJB", "酒吧", "BU-SOCIAL", ["食品经营许可", "娱乐场所经营许可", "烟草专卖零售许可"]
    ),
    opening(
        "BUNDLE-KBWB",
        "网吧",
        "BU-SOCIAL",
        ["互联网上网服务营业场所经营许可", "仅销售预包装食品备案"],
    ),
    opening(
        "BUNDLE-KBDYY",
        "电影院",
        "BU-SOCIAL",
        ["电影放映单位设立审批", "公共场所卫生许可", "食品经营许可"],
    ),
    opening("BUNDLE-KBTYJG", "托育机构", "ST-WJJ", ["托育机构备案", "食品经营许可"]),
    opening(
        "BUNDLE-KBXXJG", "小型食品加工作坊", "BU-MARKET", ["食品小作坊登记", "固定污染源排污登记"]
    ),
    opening(
        "BUNDLE-KBQXWX",
        "汽车维修店",
        "ST-JTJ",
        ["机动车维修经营备案", "城镇污水排入排水管网许可", "固定污染源排污登记"],
    ),
    opening(
        "BUNDLE-KBJYZ",
        "加油站",
        "BU-MARKET",
        ["危险化学品经营许可", "仅销售预包装食品备案", "烟草专卖零售许可"],
    ),
    opening(
        "BUNDLE-KBMS",
        "民宿",
        "BU-SOCIAL",
        ["旅馆业特种行业许可证核发", "公共场所卫生许可", "食品经营许可"],
    ),
    opening("BUNDLE-KBZS", "诊所", "ST-WJJ", ["诊所备案", "城镇污水排入排水管网许可"]),
    opening("BUNDLE-KBYLJG", "养老机构", "ST-MZJ", ["养老机构备案", "食品经营许可"]),
    opening(
        "BUNDLE-KBRLZY", "人力资源服务机构", "ST-RSJ", ["人力资源服务许可", "劳务派遣经营许可"]
    ),
    opening("BUNDLE-KBHYQY", "道路货运企业", "ST-JTJ", ["道路货物运输经营许可", "道路运输证配发"]),
    opening("BUNDLE-KBKYQY", "道路客运企业", "ST-JTJ", ["道路旅客运输经营许可", "道路运输证配发"]),
    opening("BUNDLE-KBCZC", "出租汽车企业", "ST-JTJ", ["巡游出租汽车经营许可", "道路运输证配发"]),
    opening("BUNDLE-KBJX", "驾驶员培训机构", "ST-JTJ", ["机动车驾驶员培训经营备案"], bank=True),
    opening(
        "BUNDLE-KBJZQY",
        "建筑企业",
        "ST-ZJJ",
        ["建筑业企业资质核准", "建筑施工企业安全生产许可证核发"],
    ),
    opening("BUNDLE-KBFDC", "房地产开发企业", "ST-ZJJ", ["房地产开发企业资质核定"], bank=True),
    opening("BUNDLE-KBNZD", "农资店", "ST-NYJ", ["农药经营许可", "农作物种子生产经营许可"]),
    opening("BUNDLE-KBCWZS", "宠物诊所", "ST-NYJ", ["动物诊疗许可", "兽药经营许可证核发"]),
    opening(
        "BUNDLE-KBSPSC",
        "食品生产企业",
        "BU-MARKET",
        ["食品生产许可", "固定污染源排污登记", "城镇污水排入排水管网许可"],
    ),
    opening(
        "BUNDLE-KBWYTT", "文艺表演团体", "BU-SOCIAL", ["文艺表演团体设立审批", "营业性演出审批"]
    ),
    opening(
        "BUNDLE-KBYLJGOU",
        "医疗机构",
        "ST-WJJ",
        ["医疗机构设置审批", "医疗机构执业登记", "放射诊疗许可"],
    ),
    opening("BUNDLE-KBRQ", "燃气经营企业", "ST-ZJJ", ["燃气经营许可证核发", "特种设备使用登记"]),
    opening("BUNDLE-KBYHBZ", "烟花爆竹零售店", "BU-MARKET", ["烟花爆竹零售经营许可"]),
    opening("BUNDLE-KBKZD", "印章刻制店", "ST-GAFJ", ["印章刻制业特种行业许可证核发"]),
    opening(
        "BUNDLE-KBSCMZ", "水产苗种场", "ST-NYJ", ["水产苗种生产许可", "动物防疫条件合格证核发"]
    ),
]

ENTERPRISE = [
    bundle(
        "BUNDLE-QYKB",
        "企业开办一件事",
        "BU-STARTUP",
        [START, SEAL, INVOICE, BANK],
        ev="startup",
        steps=STEPS_STARTUP,
        window=True,
        days=1,
        text="企业登记、公章刻制、发票申领和银行开户预约一窗受理，2个环节、1个工作日内办结，首套印章免费刻制",
    ),
    bundle(
        "BUNDLE-NZHZS",
        "农民专业合作社开办一件事",
        "BU-STARTUP",
        ["农民专业合作社设立登记", SEAL, INVOICE, BANK],
        ev="startup agriculture",
    ),
    bundle(
        "BUNDLE-KBPXJG",
        "开办校外培训机构一件事",
        "BU-SOCIAL",
        ["民办非企业单位成立登记", "校外培训机构（非学科类）设立审批", SEAL, INVOICE],
        ev="startup education",
    ),
    bundle(
        "BUNDLE-KBYEY",
        "开办民办幼儿园一件事",
        "BU-SOCIAL",
        ["民办学校办学许可（幼儿园）", "民办非企业单位成立登记", "食品经营许可", SEAL],
        ev="startup education",
    ),
    bundle(
        "BUNDLE-QYYGCB",
        "企业用工参保登记一件事",
        "ST-RSJ",
        [
            "单位社会保险参保登记",
            "单位医疗保险参保登记",
            "住房公积金单位缴存登记",
            "新办纳税人涉税事项套餐",
        ],
        ev="startup social_security",
        steps=STEPS_SIMPLE,
        window=True,
    ),
    bundle(
        "BUNDLE-YGLY",
        "员工录用一件事",
        "ST-RSJ",
        ["就业登记", "职工社会保险增员登记", "职工基本医疗保险参保登记", "住房公积金个人账户设立"],
        ev="employment social_security",
        steps=STEPS_SIMPLE,
        window=True,
    ),
    bundle(
        "BUNDLE-QYZX",
        "企业注销一件事",
        "BU-STARTUP",
        [
            "企业注销登记",
            "清税证明开具",
            "单位社会保险注销登记",
            "住房公积金单位缴存注销登记",
            "印章缴销",
        ],
        ev="closure",
        window=True,
    ),
    bundle(
        "BUNDLE-QYJYZX",
        "企业简易注销一件事",
        "BU-STARTUP",
        ["企业简易注销登记", "清税证明开具", "单位社会保险注销登记", "住房公积金单位缴存注销登记"],
        ev="closure",
        steps=STEPS_SIMPLE,
        window=True,
    ),
    bundle(
        "BUNDLE-QYMCBG",
        "企业名称变更一件事",
        "BU-STARTUP",
        ["企业变更登记", SEAL, "食品经营许可变更", "公共场所卫生许可变更、延续"],
        ev="operation",
        window=True,
    ),
    bundle(
        "BUNDLE-QYXXBG",
        "企业信息变更一件事",
        "BU-STARTUP",
        [
            "企业变更登记",
            "企业备案（章程、董事、监事、高级管理人员、联络员）",
            "药品零售企业经营许可变更",
        ],
        ev="operation",
        steps=STEPS_SIMPLE,
    ),
]

CONSTRUCTION = [
    bundle(
        "BUNDLE-GCLXYD",
        "立项用地规划许可阶段一件事",
        "ST-FGJ",
        [
            "企业投资项目备案",
            "建设项目用地预审与选址意见书核发",
            "建设用地规划许可证核发",
            "国有建设用地使用权首次登记",
        ],
        ev="construction",
        window=True,
    ),
    bundle(
        "BUNDLE-GCJSXK",
        "工程建设许可阶段一件事",
        "ST-ZRJ",
        [
            "建设工程设计方案联合审查",
            "建设工程规划许可证核发",
            "建设工程消防设计审查",
            "应建防空地下室的民用建筑项目报建审批",
        ],
        ev="construction",
        window=True,
    ),
    bundle(
        "BUNDLE-GCSGXK",
        "施工许可阶段一件事",
        "ST-ZJJ",
        [
            "建筑工程施工许可证核发",
            "城市建筑垃圾处置核准",
            "占用、挖掘城市道路审批",
            "夜间施工作业审批",
        ],
        ev="construction",
        window=True,
        days=3,
        text="施工许可阶段由住房和城乡建设局牵头，施工图审查不作为施工许可的前置条件，3个工作日内办结",
    ),
    bundle(
        "BUNDLE-GCJGYS",
        "竣工验收阶段一件事",
        "ST-ZJJ",
        [
            "工程建设项目竣工联合验收",
            "建设工程竣工规划核实",
            "建设工程消防验收",
            "人民防空工程竣工验收备案",
            "建设工程竣工验收备案",
            "建设工程档案验收",
        ],
        ev="construction",
        window=True,
    ),
    bundle(
        "BUNDLE-SDQNBZ",
        "水电气暖联合报装一件事",
        "BU-CONS",
        ["供水报装", "供电报装", "燃气报装", "供热报装", "排水接入"],
        ev="construction operation",
        steps=STEPS_SIMPLE,
    ),
    bundle(
        "BUNDLE-YSJFZ",
        "竣工验收即办证一件事",
        "BU-CONS",
        [
            "工程建设项目竣工联合验收",
            "建设工程竣工验收备案",
            "国有建设用地使用权及房屋所有权首次登记",
        ],
        ev="construction housing",
    ),
    bundle(
        "BUNDLE-NDJKG",
        "拿地即开工一件事",
        "BU-CONS",
        [
            "国有建设用地使用权首次登记",
            "建设用地规划许可证核发",
            "建设工程设计方案联合审查",
            "建设工程规划许可证核发",
            "建筑工程施工许可证核发",
        ],
        ev="construction",
    ),
    bundle(
        "BUNDLE-ZFTZXM",
        "政府投资项目审批一件事",
        "ST-FGJ",
        [
            "政府投资项目审批（可行性研究报告）",
            "政府投资项目初步设计审批",
            "固定资产投资项目节能审查",
            "建设项目用地预审与选址意见书核发",
        ],
        ev="construction",
    ),
    bundle(
        "BUNDLE-QYTZHZ",
        "企业投资项目核准一件事",
        "ST-FGJ",
        [
            "投资项目代码赋码",
            "企业投资项目核准",
            "固定资产投资项目节能审查",
            "建设项目用地预审与选址意见书核发",
        ],
        ev="construction",
    ),
    bundle(
        "BUNDLE-HPPW",
        "环评排污取水一件事",
        "ST-STHJ",
        ["建设项目环境影响报告表审批", "排污许可证核发", "取水许可"],
        ev="construction",
    ),
    bundle(
        "BUNDLE-SSSP",
        "涉水审批一件事",
        "ST-SWJ",
        [
            "取水许可",
            "生产建设项目水土保持方案审批",
            "河道管理范围内建设项目工程建设方案审批",
            "拆除、改装、迁移城市公共供水设施审批",
        ],
        ev="construction",
    ),
    bundle(
        "BUNDLE-SLSG",
        "涉路施工一件事",
        "ST-JTJ",
        [
            "涉路施工许可",
            "公路建筑控制区内埋设管道、电缆等设施许可",
            "占用、挖掘城市道路审批",
            "城市桥梁上架设各类市政管线审批",
        ],
        ev="construction",
    ),
    bundle(
        "BUNDLE-LHSG",
        "园林绿化施工一件事",
        "ST-ZJJ",
        ["临时占用城市绿地审批", "砍伐、迁移城市树木审批", "占用、挖掘城市道路审批"],
        ev="construction",
    ),
]

PEOPLE = [
    bundle(
        "BUNDLE-XSECS",
        "新生儿出生一件事",
        "ST-WJJ",
        [
            "出生医学证明首次签发",
            "户口登记（出生登记）",
            "新生儿参加城乡居民基本医疗保险",
            "社会保障卡申领",
            "预防接种证办理",
        ],
        ev="birth",
        steps=STEPS_SIMPLE,
        window=True,
        text="出生医学证明、出生登记、医保参保、社保卡申领和预防接种证一次办好，新生儿父母只需跑一次",
    ),
    bundle(
        "BUNDLE-YCFW",
        "孕产服务一件事",
        "ST-WJJ",
        ["生育登记", "母子健康手册发放", "出生医学证明首次签发"],
        ev="birth",
        steps=STEPS_SIMPLE,
    ),
    bundle(
        "BUNDLE-RX",
        "入学一件事",
        "ST-JYJ",
        [
            "小学一年级入学报名",
            "户籍证明开具",
            "不动产登记信息查询",
            "居住证签注",
            "社会保障卡申领",
        ],
        ev="education",
        steps=STEPS_SIMPLE,
    ),
    bundle(
        "BUNDLE-LHJY",
        "灵活就业一件事",
        "ST-RSJ",
        [
            "就业登记",
            "灵活就业人员参保登记",
            "灵活就业人员社会保险费缴纳",
            "灵活就业社会保险补贴申领",
        ],
        ev="employment social_security",
        steps=STEPS_SIMPLE,
        window=True,
    ),
    bundle(
        "BUNDLE-SY",
        "失业一件事",
        "ST-RSJ",
        ["失业登记", "失业保险金申领", "就业创业证申领", "城乡居民基本医疗保险参保登记"],
        ev="employment",
        steps=STEPS_SIMPLE,
    ),
    bundle(
        "BUNDLE-TX",
        "退休一件事",
        "ST-RSJ",
        [
            "职工基本养老保险退休待遇申领",
            "职工基本医疗保险退休人员待遇核定",
            "离休、退休提取住房公积金",
            "领取养老保险待遇资格认证",
        ],
        ev="social_security elderly",
        window=True,
    ),
    bundle(
        "BUNDLE-SHS",
        "逝者身后一件事",
        "ST-MZJ",
        [
            "死亡人员户口注销",
            "基本殡葬服务费用减免",
            "企业职工丧葬补助金和抚恤金申领",
            "职工死亡提取住房公积金",
            "继承、受遗赠不动产转移登记",
        ],
        ev="social_security",
        window=True,
        text="户口注销、殡葬费用减免、丧葬补助和抚恤金、公积金提取和不动产继承一次告知、一窗受理，家属少跑腿",
    ),
    bundle(
        "BUNDLE-HY",
        "婚育一件事",
        "ST-MZJ",
        ["内地居民结婚登记", "户口迁入（投靠、购房、就业落户）", "生育登记", "母子健康手册发放"],
        ev="marriage birth",
        steps=STEPS_SIMPLE,
    ),
    bundle(
        "BUNDLE-ESFGH",
        "二手房转移登记及水电气过户一件事",
        "ST-BDC",
        [
            "存量房买卖合同网签备案",
            "存量房交易税费申报缴纳",
            "二手房转移登记",
            "供水过户",
            "供电过户",
            "燃气过户",
        ],
        ev="housing",
        window=True,
        days=1,
        text="网签、缴税、登记和水电气过户一窗受理、并联办理，当日领取不动产权证书",
    ),
    bundle(
        "BUNDLE-XJSPF",
        "新建商品房转移登记一件事",
        "ST-BDC",
        [
            "商品房买卖合同网签备案",
            "新建商品房契税申报缴纳",
            "商品房预告登记",
            "新建商品房转移登记",
        ],
        ev="housing",
        window=True,
    ),
    bundle(
        "BUNDLE-GJJGF",
        "公积金贷款购房一件事",
        "ST-GJJ",
        [
            "商品房买卖合同网签备案",
            "新建商品房契税申报缴纳",
            "住房公积金个人住房贷款",
            "购买自住住房提取住房公积金",
        ],
        ev="housing",
    ),
    bundle(
        "BUNDLE-CJR",
        "残疾人服务一件事",
        "ST-MZJ",
        [
            "困难残疾人生活补贴和重度残疾人护理补贴",
            "就业困难人员认定",
            "城乡居民基本养老保险参保登记",
        ],
        ev="social_security",
        steps=STEPS_SIMPLE,
    ),
    bundle(
        "BUNDLE-LNFL",
        "老年人福利一件事",
        "ST-MZJ",
        [
            "老年人优待证办理",
            "高龄津贴申领",
            "城乡居民基本养老保险待遇申领",
            "领取养老保险待遇资格认证",
        ],
        ev="elderly",
        steps=STEPS_SIMPLE,
    ),
    bundle(
        "BUNDLE-JRTY",
        "军人退役一件事",
        "ST-TYJR",
        [
            "退役士兵报到",
            "户口迁入（投靠、购房、就业落户）",
            "退役军人优待证申领",
            "退役士兵自主就业一次性经济补助金发放",
        ],
        ev="employment social_security",
    ),
    bundle(
        "BUNDLE-SHJZ",
        "社会救助一件事",
        "ST-MZJ",
        ["最低生活保障审核确认", "临时救助", "医疗救助待遇申请"],
        ev="social_security",
    ),
    bundle(
        "BUNDLE-CY",
        "创业一件事",
        "ST-RSJ",
        [
            "个体工商户设立登记",
            "创业担保贷款申请",
            "一次性创业补贴申领",
            "就业创业证申领",
            "灵活就业人员参保登记",
        ],
        ev="employment startup",
    ),
    bundle(
        "BUNDLE-NCJF",
        "农村建房一件事",
        "ST-NYJ",
        ["农村村民宅基地审批", "乡村建设规划许可证核发", "宅基地使用权及房屋所有权首次登记"],
        ev="agriculture housing",
    ),
    bundle(
        "BUNDLE-JTNC",
        "家庭农场开办一件事",
        "ST-NYJ",
        ["家庭农场名录登记", "耕地地力保护补贴", "农村土地经营权流转合同备案"],
        ev="agriculture startup",
        steps=STEPS_SIMPLE,
    ),
    bundle(
        "BUNDLE-CXJMCB",
        "城乡居民参保一件事",
        "ST-RSJ",
        [
            "城乡居民基本养老保险参保登记",
            "城乡居民基本医疗保险参保登记",
            "城乡居民基本养老保险费缴纳",
            "城乡居民基本医疗保险费缴纳",
            "社会保障卡申领",
        ],
        ev="social_security medical",
        steps=STEPS_SIMPLE,
        window=True,
    ),
    bundle(
        "BUNDLE-HKQR",
        "户口迁入一件事",
        "ST-GAFJ",
        [
            "户口迁入（投靠、购房、就业落户）",
            "居民身份证换领、补领",
            "城乡居民基本医疗保险参保登记",
        ],
        ev="residence",
        steps=STEPS_SIMPLE,
    ),
    bundle(
        "BUNDLE-YLBX",
        "医疗费用报销一件事",
        "ST-YBJ",
        ["医疗费用零星报销", "医疗救助待遇申请", "门诊慢特病待遇认定", "医疗保险参保凭证打印"],
        ev="medical",
    ),
    bundle(
        "BUNDLE-CRJ",
        "出入境证件办理一件事",
        "ST-GAFJ",
        ["普通护照签发", "往来港澳通行证及签注签发", "无犯罪记录证明开具"],
        ev="transport",
        steps=STEPS_SIMPLE,
    ),
]

BUNDLES = [*ENTERPRISE, *OPENINGS, *CONSTRUCTION, *PEOPLE]
