"""Service items and their versioned guides, reform lists, bundles and industry licences.

An item (``ServiceItem``) is the stable identity with its code; its guide lives in
versions (``ItemVersion``): editing a published guide makes a new version, and a case
keeps the version it was created under. Search columns (name, pinyin, initials) are
copied onto the item from its published version so that search reads one table.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constants import (
    ApplicantType,
    DelegationLevel,
    FieldType,
    ItemKind,
    MaterialForm,
    MaterialSource,
    ReformList,
    VersionStatus,
)

CODE_MAX = 64  # RULES.md: plain strings up to 64 characters (GB/T 39554.1)


class ServiceItem(models.Model):
    code = models.CharField(_("事项编码"), max_length=CODE_MAX, unique=True)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("实施部门"), on_delete=models.PROTECT, related_name="items"
    )
    published_version = models.OneToOneField(
        "ItemVersion",
        verbose_name=_("现行版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Search columns, copied from the published version (or the first draft).
    name = models.CharField(_("事项名称"), max_length=200, db_index=True)
    name_pinyin = models.CharField(max_length=1200, blank=True, default="")
    name_initials = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("政务服务事项")
        verbose_name_plural = _("政务服务事项")
        ordering = ["code"]

    def __str__(self):
        return self.name


class ItemVersion(models.Model):
    """One version of an item's guide (办事指南)."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(
        _("状态"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    name = models.CharField(_("事项名称"), max_length=200)
    kind = models.CharField(_("事项类型"), max_length=20, choices=ItemKind.choices)
    applicant_type = models.CharField(
        _("服务对象"), max_length=20, choices=ApplicantType.choices, default=ApplicantType.BOTH
    )
    legal_basis = models.TextField(_("设定依据"), blank=True)
    applicant_scope = models.TextField(_("申请人范围"), blank=True)
    conditions = models.TextField(_("受理条件"), blank=True)
    statutory_limit_days = models.PositiveIntegerField(_("法定办结时限（工作日）"))
    promised_limit_days = models.PositiveIntegerField(_("承诺办结时限（工作日）"))
    fee = models.DecimalField(
        _("收费标准（元）"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    fee_basis = models.TextField(_("收费依据"), blank=True)
    place = models.CharField(_("办理地点"), max_length=200, blank=True)
    hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    enquiry_phone = models.CharField(_("咨询电话"), max_length=50, blank=True)
    complaint_phone = models.CharField(_("投诉电话"), max_length=50, blank=True)
    online_url = models.URLField(_("网上办理地址"), blank=True)
    visits_needed = models.PositiveSmallIntegerField(_("到现场次数"), default=0)
    life_events = models.JSONField(_("主题分类"), default=list, blank=True)
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)
    change_note = models.CharField(_("修订说明"), max_length=200, blank=True)
    # The reviewer's reason when a version was sent back (or the item withdrawn).
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("事项版本")
        verbose_name_plural = _("事项版本")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "number"], name="catalog_version_unique_number"
            ),
            # One published version per item at a time.
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(status=VersionStatus.PUBLISHED),
                name="catalog_version_one_published",
            ),
            models.CheckConstraint(
                condition=Q(promised_limit_days__lte=models.F("statutory_limit_days")),
                name="catalog_version_promise_within_statute",
            ),
        ]

    def __str__(self):
        return f"{self.name} v{self.number}"


class MaterialType(models.Model):
    """A standard material (居民身份证, 营业执照 ...): what a bundle asks for only once."""

    name = models.CharField(_("材料名称"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("标准材料")
        verbose_name_plural = _("标准材料")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Material(models.Model):
    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="materials")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    material_type = models.ForeignKey(
        MaterialType, verbose_name=_("标准材料"), on_delete=models.PROTECT, related_name="uses"
    )
    name = models.CharField(_("材料名称"), max_length=200)
    form = models.CharField(
        _("材料形式"), max_length=20, choices=MaterialForm.choices, default=MaterialForm.ORIGINAL
    )
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    source = models.CharField(
        _("来源渠道"),
        max_length=20,
        choices=MaterialSource.choices,
        default=MaterialSource.APPLICANT,
    )
    required = models.BooleanField(_("必要"), default=True)
    # 容缺受理: only non-core materials may be missing at acceptance.
    conditional_eligible = models.BooleanField(_("可容缺"), default=False)
    note = models.CharField(_("填报说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["version", "order", "pk"]

    def __str__(self):
        return self.name


class FormField(models.Model):
    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="form_fields")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    key = models.SlugField(_("字段标识"), max_length=50)
    label = models.CharField(_("字段名称"), max_length=100)
    field_type = models.CharField(_("类型"), max_length=20, choices=FieldType.choices)
    required = models.BooleanField(_("必填"), default=True)
    choices = models.JSONField(_("可选值"), default=list, blank=True)
    max_length = models.PositiveIntegerField(_("最大长度"), default=200)

    class Meta:
        verbose_name = _("表单字段")
        verbose_name_plural = _("表单字段")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="catalog_formfield_unique_key")
        ]

    def __str__(self):
        return self.label


class Step(models.Model):
    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("环节名称"), max_length=100)
    description = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")
        ordering = ["version", "order", "pk"]

    def __str__(self):
        return self.name


class Bundle(models.Model):
    """一件事·一链办理: several items done as one, with one guide, form and process."""

    code = models.CharField(_("编码"), max_length=CODE_MAX, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    lead_department = models.ForeignKey(
        "org.Department", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="+"
    )
    items = models.ManyToManyField(ServiceItem, through="BundleItem", related_name="bundles")
    at_general_window = models.BooleanField(_("在综合窗口办理"), default=False)
    promised_limit_days = models.PositiveIntegerField(_("承诺办结时限（工作日）"), default=0)
    life_events = models.JSONField(_("主题分类"), default=list, blank=True)
    is_published = models.BooleanField(_("已发布"), default=False)
    name_pinyin = models.CharField(max_length=1200, blank=True, default="")
    name_initials = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("一件事")
        verbose_name_plural = _("一件事")
        ordering = ["code"]

    def __str__(self):
        return self.name


class BundleItem(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="bundle_items")
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["bundle", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "item"], name="catalog_bundleitem_unique")
        ]

    def __str__(self):
        return f"{self.bundle} · {self.item}"


class BundleStep(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("环节名称"), max_length=100)
    description = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["bundle", "order", "pk"]

    def __str__(self):
        return self.name


class ListEntry(models.Model):
    """Membership of a reform list: a bundle on 一链办理, an item on the others."""

    list_code = models.CharField(_("清单"), max_length=20, choices=ReformList.choices)
    item = models.ForeignKey(
        ServiceItem, null=True, blank=True, on_delete=models.CASCADE, related_name="list_entries"
    )
    bundle = models.ForeignKey(
        Bundle, null=True, blank=True, on_delete=models.CASCADE, related_name="list_entries"
    )
    # For 下沉 (delegated) items: the lowest level that handles it.
    level = models.CharField(
        _("下沉层级"), max_length=20, choices=DelegationLevel.choices, blank=True
    )
    added_on = models.DateField(_("列入日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("清单事项")
        verbose_name_plural = _("清单事项")
        constraints = [
            models.CheckConstraint(
                condition=(Q(item__isnull=False) & Q(bundle__isnull=True))
                | (Q(item__isnull=True) & Q(bundle__isnull=False)),
                name="catalog_listentry_item_or_bundle",
            ),
            models.UniqueConstraint(
                fields=["list_code", "item"],
                condition=Q(item__isnull=False),
                name="catalog_listentry_unique_item",
            ),
            models.UniqueConstraint(
                fields=["list_code", "bundle"],
                condition=Q(bundle__isnull=False),
                name="catalog_listentry_unique_bundle",
            ),
        ]

    def __str__(self):
        return f"{self.get_list_code_display()} · {self.item or self.bundle}"


class Industry(models.Model):
    """一业一证: one comprehensive licence for an industry in place of several permits."""

    code = models.CharField(_("编码"), max_length=CODE_MAX, unique=True)
    name = models.CharField(_("行业"), max_length=100, unique=True)
    lead_department = models.ForeignKey(
        "org.Department", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="+"
    )
    replaced_items = models.ManyToManyField(
        ServiceItem, verbose_name=_("整合的许可事项"), related_name="industries"
    )
    notice = models.TextField(_("一次告知"), blank=True)
    promised_limit_days = models.PositiveIntegerField(_("承诺办结时限（工作日）"), default=0)
    is_pilot = models.BooleanField(_("改革试点"), default=True)

    class Meta:
        verbose_name = _("一业一证行业")
        verbose_name_plural = _("一业一证行业")
        ordering = ["code"]

    def __str__(self):
        return self.name


class ExportEdition(models.Model):
    """One row: the edition of the published catalogue that the public export files belong to.

    Replaced (a new random token) in the same transaction as every change the export shows;
    see ``excel/published.py``.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("目录导出版次")
        verbose_name_plural = _("目录导出版次")

    def __str__(self):
        return self.token
