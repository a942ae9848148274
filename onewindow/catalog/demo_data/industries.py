"""The 20 pilot industries of 一业一证 (the seed), each replacing 2–5 permits of the catalogue.

The one-time notice (一次告知) is written by the loader from the replaced items' merged
materials, so that it always matches the catalogue.
"""

# (code, industry, lead department, replaced item names, promised working days)
INDUSTRIES = [
    (
        "YYYZ-CY",
        "餐饮",
        "BU-MARKET",
        [
            "食品经营许可",
            "城镇污水排入排水管网许可",
            "设置大型户外广告及在城市建筑物、设施上悬挂张贴宣传品审批",
        ],
        3,
    ),
    ("YYYZ-BLD", "便利店", "BU-MARKET", ["食品经营许可", "烟草专卖零售许可"], 3),
    (
        "YYYZ-YD",
        "药店",
        "BU-MARKET",
        ["药品零售企业经营许可", "第二类医疗器械经营备案", "食品经营许可"],
        5,
    ),
    (
        "YYYZ-CS",
        "超市",
        "BU-MARKET",
        ["食品经营许可", "烟草专卖零售许可", "第二类医疗器械经营备案", "出版物零售业务经营许可"],
        5,
    ),
    (
        "YYYZ-BG",
        "宾馆",
        "BU-SOCIAL",
        ["旅馆业特种行业许可证核发", "公共场所卫生许可", "食品经营许可"],
        5,
    ),
    ("YYYZ-MRMF", "美容美发", "BU-SOCIAL", ["公共场所卫生许可", "城镇污水排入排水管网许可"], 3),
    (
        "YYYZ-JSF",
        "健身房",
        "BU-SOCIAL",
        ["高危险性体育项目经营许可（游泳）", "公共场所卫生许可"],
        5,
    ),
    ("YYYZ-SD", "书店", "BU-SOCIAL", ["出版物零售业务经营许可", "仅销售预包装食品备案"], 3),
    ("YYYZ-YJD", "烟酒店", "BU-MARKET", ["烟草专卖零售许可", "仅销售预包装食品备案"], 3),
    ("YYYZ-MYD", "母婴用品店", "BU-MARKET", ["食品经营许可", "第二类医疗器械经营备案"], 3),
    ("YYYZ-YJ", "眼镜店", "BU-MARKET", ["第二类医疗器械经营备案", "计量器具强制检定备案"], 3),
    (
        "YYYZ-XY",
        "洗浴",
        "BU-SOCIAL",
        ["公共场所卫生许可", "城镇污水排入排水管网许可", "特种设备使用登记"],
        5,
    ),
    (
        "YYYZ-GWYL",
        "歌舞娱乐",
        "BU-SOCIAL",
        ["娱乐场所经营许可", "公共场所卫生许可", "食品经营许可"],
        5,
    ),
    ("YYYZ-WB", "网吧", "BU-SOCIAL", ["互联网上网服务营业场所经营许可", "仅销售预包装食品备案"], 5),
    (
        "YYYZ-DYY",
        "电影院",
        "BU-SOCIAL",
        ["电影放映单位设立审批", "公共场所卫生许可", "食品经营许可"],
        5,
    ),
    (
        "YYYZ-TY",
        "幼儿园托育",
        "BU-SOCIAL",
        ["民办学校办学许可（幼儿园）", "托育机构备案", "食品经营许可"],
        10,
    ),
    (
        "YYYZ-XXJG",
        "小型加工",
        "BU-MARKET",
        ["食品小作坊登记", "固定污染源排污登记", "城镇污水排入排水管网许可"],
        5,
    ),
    (
        "YYYZ-QXWX",
        "汽车维修",
        "ST-JTJ",
        ["机动车维修经营备案", "城镇污水排入排水管网许可", "固定污染源排污登记"],
        3,
    ),
    (
        "YYYZ-JYZ",
        "加油站",
        "BU-MARKET",
        ["危险化学品经营许可", "仅销售预包装食品备案", "烟草专卖零售许可", "特种设备使用登记"],
        10,
    ),
    (
        "YYYZ-MS",
        "民宿",
        "BU-SOCIAL",
        ["旅馆业特种行业许可证核发", "公共场所卫生许可", "食品经营许可"],
        5,
    ),
]
