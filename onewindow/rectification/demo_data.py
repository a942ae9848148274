"""The seed's inspection as plain data: 区委第三巡察组, 4 categories (方面), 18 problems.

Everything here comes from the seed document (../shared/seed, 中共东营区行政审批服务局党组关于
巡察整改进展情况的通报): the problems' titles in its order; one measure per "一是/二是…" of
each problem's 整改落实情况, in the seed's own words; the documents it names, of which only
the two that its section 一 lists as 制度 are outputs of kind 制度 (so the report's
"制定出台了…等制度" names the same two); and the states it states: 11 measures closed (销号)
so far — those whose text says the work is done (a plan issued, a centre set up, 49 kiosks
installed, the cadres filed, the 2018 tax-window case 已整改到位, the risk points
已全面摸排完成, the audit rule made in April, the missing assets entered) — the rest in
progress or ongoing (长期坚持). Problem 13's 8 identical talk records ended in 批评教育 of
the staff concerned: one accountability record.

The responsible units are the bureau's units of org/demo_data.py (by code); the leaders
are the demo's 局领导 (陈建国, accounts/demo.py) and 党组成员 (孙红梅) and one more deputy.
"""

from datetime import date

INSPECTION = {
    "title": "区委第三巡察组巡察东营区行政审批服务局党组反馈意见整改",
    "round_name": "2019年区委巡察",
    "inspection_group": "区委第三巡察组",
    "inspected_unit": "中共东营区行政审批服务局党组",
    "period_start": date(2019, 9, 23),
    "period_end": date(2019, 12, 27),
    "feedback_on": date(2020, 3, 26),
}
# The leaders' party-group meeting that took up the feedback (the ledger starts there).
LEDGER_STARTED_ON = date(2020, 3, 30)

SECRETARY = "陈建国"  # 局党组书记、局长 (the demo's leader account)
PARTY_MEMBER = "孙红梅"  # 党组成员 (the demo's party-member account)
DEPUTY = "王立新"  # 党组成员、副局长 (分管工程建设和大厅)

CATEGORIES = [
    "政治建设和思想建设方面",
    "组织建设和作风建设方面",
    "纪律建设和夺取反腐败斗争压倒性胜利方面",
    # The seed's fourth heading holds no numbered problem: no clues or petitions came.
    "区委巡察组移交立行立改问题、问题线索和信访件的办理情况",
]

IMMEDIATE, BY_DEADLINE, ONGOING = "immediate", "by_deadline", "ongoing"
DUE = {
    IMMEDIATE: date(2020, 4, 30),
    BY_DEADLINE: date(2020, 5, 26),  # the report deadline: 2 months after the feedback
    ONGOING: date(2020, 12, 31),
}


def m(
    content, unit, kind, leader, *, due=None, closed_on=None, outputs=(), target=None, update=None
):
    """One measure: the seed's words, its unit (org code), kind, leader; closed_on when 销号."""
    return {
        "content": content,
        "unit": unit,
        "kind": kind,
        "leader": leader,
        "due": due or DUE[kind],
        "closed_on": closed_on,
        "outputs": list(outputs),
        "target": target,
        "update": update,
    }


def rule(title, issued_on=None, number=""):
    return {"kind": "rule", "title": title, "issued_on": issued_on, "document_number": number}


def other(title, issued_on=None, number=""):
    return {"kind": "other", "title": title, "issued_on": issued_on, "document_number": number}


def document(title, issued_on=None, number=""):
    return {"kind": "document", "title": title, "issued_on": issued_on, "document_number": number}


# (category index, title, measures) in the seed's order; numbers are 1..18 in this order.
PROBLEMS = [
    (
        0,
        "关于推进“一次办好”改革的力度还不够大问题",
        [
            m(
                "扎实推进民生服务改革，牵头起草出台了《关于印发<东营区“容缺受理”事项清单>"
                "<东营区区级“一链办理”事项清单>等系列清单的通知》，组织区直各部门单位梳理了85项"
                "“一链办理”事项，190项“容缺受理”事项，101项“高频民生”服务事项，108项下沉公共服务"
                "事项，47项“秒批秒办”事项。推动17项一链办理事项在区政务服务中心综合窗口办理，编制"
                "《一件事·一链办理办事指南》，推行“一套材料、一张表单、一个流程”，将“一链办理”事项"
                "办理环节压减至4个环节以内，提交材料在现有基础上缩减50%以上",
                "BU-REFORM",
                BY_DEADLINE,
                SECRETARY,
                outputs=[
                    document(
                        "关于印发<东营区“容缺受理”事项清单><东营区区级“一链办理”事项清单>等系列清单的通知"
                    ),
                    document("一件事·一链办理办事指南"),
                ],
            ),
            m(
                "开展“一业一证”改革，结合目前正在推进的“证照联办”工作，创新服务模式，再造审批流程，"
                "对餐饮、便利店、药店等20个行业试点“一业一证”改革，截至目前，已为7家企业颁发行业综合"
                "许可证",
                "BU-MARKET",
                BY_DEADLINE,
                DEPUTY,
                due=date(2020, 6, 30),
            ),
        ],
    ),
    (
        0,
        "关于实施“一窗受理”的机制仍不够健全问题",
        [
            m(
                "企业开办方面，开设“企业开办一窗通专区”及“一窗通自助服务区”，提供企业注册、刻章、"
                "税务、银行一站式服务，企业开办已经压减为2个环节，一个工作日内办结",
                "BU-STARTUP",
                IMMEDIATE,
                SECRETARY,
                closed_on=date(2020, 4, 28),
                outputs=[rule("东营区行政审批服务局关于“一窗受理”审批管理暂行办法")],
                target=("startup_within_1_workday", "gte", 90),
            ),
            m(
                "积极打造工程建设项目服务专区，将工程建设项目审批划分为立项用地规划许可阶段、工程建设"
                "许可阶段、施工许可阶段、竣工验收阶段4个阶段分别受理，设置6个综合窗口，推进并联办理，"
                "各审批阶段均实行“一份办事指南，一张申请表单，一套申报材料，完成多项审批”的运作模式，"
                "覆盖工程建设项目全流程；将7个行政审批部门的47个审批事项全部纳入“东营市工程建设项目"
                "审批系统”线上运行，政府投资项目审批、建筑工程施工许可证核发已经实现网上申请、审批"
                "全程电子化办理。简化施工图审查不再将施工图审查做为建筑工程施工许可证办理的必要条件，"
                "建筑工程施工许可证核发实现网上申请、审批，办理时间控制在3个工作日。2020年以来，办理"
                "完成投资项目备案509件、核准3件和审批76件、建筑工程施工许可证（质量安全监督合并）86件、"
                "商品房预售4件、房地产开发企业资质16件、竣工验收备案228栋单体、初步设计和抗震设防审查"
                "3件（7月底已取消该事项）、建筑企业资质11件",
                "BU-CONS",
                BY_DEADLINE,
                DEPUTY,
                due=date(2020, 6, 30),
                target=("construction_permit_within_3_workdays", "gte", 90),
            ),
            m(
                "经认真自查，全区重点项目涉及我局审批事项，均根据全区调度安排，依法依规依申请完成相关"
                "审批事项办理，无拖靠情况",
                "BU-CONS",
                ONGOING,
                DEPUTY,
            ),
        ],
    ),
    (
        0,
        "关于发扬“店小二”精神效果还不够明显，窗口服务人员奉献意识欠佳问题",
        [
            m(
                "加强大厅管理规范化建设，严格执行日巡查、月通报、季考核、年终总评的督查考核工作机制",
                "BU-HALL",
                ONGOING,
                DEPUTY,
                update=(
                    date(2020, 7, 15),
                    "加强大厅管理规范化建设。严格执行日巡查、月通报、季考核、年终总评的督查考核工作"
                    "机制，坚持每天四次不定期巡查，重点督查迟到、早退、空岗、服务态度、文明语言、办事"
                    "效率等服务管理事项，每半月将考勤情况予以公示，每季度末将季度考核情况量化以后通报"
                    "全区，今年以来，共完成政务中心工作考核通报11期，通过加大督查力度，进一步提升了"
                    "工作效率",
                ),
            ),
            m(
                "部分窗口单位已实行了窗口工作人员绩效考核管理，有效提升窗口人员工作积极性",
                "BU-HALL",
                BY_DEADLINE,
                DEPUTY,
                due=date(2020, 6, 30),
            ),
            m(
                "加大“停车难”问题推进力度。今年5月份，区行政审批服务局主要领导针对“停车难”问题向区"
                "领导做了专题汇报。区行政审批服务局采取了开放政务服务大厅西侧小广场作为停车场供办事"
                "群众使用、增加保安人员引导办事群众有序停车等方式缓解“停车难”问题；进一步与东营市"
                "文旅集团协调，全面开放东停车场供办事群众停车",
                "BU-OFFICE",
                BY_DEADLINE,
                SECRETARY,
                due=date(2020, 6, 30),
            ),
        ],
    ),
    (
        0,
        "关于制定出台“拿地即开工”改革文件不及时问题",
        [
            m(
                "区行政审批服务局牵头起草的《东营区社会投资工程建设项目“拿地即开工”实施方案》已于"
                "2019年10月16日由区政府办公室印发公布",
                "BU-CONS",
                IMMEDIATE,
                DEPUTY,
                closed_on=date(2020, 4, 3),
                outputs=[
                    document("东营区社会投资工程建设项目“拿地即开工”实施方案", date(2019, 10, 16))
                ],
            ),
            m(
                "7个部门的47个审批事项已全部纳入“东营市工程建设项目审批系统”线上运行，2020年6月份，"
                "区行政审批服务局牵头组织召开工程建设项目审批制度改革工作调度会，对工改工作开展情况"
                "进行了通报，要求各责任单位全面应用工程建设项目审批系统，推进网上全过程审批，实施"
                "全流程网上监管，自此定期对工改工作进展情况进行通报",
                "BU-CONS",
                ONGOING,
                DEPUTY,
            ),
        ],
    ),
    (
        0,
        "关于落实帮办代办制度效果不理想问题",
        [
            m(
                "成立了帮办代办服务中心，安排2名人员受理帮办代办相关业务事宜。依托各专业窗口，设立了"
                "11个代办服务小组（包括企业开办、工程建设、社会事务、涉农事务、文教卫生、不动产、住建、"
                "税务、公积金、人社、医保等），各代办小组安排具体工作人员负责具体代办事宜",
                "BU-AGENT",
                IMMEDIATE,
                SECRETARY,
                closed_on=date(2020, 4, 24),
            ),
            m(
                "完善帮办代办服务制度，制定《东营区行政审批服务局重大项目订制工作实施方案》（讨论稿），"
                "对投资建设、重大工程和招商引资项目提供订制化个性服务",
                "BU-AGENT",
                BY_DEADLINE,
                SECRETARY,
                due=date(2020, 6, 30),
                outputs=[document("东营区行政审批服务局重大项目订制工作实施方案")],
            ),
            m(
                "对全区130个重点项目分解，由5个代办服务小组（企业开办、工程建设、社会事务、涉农事务、"
                "文教卫生）承接，对重点项目提前介入，提供政策咨询",
                "BU-AGENT",
                ONGOING,
                SECRETARY,
            ),
        ],
    ),
    (
        0,
        "关于指导监督便民服务中心建设缺少硬招实招问题",
        [
            m(
                "继续下沉服务事项。牵头组织区直各部门、单位对照各自承担的公共服务事项，梳理制定"
                "《东营区下沉公共服务事项清单》，积极推进“就近办”工作",
                "BU-GRASS",
                BY_DEADLINE,
                PARTY_MEMBER,
                outputs=[document("东营区下沉公共服务事项清单")],
            ),
            m(
                "开展标准化建设，提升基层便民服务体系。根据摸排调研，全区共有8个镇街级便民服务中心、"
                "59个社区级便民服务中心、22个村级便民服务站（点），服务范围实现了全覆盖。出台《东营区"
                "推进村（社区）便民服务标准化试点工作方案》，确定10个基层便民服务站点作为试点，以"
                "“六有一能”（有场所、有人员、有制度、有网络、有设备、有经费、能办事）为基本要求，从"
                "基础设施、工作职责、服务事项、服务规范四大方面全面推进基层便民服务体系建设，开展代缴、"
                "代办、代理及政策咨询等便民公共服务",
                "BU-GRASS",
                BY_DEADLINE,
                PARTY_MEMBER,
                due=date(2020, 9, 30),
                outputs=[document("东营区推进村（社区）便民服务标准化试点工作方案")],
            ),
            m(
                "实施“政务服务便民智能化项目”，目前，49台智能化自助服务终端已全部安装调试完成，分别"
                "布设在区政务服务大厅、8个镇街便民服务中心及25个试点社区，覆盖规模居全省首位",
                "BU-GRASS",
                BY_DEADLINE,
                PARTY_MEMBER,
                closed_on=date(2020, 6, 19),
                due=date(2020, 6, 30),
                update=(
                    date(2020, 6, 19),
                    "实施“政务服务便民智能化项目”，目前，49台智能化自助服务终端已全部安装调试完成，"
                    "分别布设在区政务服务大厅、8个镇街便民服务中心及25个试点社区，覆盖规模居全省首位",
                ),
            ),
            m(
                "依托山东省政务服务网，建设网上便民服务大厅，已开设284个村（社区）分厅，完善网上便民"
                "服务大厅“查、问、办”功能，推动政务服务向基层延伸，打通政务服务“最后一公里”",
                "BU-GRASS",
                ONGOING,
                PARTY_MEMBER,
            ),
        ],
    ),
    (
        0,
        "关于学习形式较为单一，结合实际不紧密问题",
        [
            m(
                "建立党组会议“第一议题”制度，明确把学习习近平总书记有关重要论述以及各级重要文件精神"
                "作为党组会议第一议题，做好与工作实际结合",
                "BU-PARTY",
                ONGOING,
                SECRETARY,
                outputs=[other("党组会议“第一议题”制度")],
            ),
            m(
                "制定《东营区行政审批服务局党组理论学习中心组2020年理论学习安排意见》，安排10个学习"
                "专题，进一步规范学习内容、组织形式等环节，今年以来共组织党组理论学习中心组专题学习"
                "研讨8次，开展实地调研3次",
                "BU-PARTY",
                ONGOING,
                SECRETARY,
                outputs=[document("东营区行政审批服务局党组理论学习中心组2020年理论学习安排意见")],
            ),
            m(
                "结合党员集中学习安排，组织广大干部职工认真学习上级政策，不断提升干部理论水平。3月31日，"
                "组织干部职工认真学习全国深化“放管服”改革优化营商环境电视电话会议精神、中办国办印发的"
                "《关于深入推进审批服务便民化的指导意见》和省委、省政府两办印发的《关于深化“一次办好”"
                "改革深入推进审批服务便民化实施方案》",
                "BU-PARTY",
                ONGOING,
                PARTY_MEMBER,
            ),
            m(
                "充分利用“学习强国”开展自学，干部职工利用“学习强国”每天开展“碎片化”学习，以学习小组"
                "为单位，实行帮学制度，形成良好的学习氛围",
                "BU-PARTY",
                ONGOING,
                PARTY_MEMBER,
            ),
        ],
    ),
    (
        1,
        "关于谋划研究党建工作偏少问题",
        [
            m(
                "抓实党建工作，先后召开支部委员会和党组会议，专题研究部署2020年党建工作，制定了2020年"
                "党建工作要点，明确了责任分工",
                "BU-PARTY",
                BY_DEADLINE,
                SECRETARY,
                outputs=[document("2020年党建工作要点")],
            ),
            m(
                "严格按照要求贯彻落实好基层党建作责任清单，主要领导严格落实党建第一责任人责任，每季度"
                "召开党组会议研究党建工作重点任务和推进措施，班子成员落实好“一岗双责”，定期调度，抓好"
                "分管范围内党建工作",
                "BU-PARTY",
                ONGOING,
                SECRETARY,
            ),
            m(
                "按规定和计划开展党组织活动，严格执行“三会一课”制度，结合党员集中日活动，定期开展集中"
                "学习，落实1名党建专职干部负责党建工作，及时组织落实各项党建工作",
                "BU-PARTY",
                ONGOING,
                PARTY_MEMBER,
            ),
            m(
                "组织开展重温入党誓词、“一句话实事承诺”、党员志愿服务等活动，丰富党建活动形式，截至"
                "目前，组织党员志愿服务活动60余次；以建党99周年为契机，制作党建PPT，在政务服务中心"
                "电子显示屏滚动播放，展现区行政审批服务局党建工作成绩及党员风采",
                "BU-PARTY",
                ONGOING,
                PARTY_MEMBER,
            ),
        ],
    ),
    (
        1,
        "关于对大厅派驻单位的党员管理缺少抓手问题",
        [
            m(
                "制定《区政务服务中心“党员示范岗”活动实施方案》，摸清大厅党员底数，大厅所有党员均亮明"
                "身份上岗，充分发挥大厅党员示范带头作用",
                "BU-PARTY",
                IMMEDIATE,
                PARTY_MEMBER,
                closed_on=date(2020, 4, 29),
                outputs=[document("区政务服务中心“党员示范岗”活动实施方案")],
            ),
            m(
                "由分管领导牵头，继续积极与区委组织部、区直机关工委沟通，申请成立“区政务服务中心理论"
                "学习功能型党支部”，大厅进驻党员组织关系仍保留在原单位，接受原单位党组织和区行政审批"
                "服务局党组织的双重领导，窗口党员在统一安排下，参与区行政审批服务局党支部组织的各类"
                "党建活动",
                "BU-PARTY",
                BY_DEADLINE,
                PARTY_MEMBER,
                due=date(2020, 9, 30),
            ),
        ],
    ),
    (
        1,
        "关于机构改革方案落实不到位问题",
        [
            m(
                "局党组组织认真学习《党政领导干部选拔任用工作条例》等文件精神。5月初，局党组根据充分"
                "酝酿、沟通，按程序对7名拟提出人选进行了人事档案确认；根据干部管理权限，分别向区委组织"
                "部、区人社局报送了拟任人选沟通意见，经区委组织部、区人社局同意，5月18日召开党组会议，"
                "通过拟推荐人选，并按程序进行了5天的公示，5月25日，局办公室按照《东营区机关事业单位中层"
                "干部选拔任用和备案管理工作暂行规定》要求，分别向区委组织部、区人社局报送了中层备案材料",
                "BU-OFFICE",
                BY_DEADLINE,
                SECRETARY,
                closed_on=date(2020, 5, 25),
            ),
        ],
    ),
    (
        1,
        "关于大厅工作人员整体素质有待提高问题",
        [
            m(
                "督促各进驻窗口部门加强业务培训力度，提高业务培训频率，开展针对性专题讲解。上半年，区"
                "行政审批服务局组织工作人员到市直有关业务部门及外地参加专业培训3次，组织局内业务培训"
                "11次，提升窗口人员综合素质，提高了工作人员服务水平",
                "BU-HALL",
                ONGOING,
                DEPUTY,
            ),
            m(
                "建立政务服务“好差评”制度，加强政务服务标准化建设，探索在政务服务平台设置评价功能模块"
                "或环节，方便企业和群众即时评价",
                "BU-HALL",
                BY_DEADLINE,
                DEPUTY,
                due=date(2020, 6, 30),
                outputs=[other("政务服务“好差评”制度")],
                target=("satisfaction_rate", "gte", 95),
                update=(
                    date(2020, 7, 20),
                    "建立政务服务“好差评”制度，加强政务服务标准化建设，探索在政务服务平台设置评价"
                    "功能模块或环节，方便企业和群众即时评价。创新使用动态二维码扫码评价，充分发挥"
                    "监督台、意见箱、吐槽找茬、投诉热线作用，及时处理群众反映的突出问题，做到举一"
                    "反三，建立长效工作机制，全面提升窗口工作人员服务水平。2020年至今，共受理民生"
                    "热线328起、处理信访件2起、为办事群众调取监控89次，做到及时解决、及时回复",
                ),
            ),
            m(
                "针对2018年8月17日，政务服务大厅税务窗口服务效率质量不高的问题被《大众日报》曝光问题。"
                "2018年8月，原政务服务中心管理办公室及税务窗口迅速落实整改措施，全面加强人员管理，增大"
                "业务培训频度，这个问题目前已整改到位",
                "BU-HALL",
                IMMEDIATE,
                DEPUTY,
                closed_on=date(2020, 4, 10),
            ),
        ],
    ),
    (
        2,
        "关于履行主体责任方式单一，满足于发文开会和签责任状问题",
        [
            m(
                "充分利用新媒体等载体，搭建新媒体学习教育的平台。组建区行政审批服务局党员交流群，由"
                "党风廉政工作人员定期推送“清风东营区”公众号信息内容，2-3月份，各党小组利用“视频会议”等"
                "形式，围绕各级纪委全会精神、违纪违法案件通报和运用监督执纪“第一种形态”工作等内容，"
                "组织开展了党规党纪集中学习；清明、五一、端午等假期，及时在工作群发布有关加强工作纪律的"
                "通知，对于廉政工作做到早提醒常提醒；利用党员活动日，组织观看廉政专题教育片，强化党员"
                "干部做好廉政工作的思想自觉性",
                "BU-PARTY",
                ONGOING,
                PARTY_MEMBER,
            ),
            m(
                "成立党风廉政建设工作领导小组，制定《东营区行政审批服务局党风廉政工作方案》、《东营区"
                "行政审批服务局领导班子2020年落实全面从严治党主体责任清单》、《东营区行政审批服务局领导"
                "班子成员党风廉政建设责任分解》，逐一分解落实工作目标任务，做到责任分工明确，今年以来，"
                "召开2次党风廉政专题会议，听取党组成员落实分管范围内“一岗双责”情况，提升党组成员对党风"
                "廉政建设工作重要性的认识；5月份，与区纪委监委派驻纪检监察六组联合召开党风廉政会议，"
                "总结2019年以来党风廉政建设和反腐败工作开展情况，研究部署下半年党风廉政工作",
                "BU-PARTY",
                BY_DEADLINE,
                SECRETARY,
                due=date(2020, 6, 30),
                outputs=[
                    document("东营区行政审批服务局党风廉政工作方案"),
                    document("东营区行政审批服务局领导班子2020年落实全面从严治党主体责任清单"),
                    document("东营区行政审批服务局领导班子成员党风廉政建设责任分解"),
                ],
            ),
        ],
    ),
    (
        2,
        "关于廉政警示教育不经常，未及时排查建立廉政风险点问题",
        [
            m(
                "对2017年4月份与10月份有8份谈话记录内容基本一致问题进行核查，对涉及工作人员进行了批评"
                "教育，要求工作人员抓实抓好廉政谈话，坚决杜绝敷衍塞责、作风漂浮的情况",
                "BU-PARTY",
                IMMEDIATE,
                PARTY_MEMBER,
                closed_on=date(2020, 4, 17),
            ),
            m(
                "以主体责任项目化推送制度为抓手，推动全面从严治党“第一责任”和“一岗双责”落实到位，每月"
                "按时完成全面从严治党主体责任推送任务。加强廉政警示教育，截至目前，开展廉政专题学习"
                "教育8次",
                "BU-PARTY",
                ONGOING,
                PARTY_MEMBER,
            ),
            m(
                "深入开展各类廉政谈话活动，今年上半年，局主要领导与新上任的2名科级干部开展任前谈话，"
                "要求新任领导干部做好廉洁自律，抓好分管范围内党风廉政工作，确保分管范围不出现廉政问题；"
                "要求分管领导每月与分管工作人员开展谈心谈话，全面掌握廉政、作风等情况，对苗头性、倾向性"
                "问题及时处理，做到抓早抓小、防微杜渐；6月22日，开展以“正确履行职责、预防岗位犯错”为"
                "主要内容的新任中层干部廉政谈话，做好廉政风险防控提醒；明确每年至少开展班子成员同中层"
                "股室负责人及涉及资金、项目等重点岗位工作人员廉政谈话2次，着力抓好审批、财务管理等重点"
                "环节、重点人员的廉政风险防控，今年以来，开展集中廉政谈话1次",
                "BU-PARTY",
                ONGOING,
                SECRETARY,
            ),
            m(
                "开展新一轮的廉政风险排摸，聚焦行政审批、单位财务管理、人员督查管理等关键环节和重点"
                "岗位，分类梳理廉政风险点并明确风险等级。实施廉政风险防控动态管理机制，党建室定期对廉政"
                "风险点进行监控测评，根据廉政风险点等级变动情况，启动相应工作措施，从源头和机制上规范"
                "行政行为，堵塞“隐患漏洞”。目前，廉政风险点已全面摸排完成，明确了风险等级",
                "BU-PARTY",
                BY_DEADLINE,
                PARTY_MEMBER,
                closed_on=date(2020, 5, 22),
            ),
        ],
    ),
    (
        2,
        "关于有的大额资金支出没有经过党组会集体研究问题",
        [
            m(
                "严格落实“三重一大”事项决策制度，超过1万元以上费用支出均经党组会议研究决定，2020年以来，"
                "共召开党组会议20次，研究“三重一大”事项14项，会前均向区纪检监委派驻纪检监察组报备",
                "BU-OFFICE",
                ONGOING,
                SECRETARY,
            ),
            m(
                "进一步规范报账流程，4月份，制定《东营区行政审批服务局内部审计管理制度》，对大额资金支出"
                "等流程进行了规范，确保大额资金支出审批流程执行到位",
                "BU-OFFICE",
                IMMEDIATE,
                SECRETARY,
                closed_on=date(2020, 4, 30),
                outputs=[rule("东营区行政审批服务局内部审计管理制度", date(2020, 4, 20))],
            ),
        ],
    ),
    (
        2,
        "关于执行合同规定有时打折扣，没有严格按照合同约定执行问题",
        [
            m(
                "严格落实《东营区行政审批服务局内部审计管理制度》，对合同执行进行内部财务控制，根据区级"
                "资金到位情况，履行合同义务",
                "BU-OFFICE",
                ONGOING,
                SECRETARY,
            ),
        ],
    ),
    (
        2,
        "关于国有资产管理存在不严谨的情况，部分物品没有计入单位固定资产管理台账问题",
        [
            m(
                "进一步加强固定资产管理工作，对新购置固定资产及时办理入账手续，对巡察组反馈的漏记固定"
                "资产及时联系核算中心进行补计。上半年开展固定资产对账1次，实现固定资产管理的规范化、"
                "制度化、科学化",
                "BU-OFFICE",
                BY_DEADLINE,
                SECRETARY,
                closed_on=date(2020, 6, 29),
                due=date(2020, 6, 30),
            ),
        ],
    ),
    (
        2,
        "关于对巡察整改重部署轻落实问题",
        [
            m(
                "开展巡察“回头看”工作，对上轮巡察整改问题落实情况进行全面梳理，建立工作台账，确保责任"
                "落实到位。其中落实中央八项规定精神行动慢、不坚决、民主集中制贯彻执行不够严格，抓班子带"
                "队伍不够严，主动接受监督的意识淡薄、‘三重一大’事项集体决策制度执行不规范，执行财务管理"
                "制度不够严格均已整改完成",
                "BU-OFFICE",
                BY_DEADLINE,
                SECRETARY,
            ),
            m(
                "党风廉政建设主体责任落实不力，“两学一做”学习教育工作还不够扎实到位，学做结合措施少问题"
                "均制定了整改措施，需长期坚持",
                "BU-PARTY",
                ONGOING,
                SECRETARY,
            ),
        ],
    ),
    (
        2,
        "关于对巡察整改存在一定程度的“新官不理旧账”现象问题",
        [
            m(
                "向领导班子印发了《区纪委第二巡察组对区政务服务中心管理办公室巡察反馈整改意见》，班子"
                "成员根据职责分工主动认领上轮整改问题，并列入本次巡察整改内容，制定工作措施，抓好问题"
                "整改落实",
                "BU-OFFICE",
                BY_DEADLINE,
                SECRETARY,
            ),
            m(
                "根据区委巡察办、区委组织部的工作要求，组织召开了巡察整改专题民主生活会，班子成员主动"
                "认领反馈问题，深刻剖析问题产生的根源，进一步提高了思想认识，理清了整改工作思路",
                "BU-OFFICE",
                BY_DEADLINE,
                SECRETARY,
            ),
            m(
                "今年起，将上轮巡察整改认领问题整改情况列入领导干部述职述廉报告、民主生活会剖析材料、"
                "党风廉政建设工作要点",
                "BU-PARTY",
                ONGOING,
                SECRETARY,
            ),
        ],
    ),
]

# The seed: "对涉及工作人员进行了批评教育" (problem 13, the 8 identical talk records).
ACCOUNTABILITY = [
    {
        "problem": 13,
        "person_name": "相关谈话记录人",
        "position": "2017年廉政谈话记录经办人员",
        "kind": "criticism_education",
        "decided_on": date(2020, 4, 17),
        "note": "2017年4月份与10月份有8份谈话记录内容基本一致，经核查对涉及工作人员进行了批评教育",
    },
]

# What the seed states, for the tests and for anyone checking the demo against it.
EXPECTED = {"categories": 4, "problems": 18, "measures_closed": 11}

# Live indicators from the governance registers (governance/metrics.py) for the seed's items
# 7 and 9–16: {problem number: {measure index: (metric, comparison, target)}}.
GOVERNANCE_TARGETS = {
    7: {0: ("gov_first_topic", "gte", 100), 1: ("gov_study_sessions", "gte", 8)},
    9: {0: ("gov_volunteer_activities", "gte", 12)},
    10: {0: ("gov_cadres_filed", "gte", 100)},
    12: {0: ("gov_education_sessions", "gte", 4)},
    13: {
        0: ("gov_copied_talks", "lte", 0),
        1: ("gov_education_sessions", "gte", 8),
        2: ("gov_key_post_talks", "gte", 100),
    },
    14: {0: ("gov_sanzhong_filed", "gte", 100), 1: ("gov_large_spending_decided", "gte", 100)},
    15: {0: ("gov_milestones_performed", "gte", 90)},
    16: {0: ("gov_reconciliations", "gte", 1)},
}
for _number, (_cat, _title, _measures) in enumerate(PROBLEMS, start=1):
    for _index, _target in GOVERNANCE_TARGETS.get(_number, {}).items():
        if _measures[_index]["target"] is None:
            _measures[_index]["target"] = _target
