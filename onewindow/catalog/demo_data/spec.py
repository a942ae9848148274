"""The shared vocabulary of the demo catalogue: materials, form fields and the item shape.

Materials are named by their standard type (MaterialType), so that a bundle asks for a
material several of its items need only once. A material written "name|type" has its
own name but a shared type ("执业药师注册证|专业技术人员资格证明"); a trailing "*"
marks it eligible for 容缺受理 (non-core: may follow after acceptance), a trailing "?"
marks it optional. The plain name "申请表" becomes "<item name>申请表". A material not in
MATERIALS is an original, one copy, supplied by the applicant.
"""

# name -> (form, copies, source, note)
MATERIALS = {
    # --- people -------------------------------------------------------------------
    "居民身份证": ("original", 1, "government", "核验原件，可通过电子证照免提交"),
    "户口簿": ("original", 1, "government", "核验原件"),
    "结婚证": ("original", 1, "government", "核验原件，可通过电子证照免提交"),
    "离婚证": ("original", 1, "government", ""),
    "出生医学证明": ("original", 1, "government", "新生儿出生医学证明"),
    "死亡医学证明": ("original", 1, "other", "医疗机构出具或公安机关出具的死亡证明"),
    "火化证明": ("original", 1, "other", "殡仪馆出具"),
    "近期免冠照片": ("original", 2, "applicant", "近期二寸白底免冠彩色照片"),
    "社会保障卡": ("original", 1, "government", "可使用电子社保卡"),
    "银行账户信息": ("copy", 1, "applicant", "本人社会保障卡金融账户或银行卡"),
    "劳动合同": ("copy", 1, "applicant", ""),
    "医疗费用票据": ("original", 1, "other", "医疗机构出具的收费票据及费用明细"),
    "诊断证明": ("original", 1, "other", "二级及以上医疗机构出具"),
    "残疾人证": ("original", 1, "government", "第二代残疾人证"),
    "学历证书": ("copy", 1, "government", "可通过学信网在线核验"),
    "家庭经济状况声明": ("original", 1, "applicant", "含家庭成员收入、财产情况，并签字"),
    "居住证明": ("original", 1, "applicant", "居住证或房屋产权证明、租赁合同"),
    "退役证明": ("copy", 1, "government", "退出现役证或退伍证"),
    "机动车驾驶证": ("original", 1, "government", ""),
    "机动车行驶证": ("original", 1, "government", ""),
    "不动产权证书": ("original", 1, "government", "不动产权证书或房屋所有权证、土地使用权证"),
    "房屋买卖合同": ("original", 1, "applicant", "经网签备案的合同"),
    "完税凭证": ("copy", 1, "government", "税务部门已共享的可免提交"),
    # --- everyone -----------------------------------------------------------------
    "申请表": ("original", 1, "applicant", "可在线填写，现场签字确认"),
    "授权委托书": ("original", 1, "applicant", "委托他人办理的提供，并提交受托人身份证件"),
    "告知承诺书": ("original", 1, "applicant", "按告知承诺制办理，申请人签字（盖章）"),
    # --- enterprises --------------------------------------------------------------
    "营业执照": ("copy", 1, "government", "可通过电子营业执照免提交"),
    "法定代表人身份证明": ("original", 1, "applicant", "法定代表人（负责人）身份证件"),
    "章程": ("original", 1, "applicant", "全体股东（发起人、成员）签署"),
    "股东主体资格证明": ("copy", 1, "applicant", "自然人股东提交身份证件"),
    "房屋产权证明或租赁合同": ("copy", 1, "applicant", "住所（经营场所）使用证明"),
    "场所平面图": ("original", 1, "applicant", "标明功能分区、面积及主要设施布局"),
    "设施设备清单": ("original", 1, "applicant", "主要设施设备名称、数量及位置"),
    "管理制度": ("original", 1, "applicant", "质量安全、卫生或安全管理制度文本"),
    "健康证明": ("copy", 1, "other", "从业人员有效健康证明"),
    "专业技术人员资格证明": ("copy", 1, "government", "从业或执业资格证书、职称证书"),
    "安全生产许可证": ("copy", 1, "government", "施工企业安全生产许可证"),
    "企业资质证书": ("copy", 1, "government", ""),
    "财务审计报告": ("copy", 1, "intermediary", "上一年度财务审计报告"),
    "车辆清单": ("original", 1, "applicant", "车辆号牌、类型及行驶证信息"),
    # --- construction projects ----------------------------------------------------
    "项目立项文件": ("copy", 1, "government", "项目备案证明、核准或审批文件"),
    "用地批准文件": ("copy", 1, "government", "不动产权证书或建设用地批准书"),
    "建设工程规划许可证": ("copy", 1, "government", "含附件及附图"),
    "施工合同": ("copy", 1, "applicant", "建设单位与施工单位签订"),
    "中标通知书": ("copy", 1, "applicant", "依法必须招标的项目提供"),
    "施工图设计文件": ("original", 1, "intermediary", "设计单位出具，加盖出图章"),
    "设计方案": ("original", 1, "intermediary", "总平面图及建筑方案"),
    "可行性研究报告": ("original", 1, "intermediary", "项目申请报告或可行性研究报告"),
    "环境影响评价文件": ("original", 1, "intermediary", "环境影响报告书（表）"),
    "测绘成果报告": ("original", 1, "intermediary", "具有测绘资质的单位出具"),
    "竣工验收报告": ("original", 1, "applicant", "建设单位组织五方主体验收后出具"),
    "工程质量检测报告": ("original", 1, "intermediary", "具有资质的检验检测机构出具"),
    "建筑工程施工许可证": ("copy", 1, "government", "可通过电子证照免提交"),
    # --- other documents several items ask for ------------------------------------
    "产品合格证明": ("copy", 1, "other", "生产厂家出具的产品合格证"),
    "病历资料": ("copy", 1, "other", "门诊或住院病历、检查报告"),
    "继承证明": ("original", 1, "other", "继承权公证书、生效法律文书或继承人共同签署的材料"),
    "抵押合同": ("original", 1, "applicant", "抵押权人与抵押人签订"),
    "清税证明": ("original", 1, "government", "税务部门已共享的可免提交"),
    "就业创业证": ("original", 1, "government", "可使用电子就业创业证"),
    "退休证明": ("copy", 1, "government", "退休审批表或养老金领取证明，系统可查询的免提交"),
    "土地承包经营权证": ("copy", 1, "government", "农村土地承包经营权证或承包合同"),
    "动物防疫条件合格证": ("copy", 1, "government", ""),
    "不动产登记证明": ("original", 1, "government", "不动产登记证明（抵押权）"),
    "参保凭证": ("original", 1, "government", "参保地医保经办机构出具，可网上开具"),
    "入伍通知书": ("copy", 1, "government", ""),
}

# key -> (label, field type, max_length, choices)
FIELDS = {
    "applicant_name": ("申请人姓名", "text", 50, ()),
    "id_number": ("身份证号码", "id_number", 18, ()),
    "phone": ("联系电话", "phone", 20, ()),
    "address": ("联系地址", "text", 200, ()),
    "gender": ("性别", "choice", 10, ("男", "女")),
    "company_name": ("单位名称", "text", 100, ()),
    "uscc": ("统一社会信用代码", "uscc", 18, ()),
    "legal_rep": ("法定代表人", "text", 50, ()),
    "contact_name": ("联系人", "text", 50, ()),
    "business_address": ("经营场所", "text", 200, ()),
    "business_scope": ("经营项目", "long_text", 1000, ()),
    "area": ("经营场所面积（平方米）", "number", 20, ()),
    "staff_count": ("从业人员数（人）", "number", 20, ()),
    "proposed_name": ("拟设立名称", "text", 100, ()),
    "registered_capital": ("注册资本（万元）", "number", 20, ()),
    "company_type": (
        "企业类型",
        "choice",
        20,
        ("有限责任公司", "股份有限公司", "个人独资企业", "合伙企业"),
    ),
    "project_name": ("项目名称", "text", 200, ()),
    "project_code": ("项目代码", "text", 50, ()),
    "project_address": ("建设地点", "text", 200, ()),
    "building_area": ("建筑面积（平方米）", "number", 20, ()),
    "investment": ("总投资（万元）", "number", 20, ()),
    "contract_price": ("合同价格（万元）", "number", 20, ()),
    "start_date": ("计划开工日期", "date", 20, ()),
    "contractor": ("施工单位", "text", 100, ()),
    "child_name": ("新生儿姓名", "text", 50, ()),
    "birth_date": ("出生日期", "date", 20, ()),
    "spouse_name": ("配偶姓名", "text", 50, ()),
    "spouse_id_number": ("配偶身份证号码", "id_number", 18, ()),
    "deceased_name": ("逝者姓名", "text", 50, ()),
    "death_date": ("死亡日期", "date", 20, ()),
    "property_address": ("不动产坐落", "text", 200, ()),
    "property_number": ("不动产权证号", "text", 50, ()),
    "plate_number": ("车辆号牌", "text", 20, ()),
    "school_name": ("学校名称", "text", 100, ()),
    "amount": ("申请金额（元）", "number", 20, ()),
    "bank_account": ("银行账号", "text", 30, ()),
    "reason": ("申请事由", "long_text", 500, ()),
    "household_size": ("家庭人口数", "number", 10, ()),
    "building_count": ("单体栋数", "number", 10, ()),
    "insured_type": ("参保类型", "choice", 20, ("职工", "城乡居民", "灵活就业人员")),
    "destination": ("就医地或转入地", "text", 100, ()),
    "village": ("所在村（社区）", "text", 100, ()),
    "land_area": ("面积（亩）", "number", 20, ()),
    "retire_date": ("退休日期", "date", 20, ()),
    "employer": ("工作单位", "text", 100, ()),
    "veteran_type": ("人员类别", "choice", 20, ("退役士兵", "军队转业干部", "其他")),
}

PERSON_FIELDS = ("applicant_name", "id_number", "phone")
ORG_FIELDS = ("company_name", "uscc", "legal_rep", "phone")

# Standard processes by kind; an item may give its own.
STEPS = {
    "licence": ("申请", "受理", "审查", "决定", "送达"),
    "confirmation": ("申请", "受理", "审核", "办结"),
    "payment": ("申请", "受理", "审核", "发放"),
    "adjudication": ("申请", "受理", "审查", "裁决", "送达"),
    "reward": ("申报", "审核", "公示", "决定"),
    "other_power": ("申请", "受理", "审查", "决定"),
    "public_service": ("申请", "受理", "办结"),
    "instant": ("申请", "系统核验", "办结"),
}
STEP_TEXT = {
    "申请": "申请人通过网上大厅、自助终端或窗口提交申请",
    "申报": "申请人提交申报材料",
    "受理": "窗口对材料进行形式审查，符合条件的当场受理，不符合的一次性告知",
    "审查": "审批人员对申请材料进行实质审查，需要现场核查的组织核查",
    "审核": "经办人员核对申请信息和材料",
    "决定": "作出准予或不予许可的书面决定",
    "裁决": "依法作出裁决决定",
    "公示": "对拟奖励对象进行公示",
    "送达": "通过窗口领取或免费邮寄送达，同步生成电子证照",
    "办结": "办理完成，结果通过窗口、邮寄或电子方式送达",
    "发放": "核定待遇并按月（次）发放至本人账户",
    "系统核验": "系统依据共享数据自动核验，核验通过即时办结",
}

# Code kind prefix -> ItemKind value ("37050200ZJJ-XK-0001": XK = 行政许可).
KIND_BY_PREFIX = {
    "XK": "licence",
    "QR": "confirmation",
    "GF": "payment",
    "CJ": "adjudication",
    "JL": "reward",
    "QT": "other_power",
    "GG": "public_service",
}


def item(code, name, who, law, mats, days, **extra) -> dict:
    """One item in the demo's short form.

    who: "p" person, "o" organisation, "b" both. days: (statutory, promised) working days.
    extra: fields (extra form-field keys), ev (life events), L (list tags: C 容缺受理,
    H 高频民生, I 秒批秒办, T/M/V 下沉 to town/community/village), cond, scope, fee
    ((amount, basis)), steps, visits.
    """
    allowed = {"fields", "ev", "L", "cond", "scope", "fee", "steps", "visits"}
    unknown = set(extra) - allowed
    if unknown:
        raise ValueError(f"{code}: unknown keys {sorted(unknown)}")
    return {"code": code, "name": name, "who": who, "law": law, "mats": mats, "days": days, **extra}
