"""Choices and numbers of construction projects (docs/projects.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# 山东省工程建设项目审批全流程时限 (RULES.md "Cases at the hall"), in working days.
PROJECT_LIMITS = {"social": 45, "government": 70}
WHOLE_PROCESS_LIMIT = 100
# 行政许可法第四十二条: joint handling by several departments, extendable once by 15.
JOINT_HANDLING_DAYS = 45
JOINT_EXTENSION_DAYS = 15
TEXT_MAX_LENGTH = 500


class ProjectKind(models.TextChoices):
    GOVERNMENT = "government", _("政府投资")
    SOCIAL = "social", _("社会投资")


class Procedure(models.TextChoices):
    FILING = "filing", _("备案")
    RATIFICATION = "ratification", _("核准")
    APPROVAL = "approval", _("审批")


class ProjectType(models.TextChoices):
    HOUSING = "housing", _("房屋建筑")
    INDUSTRIAL = "industrial", _("工业厂房")
    PUBLIC = "public", _("公共服务设施")
    INFRASTRUCTURE = "infrastructure", _("市政基础设施")


class LandStatus(models.TextChoices):
    PENDING = "pending", _("尚未取得土地")
    GRANTED = "granted", _("已取得土地")
    ALLOCATED = "allocated", _("划拨用地")


class StageCode(models.TextChoices):
    PLANNING = "planning", _("立项用地规划许可阶段")
    WORKS_PERMIT = "works_permit", _("工程建设许可阶段")
    CONSTRUCTION_PERMIT = "construction_permit", _("施工许可阶段")
    COMPLETION = "completion", _("竣工验收阶段")


STAGE_ORDER = [s.value for s in StageCode]
# The stages a 拿地即开工 pre-review covers (planning, design, construction permit).
PRE_REVIEW_STAGES = STAGE_ORDER[:3]


class RunStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已申报待受理")
    PRE_REVIEW = "pre_review", _("预审中")
    IN_REVIEW = "in_review", _("并联审查中")
    DONE = "done", _("已办结")


class RunMode(models.TextChoices):
    NORMAL = "normal", _("正常申报")
    PRE_REVIEW = "pre_review", _("拿地即开工预审")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("待审查")
    PRE_APPROVED = "pre_approved", _("预审通过")
    PRE_REFUSED = "pre_refused", _("预审未通过")
    APPROVED = "approved", _("准予许可")
    REFUSED = "refused", _("不予许可")


DECIDED = (ReviewStatus.APPROVED, ReviewStatus.REFUSED)


class PermitKind(models.TextChoices):
    PLANNING = "planning", _("立项用地规划许可批复")
    WORKS = "works", _("建设工程规划许可证")
    CONSTRUCTION = "construction", _("建筑工程施工许可证")
    COMPLETION = "completion", _("竣工联合验收意见书")
    PRESALE = "presale", _("商品房预售许可证")
    DEVELOPER = "developer", _("房地产开发企业资质证书")
    BUILDER = "builder", _("建筑业企业资质证书")


STAGE_PERMIT = {
    StageCode.PLANNING: PermitKind.PLANNING,
    StageCode.WORKS_PERMIT: PermitKind.WORKS,
    StageCode.CONSTRUCTION_PERMIT: PermitKind.CONSTRUCTION,
    StageCode.COMPLETION: PermitKind.COMPLETION,
}


class MandateScope(models.TextChoices):
    APPLY = "apply", _("代为申报")
    SUPPLY = "supply", _("代为补充材料")
    NOTICES = "notices", _("代为接收通知")


class ContactKind(models.TextChoices):
    CONTACT = "contact", _("电话联系")
    VISIT = "visit", _("上门走访")
    ADVICE = "advice", _("政策咨询指导")


class PushStatus(models.TextChoices):
    PENDING = "pending", _("待推送")
    SENT = "sent", _("已推送")
    FAILED = "failed", _("推送失败待重试")


class Action(models.TextChoices):
    CREATE = "create", _("登记项目")
    PROCEDURE = "procedure", _("投资项目手续")
    APPLY = "apply", _("申报阶段")
    ACCEPT = "accept", _("受理阶段")
    DECIDE = "decide", _("部门审查决定")
    PRE_DECIDE = "pre_decide", _("部门预审意见")
    STAGE_DONE = "stage_done", _("阶段办结")
    LAND_GRANT = "land_grant", _("登记土地出让")
    EXTEND = "extend", _("联合办理延长期限")
    BUILDING = "building", _("竣工验收备案")
    MANDATE = "mandate", _("登记授权委托书")
    MANDATE_REVOKE = "mandate_revoke", _("撤销授权委托书")
    UPLOAD = "upload", _("上传申报材料")
    ASSIGN = "assign", _("分配帮办代办小组")
    CONTACT = "contact", _("帮办代办服务记录")
    MILESTONE = "milestone", _("订制服务方案节点")
    MILESTONE_DONE = "milestone_done", _("服务节点完成")
