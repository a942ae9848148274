"""ID numbers and phones that people type into free text: found, sealed, shown masked.

Replays issue 12's attack 3: a full ID number or phone typed into a complaint, a rating
comment or a report narrative used to be stored in clear and shown in full (on the public
page and in the .docx file name too). Every free-text field now uses one field type
(core/pii/freetext.py) whose column holds the masked text and whose twin holds the
original SM4-GCM encrypted; only an audited reveal by allowed staff opens it.
"""

import io
import logging
import zipfile

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.urls import reverse

from onewindow.core.audit.constants import PII_REVEAL
from onewindow.core.audit.models import AuditEvent
from onewindow.core.pii.detect import find
from onewindow.core.pii.fields import EncryptedPersonalField
from onewindow.core.pii.freetext import (
    MaskedText,
    PersonalJSONField,
    PersonalTextField,
    SealedColumn,
    sealed_values,
)
from onewindow.core.pii.logging import MaskPersonalDataFilter
from onewindow.core.pii.masking import mask_text
from onewindow.feedback.models import Rating, WorkOrder
from onewindow.rectification.models import ReportFeedback
from onewindow.rectification.report import services as reports
from tests.accounts.factories import UserFactory
from tests.feedback.factories import RatingFactory, supervisor
from tests.rectification.report.ledger_helpers import build_ledger

ID = "370502199001011233"  # a real check character (GB 11643)
ID_X = "37050219900101109X"
PHONE = "13812345678"

# How people write them: full-width digits, spaces, dashes, dots, +86, 0086.
WRITTEN_FORMS = [
    (ID, ID),
    ("370502 19900101 1233", ID),
    ("370502-19900101-1233", ID),
    ("３７０５０２１９９００１０１１２３３", ID),
    ("37050219900101109x", ID_X),
    (PHONE, PHONE),
    ("138 1234 5678", PHONE),
    ("138-1234-5678", PHONE),
    ("138.1234.5678", PHONE),
    ("138·1234·5678", PHONE),
    ("１３８１２３４５６７８", PHONE),
    ("１３８－１２３４－５６７８", PHONE),
    ("１３８　１２３４　５６７８", PHONE),
    ("+86 138 1234 5678", PHONE),
    ("+8613812345678", PHONE),
    ("0086-138-1234-5678", PHONE),
    ("＋８６　１３８１２３４５６７８", PHONE),
]


def _digits(text: str) -> str:
    return "".join(str(int(c)) if c.isdigit() else c for c in text)


@pytest.mark.parametrize(("written", "number"), WRITTEN_FORMS)
def test_the_detector_finds_numbers_in_every_common_form(written, number):
    text = f"本人证件及电话：{written}，请回电。"
    [found] = find(text)
    assert found.kind == ("id_number" if number in (ID, ID_X) else "phone")
    masked = mask_text(text)
    assert masked.startswith("本人证件及电话：") and masked.endswith("，请回电。")
    assert number[3:-4] not in _digits(masked).replace(" ", "").replace("-", "")
    assert number[:3] in masked and number[-4:].lower() in masked.lower()


@pytest.mark.parametrize(
    "text",
    [
        "任务 onewindow.cases.tasks.scan 用时 0.13812345678 秒",  # a run time, not a phone
        "比例 3.14159265358979",
        "身份证号码370502199001011234（校验位不对）",
        "身份证号码370502199013321233（没有这一天）",
        "订单号 20261207000123，金额 13812.5 元",
        "事项编码 11370502MB285591XF4370116008000",
        "统一社会信用代码91370502MA3C8KQX73",
        "办结时间 2026-12-07 14:30:05",
    ],
)
def test_ordinary_numbers_and_fractions_are_left_alone(text):
    assert find(text) == []
    assert mask_text(text) == text


def test_log_lines_mask_a_spaced_id_and_keep_a_run_time():
    def message(msg, *args):
        record = logging.LogRecord("t", logging.INFO, __file__, 1, msg, args, None)
        MaskPersonalDataFilter().filter(record)
        return record.getMessage()

    assert message("申请人 %s", "370502 19900101 1233") == "申请人 370***********1233"
    assert message("电话 %s", "１３８－１２３４－５６７８") == "电话 138****5678"
    line = "Task onewindow.cases.tasks.scan succeeded in 0.13812345678s: None"
    assert message(line) == line


# --- the field ----------------------------------------------------------------------------

# Text columns that are not free text: codes, names, hashes, addresses of things. Anything
# else a person types must be a PersonalTextField: a new model fails here until it is.
NOT_FREE_TEXT = {
    "audit.auditevent": "the audit log masks its own text (core/audit/jsonsafe.py)",
    "audit.auditpending": "an audit event waiting for the chain, masked as the log is",
    "accounts.user.password": "hash",
    "accounts.user.username": "login name",
    "accounts.user.email": "contact address",
    "accounts.user.display_name": "a person's or enterprise's name",
    "accounts.user.uscc": "credit code (public register)",
    "accounts.user.contact_name": "a name",
    "core.throttlecount.bucket": "a counter's key (form and client address)",
    "accounts.apitoken.scopes": "scope codes (read, apply, staff)",
    "core.outboxmessage.event": "an event code (case.accepted); the message itself is sealed",
    "core.idempotentrequest": "digests, the client's key and a content type; answer sealed",
    "projects.projectmaterial.material": "a name from the stage's material list (checked)",
    "inbox.inboxmessage.event": "an event code (case.accepted); subject and body are personal text",
    "inbox.inboxmessage.object_type": "a model label (cases.case)",
    "inbox.inboxmessage.object_id": "a primary key",
}
NAME_LIKE = {
    "name",
    "short_name",
    "code",
    "number",
    "title",
    "key",
    "slug",
    "token",
    "digest",
    "prefix",
    "hash",
    "prev_hash",
    "last_hash",
    "mac",
    "sha256",
    "content_type",
    "original_name",
    "session_key",
    "verify_token",
    "elicence_code",
    "pdf_sha256",
    "backend",
}


def _allowed(model, field) -> bool:
    label = model._meta.label_lower
    if label in NOT_FREE_TEXT or f"{label}.{field.name}" in NOT_FREE_TEXT:
        return True
    if field.name in NAME_LIKE or field.name.endswith(("_index", "_name", "_number", "_code")):
        return True
    return f"{label}.{field.name}" in STRUCTURED


# Short structured values (phones of offices, hours, URLs, places) and catalogue guide text,
# which is official published text that goes through review before it is public.
STRUCTURED = {
    "workdays.calendaryear.note",
    "org.department.office_phone",
    "org.servicesite.address",
    "org.servicesite.phone",
    "org.servicesite.hours",
    "org.servicesite.online_url",
    "org.window.zone",
    "org.terminal.location",
    "catalog.serviceitem.name_pinyin",
    "catalog.serviceitem.name_initials",
    "catalog.bundle.name_pinyin",
    "catalog.bundle.name_initials",
    "catalog.itemversion.legal_basis",
    "catalog.itemversion.applicant_scope",
    "catalog.itemversion.conditions",
    "catalog.itemversion.fee_basis",
    "catalog.itemversion.place",
    "catalog.itemversion.hours",
    "catalog.itemversion.enquiry_phone",
    "catalog.itemversion.complaint_phone",
    "catalog.itemversion.online_url",
    "catalog.itemversion.change_note",
    "catalog.itemversion.review_note",
    "catalog.material.note",
    "catalog.formfield.label",
    "catalog.step.description",
    "catalog.bundle.description",
    "catalog.bundlestep.description",
    "catalog.industry.notice",
    "cases.caseevent.action",
    "cases.caseevent.status_from",
    "cases.caseevent.status_to",
    "cases.departmenttask.pause_kind",
    "cases.conditionalpromise.signed_by",
    "cases.certificate.issuer",
    "cases.delivery.recipient",
    "cases.delivery.courier",
    "cases.delivery.tracking_number",
    "cases.reportcategory.unit",
    "cases.instantrule.message",
    "feedback.workorderevent.action",
    "feedback.ratingpush.error",
    "rectification.inspection.round_name",
    "rectification.inspection.inspection_group",
    "rectification.inspection.inspected_unit",
    "rectification.measure.responsible_leader",
    "rectification.measure.target_metric",
    "rectification.accountability.position",
    # the code of a form on the office's list (AccountabilityType), chosen, never typed
    "rectification.accountability.kind",
    "governance.asset.location",  # a room or place where an asset stands
    # a review chain: level codes joined by commas (handle,check,sign), never typed text
    "cases.departmenttask.levels",
    "cases.reviewchain.levels",
}


def test_every_free_text_field_is_a_personal_text_field():
    plain = []
    for model in apps.get_models():
        if not model.__module__.startswith("onewindow."):
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue
            if isinstance(field, PersonalTextField | SealedColumn | EncryptedPersonalField):
                continue
            if not _allowed(model, field):
                plain.append(f"{model._meta.label_lower}.{field.name}")
    assert plain == [], "free text must be a PersonalTextField (or listed with a reason)"
    personal = [
        f"{m._meta.label_lower}.{f.name}"
        for m in apps.get_models()
        for f in m._meta.concrete_fields
        if isinstance(f, PersonalTextField | PersonalJSONField)
    ]
    for expected in (
        "feedback.workorder.subject",
        "feedback.workorder.content",
        "feedback.rating.comment",
        "rectification.progressreport.title",
        "rectification.progressreport.narrative",
    ):
        assert expected in personal


def _raw(model, pk, *columns):
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {names} FROM {quote(model._meta.db_table)} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()


@pytest.mark.django_db
def test_the_column_holds_the_masked_text_and_the_twin_the_sealed_original():
    rating = RatingFactory(
        comment="我的身份证 370502 19900101 1233，手机１３８－１２３４－５６７８"
    )
    comment, sealed = _raw(Rating, rating.pk, "comment", "comment_sealed")
    assert comment == "我的身份证 370***********1233，手机138****5678"
    assert sealed.startswith("v1:")
    for digits in ("19900101", "1234"):
        assert digits not in comment.replace("1233", "")
    fresh = Rating.objects.get(pk=rating.pk)
    assert isinstance(fresh.comment, MaskedText)
    assert str(fresh.comment) == comment
    assert (
        fresh.comment.reveal() == "我的身份证 370502 19900101 1233，手机１３８－１２３４－５６７８"
    )
    # Text without numbers needs no twin.
    plain = RatingFactory(comment="窗口人员态度很好")
    assert _raw(Rating, plain.pk, "comment", "comment_sealed") == ("窗口人员态度很好", "")


@pytest.mark.django_db
def test_an_edit_keeps_the_numbers_it_was_shown_masked():
    rating = RatingFactory(comment=f"请回电{PHONE}，身份证{ID}")
    shown = str(Rating.objects.get(pk=rating.pk).comment)  # what an edit form shows
    rating = Rating.objects.get(pk=rating.pk)
    rating.comment = shown.replace("请回电", "请下午回电")
    rating.save()
    assert Rating.objects.get(pk=rating.pk).comment.reveal() == f"请下午回电{PHONE}，身份证{ID}"


@pytest.mark.django_db
def test_a_bare_update_with_a_number_is_refused_and_the_sealed_update_is_not():
    rating = RatingFactory()
    with pytest.raises(ValueError, match="sealed_values"), transaction.atomic():
        Rating.objects.filter(pk=rating.pk).update(comment=f"电话{PHONE}")
    Rating.objects.filter(pk=rating.pk).update(**sealed_values(Rating, "comment", f"电话{PHONE}"))
    assert Rating.objects.get(pk=rating.pk).comment.reveal() == f"电话{PHONE}"
    with pytest.raises(ValueError, match="both comment and comment_sealed"), transaction.atomic():
        rating.comment = f"电话{PHONE}"
        rating.save(update_fields=["comment"])


@pytest.mark.django_db
def test_a_sealed_original_copied_to_another_row_does_not_open():
    # The twin is bound to its own masked text: pasting one row's ciphertext under another
    # row's text (a database operator's trick) gives an error, never the other's number.
    one = RatingFactory(comment=f"电话{PHONE}")
    other = RatingFactory(comment="电话139****0000")
    (sealed,) = _raw(Rating, one.pk, "comment_sealed")
    Rating.objects.filter(pk=other.pk).update(comment_sealed=sealed)
    with pytest.raises(Exception):  # noqa: B017 - the cipher's own InvalidTag
        Rating.objects.get(pk=other.pk).comment.reveal()


# --- through the services and pages -----------------------------------------------------


@pytest.fixture
def complaint(db, client, settings):
    from onewindow.core.workdays.services import seed_from_package

    seed_from_package([2026])
    response = client.post(
        "/feedback/orders/complain/",
        {
            "kind": "complaint",
            "subject": "身份证370502 19900101 1233的业务被拒",
            "content": "我叫王五，手机１３８－１２３４－５６７８，请尽快回电。",
            "requester_name": "王五",
            "requester_phone": "13912345678",
        },
    )
    assert response.status_code == 200
    assert "19900101" not in response.content.decode()
    return WorkOrder.objects.get()


def test_a_complaint_is_stored_sealed_and_shown_masked(complaint, client):
    subject, content = _raw(WorkOrder, complaint.pk, "subject", "content")
    assert subject == "身份证370***********1233的业务被拒"
    assert content == "我叫王五，手机138****5678，请尽快回电。"
    staff = supervisor()
    client.force_login(staff)
    page = client.get(reverse("feedback:order_detail", args=[complaint.number]))
    html = page.content.decode()
    assert "138****5678" in html and "370***********1233" in html
    assert "19900101" not in html and "１２３４" not in html
    assert "查看原文" in html


def test_the_handler_reveals_the_original_once_audited(complaint, client):
    staff = supervisor()
    client.force_login(staff)
    url = reverse("core:reveal_text", args=["feedback.workorder", complaint.pk, "content"])
    response = client.post(url)
    assert response.status_code == 200
    assert "１３８－１２３４－５６７８" in response.content.decode()
    [event] = AuditEvent.objects.filter(action=PII_REVEAL, object_id=str(complaint.pk))
    assert event.actor_id == staff.pk
    assert event.after == {"field": "content"}


def test_nobody_else_can_reveal_it(complaint, client):
    url = reverse("core:reveal_text", args=["feedback.workorder", complaint.pk, "content"])
    assert client.post(url).status_code == 302  # to the login page
    for stranger in (UserFactory(citizen=True), UserFactory(clerk=True)):
        client.force_login(stranger)
        assert client.post(url).status_code == 404
    client.force_login(supervisor())
    # Only declared fields of declared models: nothing else can be opened this way.
    other = reverse("core:reveal_text", args=["feedback.workorderevent", 1, "note"])
    assert client.post(other).status_code == 404
    assert client.get(url).status_code == 405
    assert not AuditEvent.objects.filter(action=PII_REVEAL).exists()


@pytest.mark.django_db
def test_the_report_never_reveals_on_the_public_page_or_in_the_word_file(client):
    leader = UserFactory(role="leader")
    inspection, _parts = build_ledger(leader)
    draft = reports.create_draft(inspection, actor=leader)
    reports.edit_narrative(
        draft,
        actor=leader,
        title=f"整改通报（联系人手机{PHONE}）",
        narrative={"work_done": f"一是整改落实。群众王五（身份证{ID}）反映的问题已解决。"},
    )
    published = reports.publish(draft, actor=leader)
    page = client.get(reverse("rectification:public_report", args=[published.slug]))
    html = page.content.decode()
    assert "138****5678" in html and "370***********1233" in html
    assert PHONE not in html and ID not in html
    client.force_login(leader)
    response = client.get(reverse("rectification:report_docx", args=[published.pk]))
    assert PHONE not in response["Content-Disposition"]
    assert "138" in response["Content-Disposition"]
    body = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert PHONE not in body and ID not in body and "370***********1233" in body
    # Public feedback on it with a number in the text: kept sealed, and its work order too.
    client.logout()
    client.post(
        reverse("rectification:public_report", args=[published.slug]),
        {"content": f"建议增加停车位，我的电话{PHONE}"},
    )
    feedback = ReportFeedback.objects.get()
    assert _raw(ReportFeedback, feedback.pk, "content")[0] == "建议增加停车位，我的电话138****5678"
    assert str(feedback.work_order.content) == "建议增加停车位，我的电话138****5678"
    # The leader's editing copy still has what was written, for an audited reveal.
    draft.refresh_from_db()
    field = draft._meta.get_field("narrative")
    assert ID in field.reveal(draft)["work_done"]
