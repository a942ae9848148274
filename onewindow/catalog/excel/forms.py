"""The upload form of the Excel import: the file is checked from its content on upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.core.errors import InvalidInput

from .workbook_safety import check_size, check_workbook

XLSX_TYPES = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("工作簿文件（.xlsx）"),
        # Empty files get the import's own message from check_size, not Django's.
        allow_empty_file=True,
        error_messages={"required": _("请选择要导入的工作簿。")},
        help_text=_("请使用导入模板或导出的目录填写；不超过 5 MB；不能含公式、宏或外部链接。"),
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_TYPES}),
    )

    content: bytes = b""
    refusal: str = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)  # before reading: an oversized file is never loaded
            data = upload.read()
            check_workbook(data)
        except InvalidInput as exc:
            self.refusal = exc.message
            raise forms.ValidationError(exc.message, code="unsafe") from exc
        self.content = data
        return upload
