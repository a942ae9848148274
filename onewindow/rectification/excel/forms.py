"""The upload form of the ledger import: the file is judged by its content on upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.catalog.excel.forms import XLSX_TYPES
from onewindow.catalog.excel.workbook_safety import check_size, check_workbook
from onewindow.core.errors import InvalidInput


class LedgerImportForm(forms.Form):
    file = forms.FileField(
        label=_("整改台账工作簿（.xlsx）"),
        allow_empty_file=True,  # an empty file gets check_size's own message
        error_messages={"required": _("请选择要导入的整改台账工作簿。")},
        help_text=_("请使用导出的台账格式填写；不超过 5 MB；不能含公式、宏或外部链接。"),
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_TYPES}),
    )

    content: bytes = b""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)  # before reading: an oversized file is never loaded
            data = upload.read()
            check_workbook(data)
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message, code="unsafe") from exc
        self.content = data
        return upload
