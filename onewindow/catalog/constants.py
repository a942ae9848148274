"""Choices for service items, their guides, reform lists, bundles and industry licences."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    LICENCE = "licence", _("行政许可")
    CONFIRMATION = "confirmation", _("行政确认")
    PAYMENT = "payment", _("行政给付")
    ADJUDICATION = "adjudication", _("行政裁决")
    REWARD = "reward", _("行政奖励")
    OTHER_POWER = "other_power", _("其他行政权力")
    PUBLIC_SERVICE = "public_service", _("公共服务")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("待审核")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被新版本替代")
    WITHDRAWN = "withdrawn", _("已停用")


class ApplicantType(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")
    BOTH = "both", _("自然人、法人或其他组织")


class ReformList(models.TextChoices):
    """The reform lists of the seed: a bundle is on 一链办理, items on the others."""

    CHAIN = "chain", _("一链办理")
    CONDITIONAL = "conditional", _("容缺受理")
    HIGH_FREQUENCY = "high_frequency", _("高频民生")
    DELEGATED = "delegated", _("下沉")
    INSTANT = "instant", _("秒批秒办")


class DelegationLevel(models.TextChoices):
    TOWN = "town", _("镇街")
    COMMUNITY = "community", _("社区")
    VILLAGE = "village", _("村")


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复印件")
    ORIGINAL_AND_COPY = "original_and_copy", _("原件和复印件")
    ELECTRONIC = "electronic", _("电子材料")


class MaterialSource(models.TextChoices):
    APPLICANT = "applicant", _("申请人自备")
    GOVERNMENT = "government", _("政府部门核发")
    INTERMEDIARY = "intermediary", _("中介机构出具")
    OTHER = "other", _("其他")


class FieldType(models.TextChoices):
    TEXT = "text", _("文本")
    LONG_TEXT = "long_text", _("多行文本")
    NUMBER = "number", _("数字")
    DATE = "date", _("日期")
    CHOICE = "choice", _("单选")
    ID_NUMBER = "id_number", _("身份证号码")
    PHONE = "phone", _("手机号码")
    USCC = "uscc", _("统一社会信用代码")


class LifeEvent(models.TextChoices):
    """Themes the public browses by (个人和企业的“一件事”主题)."""

    BIRTH = "birth", _("生育收养")
    EDUCATION = "education", _("教育")
    EMPLOYMENT = "employment", _("就业创业")
    MARRIAGE = "marriage", _("婚姻登记")
    HOUSING = "housing", _("住房保障")
    MEDICAL = "medical", _("医疗卫生")
    SOCIAL_SECURITY = "social_security", _("社会保障")
    ELDERLY = "elderly", _("养老服务")
    RESIDENCE = "residence", _("户籍办理")
    TRANSPORT = "transport", _("交通出行")
    AGRICULTURE = "agriculture", _("农业农村")
    STARTUP = "startup", _("企业开办")
    OPERATION = "operation", _("经营许可")
    CONSTRUCTION = "construction", _("工程建设")
    TAX = "tax", _("纳税缴费")
    CLOSURE = "closure", _("注销退出")
