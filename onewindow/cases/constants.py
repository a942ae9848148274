"""Choices for cases (办件): statuses, decisions, materials, promises, department tasks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("待受理")
    DEFICIENT = "deficient", _("待补正")
    REFUSED = "refused", _("不予受理")
    CONDITIONALLY_ACCEPTED = "conditional", _("容缺受理")
    ACCEPTED = "accepted", _("已受理")
    IN_REVIEW = "in_review", _("审查中")
    DECIDED = "decided", _("已决定")
    CONCLUDED = "concluded", _("已办结")
    TERMINATED = "terminated", _("已终止")
    # 退回窗口: a department sent the case back; the window asks the applicant to correct.
    RETURNED = "returned", _("退回窗口")
    CORRECTING = "correcting", _("退回补正")


# Statuses with a running (or paused) clock: acceptance happened, no decision yet.
CLOCKED_STATUSES = (
    CaseStatus.CONDITIONALLY_ACCEPTED,
    CaseStatus.ACCEPTED,
    CaseStatus.IN_REVIEW,
    CaseStatus.RETURNED,
    CaseStatus.CORRECTING,
)


class Channel(models.TextChoices):
    ONLINE = "online", _("网上申请")
    WINDOW = "window", _("窗口受理")
    KIOSK = "kiosk", _("自助终端")


class HandlingMode(models.TextChoices):
    MANUAL = "manual", _("人工审批")
    INSTANT = "instant", _("秒批")


class Decision(models.TextChoices):
    APPROVED = "approved", _("准予许可")
    REFUSED = "refused", _("不予许可")


class MaterialStatus(models.TextChoices):
    SUPPLIED = "supplied", _("已提交")
    MISSING = "missing", _("缺少")
    PROMISED = "promised", _("容缺待补")


class PromiseStatus(models.TextChoices):
    PENDING = "pending", _("待履行")
    KEPT = "kept", _("已履行")
    BROKEN = "broken", _("未履行")


class TaskStatus(models.TextChoices):
    PENDING = "pending", _("待审查")
    IN_REVIEW = "in_review", _("审查中")
    PAUSED = "paused", _("暂停计时")
    APPROVED = "approved", _("同意")
    REFUSED = "refused", _("不同意")
    CANCELLED = "cancelled", _("已撤销")


class SignoffLevel(models.TextChoices):
    """The levels of a department's review (承办 → 审核 → 签发); decision 0021."""

    HANDLE = "handle", _("承办")
    CHECK = "check", _("审核")
    SIGN = "sign", _("签发")


# The review chain of an item without its own (settings.CASES_SIGNOFF_LEVELS); an item
# promised within 0 working days (即办) has one level.
CASES_SIGNOFF_LEVELS = "handle,check,sign"
# Levels a person must be granted (SignoffGrant); 承办 is every approver of the department.
GRANTED_LEVELS = (SignoffLevel.CHECK, SignoffLevel.SIGN)

OPEN_TASK_STATUSES = (TaskStatus.PENDING, TaskStatus.IN_REVIEW, TaskStatus.PAUSED)
DECIDED_TASK_STATUSES = (TaskStatus.APPROVED, TaskStatus.REFUSED)


class InstantRuleKind(models.TextChoices):
    """The checks an instant-approval (秒批) rule can make; params are per kind."""

    APPLICANT_VERIFIED = "applicant_verified", _("申请人身份信息有效")
    NO_OPEN_CASE = "no_open_case", _("无同一事项在办件")
    NO_BROKEN_PROMISE = "no_broken_promise", _("无失信记录")
    MATERIALS_COMPLETE = "materials_complete", _("材料齐全")
    FIELD_EQUALS = "field_equals", _("表单字段等于")
    FIELD_IN = "field_in", _("表单字段属于")
    NUMBER_AT_MOST = "number_at_most", _("数值不超过")
    NUMBER_AT_LEAST = "number_at_least", _("数值不低于")
    AGE_BETWEEN = "age_between", _("申请人年龄范围")


class CertificateKind(models.TextChoices):
    LICENCE = "licence", _("许可证件")
    COMPREHENSIVE = "comprehensive", _("行业综合许可证")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已注销")


class DeliveryMethod(models.TextChoices):
    WINDOW = "window", _("窗口领取")
    POST = "post", _("邮寄送达")
    # 电子送达: the decision and certificates in the holder's 站内信, with a receipt.
    ELECTRONIC = "electronic", _("电子送达")


class ClockKind(models.TextChoices):
    PROMISED = "promised", _("承诺时限")
    STATUTORY = "statutory", _("法定时限")
    # From the decision to delivery (CASES_DELIVERY_DAYS): the window's clock.
    DELIVERY = "delivery", _("送达时限")


NUMBER_PREFIX = "DY"  # 东营区: case numbers read DY + date + 6-digit sequence

# Defaults of local rules; each can be overridden by a setting of the same name.
# 行政许可法 Art. 32: tell the applicant what is missing within 5 working days, otherwise
# the application counts as accepted.
CASES_ACCEPTANCE_NOTICE_DAYS = 5
REASON_MAX_LENGTH = 500
# Printable notices: the 文号 prefix (东审受字〔2026〕…号) and the organ that hears an
# administrative reconsideration (行政复议) of a refusal.
CASES_NOTICE_PREFIX = "东审"
CASES_REVIEW_AUTHORITY = "东营区人民政府"
# 行政许可法 Art. 42: the 20 working days may be extended once by 10, with the approval of
# the head of the organ (here: the bureau's leader).
CASES_EXTENSION_DAYS = 10
# The daily deadline scan (Celery beat, Asia/Shanghai): early, so digests are read at 08:30.
CASES_DEADLINE_SCAN_HOUR = 7
CASES_DEADLINE_SCAN_MINUTE = 0
# At most this many case numbers are listed in a department's daily digest.
CASES_DIGEST_MAX_NUMBERS = 10

# Certificates (证照): the issuing bureau, the number prefix (DYXK + year + 6 digits), the
# public address the QR code points at, and 行政许可法 Art. 44: deliver the certificate
# within 10 working days of the decision.
CASES_ISSUER = "东营市东营区行政审批服务局"
CASES_CERTIFICATE_PREFIX = "DYXK"
# 企业开办一窗通 (seed): registration, seal, tax and bank in 2 steps within 1 working day;
# the bundle whose cases the start-up page measures, and the limit it measures them by.
CASES_STARTUP_BUNDLE = "BUNDLE-QYKB"
CASES_STARTUP_LIMIT_DAYS = 1
# Report categories counted in units other than cases (竣工验收备案: 栋单体): the form field
# that holds a case's number of units; a case without it counts as one unit.
CASES_REPORT_UNIT_FIELDS = {"栋": "building_count"}
CASES_DELIVERY_DAYS = 10
# 电子证照: the backend that pushes certificates to the e-licence library ("console",
# "file" or a dotted path); the file backend appends JSON lines to CASES_ELICENCE_FILE_PATH
# (default var/elicence.log).
CASES_ELICENCE_BACKEND = "console"

# Uploads of applicants' materials (SECURITY.md "Input"): per file, per case, and the
# limits on what a DOCX/XLSX/OFD (a ZIP) may inflate to.
CASES_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
CASES_UPLOAD_MAX_FILES = 30
CASES_UPLOAD_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
CASES_UPLOAD_MAX_RATIO = 100
CASES_UPLOAD_MAX_ENTRIES = 2000
# Public tracking (查): failed look-ups allowed per client address per hour.
CASES_TRACK_MAX_FAILURES = 20
# An applicant's saved draft (暂存) expires this many days after its last save.
CASES_DRAFT_DAYS = 30

# Labels of the case actions: the timeline's wording and the audit log's ("case.<action>").
ACTION_LABELS = {
    "start": _("发起申请"),
    "submit": _("提交申请"),
    "accept": _("受理"),
    "deem_accept": _("依法视为受理"),
    "refuse": _("不予受理"),
    "notify_deficiency": _("一次性告知补正"),
    "supplement": _("补正材料"),
    "accept_conditionally": _("容缺受理"),
    "supply_promised": _("补齐容缺材料"),
    "expire_promise": _("容缺承诺逾期终止"),
    "dispatch": _("分送部门审查"),
    "task_start_review": _("部门开始审查"),
    "task_pause": _("暂停计时"),
    "task_resume": _("恢复计时"),
    "task_approve": _("部门审查同意"),
    "task_refuse": _("部门审查不同意"),
    "task_sign_off": _("部门审查意见"),
    "return_to_window": _("退回窗口"),
    "request_correction": _("退回申请人补正"),
    "decide": _("作出审批决定"),
    "conclude": _("办结"),
    "instant_approve": _("秒批通过"),
    "instant_fallback": _("秒批未通过，转人工审核"),
    "instant_rules_set": _("设置秒批规则"),
    "extend": _("延长审批期限"),
    "document_upload": _("上传申请材料"),
    "search_personal": _("按身份证号码或手机号码查询办件"),
    "search_export": _("导出办件查询结果"),
    "e_delivery_send": _("电子送达文书"),
    "e_delivery_receipt": _("电子送达签收"),
}
