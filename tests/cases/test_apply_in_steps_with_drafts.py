"""The online application in steps with 暂存 drafts (issue 15, item 8).

Through the pages the applicant uses: each step saves the draft on the server; a file
given once stays on the draft through a validation error and is used at submission; the
draft is the applicant's own (another user gets 404), can be deleted and expires.
"""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from onewindow.cases import form_data
from onewindow.cases.constants import CaseStatus, MaterialStatus
from onewindow.cases.intake import drafts
from onewindow.cases.models import ApplicantDocument, ApplicationDraft, Case
from tests.accounts.factories import UserFactory
from tests.cases.test_online_application import (
    ID_NUMBER,
    PHONE,
    apply_url,
    shop_item,
    stored_files,
    type_ids,
)
from tests.cases.upload_samples import docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    return root


def post_step(client, item, step, data=None, *, draft=None, action="next"):
    payload = {"step": str(step), "action": action, **(data or {})}
    if draft is not None:
        payload["draft"] = str(draft.pk)
    return client.post(apply_url(item), payload)


def only_draft(user) -> ApplicationDraft:
    return ApplicationDraft.objects.get(applicant=user)


def step_one(client, item, user, **overrides):
    data = {"applicant_name": "王小明", "id_number": ID_NUMBER, "phone": PHONE, **overrides}
    return post_step(client, item, 1, data)


def test_a_citizen_applies_in_four_steps_and_the_draft_goes_with_the_submission(client, media):
    item = shop_item()
    citizen = UserFactory(citizen=True)
    client.force_login(citizen)
    page = client.get(apply_url(item)).content.decode()
    assert "1 申请人信息" in page and "经营者姓名" in page and "暂存" in page

    response = step_one(client, item, citizen)
    draft = only_draft(citizen)
    assert response.status_code == 302
    assert response["Location"] == f"{apply_url(item)}?draft={draft.pk}&step=2"
    # Personal data on the draft is sealed like a submitted case's form.
    raw = json.dumps(draft.form_data)
    assert ID_NUMBER not in raw and PHONE not in raw
    assert draft.form_data["id_number"].startswith("v1:")
    assert draft.form_data["applicant_name"] == "王小明"

    step2 = client.get(response["Location"]).content.decode()
    assert "组成形式" in step2 and "经营者姓名" not in step2
    response = post_step(client, item, 2, {"form": "个人经营", "area": "35.5"}, draft=draft)
    assert response["Location"].endswith("step=3")

    ids = type_ids(item)
    files = {
        f"material_{ids['身份证明']}": upload("身份证.pdf", pdf_bytes("id")),
        f"material_{ids['经营场所证明']}": upload("场所证明.docx", docx_bytes()),
    }
    response = post_step(client, item, 3, files, draft=draft)
    assert response["Location"].endswith("step=4")
    confirm = client.get(response["Location"]).content.decode()
    assert "身份证.pdf" in confirm and "场所证明.docx" in confirm
    assert "王小明" in confirm and ID_NUMBER not in confirm and "暂缺（容缺受理）" in confirm

    response = post_step(client, item, 4, draft=draft, action="submit")
    case = Case.objects.get(applicant=citizen)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", kwargs={"number": case.number})
    assert case.status == CaseStatus.SUBMITTED
    assert form_data.plain(case)["id_number"] == ID_NUMBER
    assert case.form_data["area"] == 35.5  # cleaned by the service at submission
    by_name = {m.name: m for m in case.materials.all()}
    assert by_name["身份证明"].status == MaterialStatus.SUPPLIED
    assert by_name["身份证明"].document.original_name == "身份证.pdf"
    assert not ApplicationDraft.objects.exists()
    assert len(stored_files(media)) == 2


def test_a_file_chosen_before_a_validation_error_stays_on_the_draft(client, media):
    item = shop_item()
    citizen = UserFactory(citizen=True)
    client.force_login(citizen)
    step_one(client, item, citizen)
    draft = only_draft(citizen)
    post_step(client, item, 2, {"form": "个人经营"}, draft=draft)
    ids = type_ids(item)
    # One good file, one refused (an HTML page named .pdf), one missing material.
    response = post_step(
        client,
        item,
        3,
        {
            f"material_{ids['身份证明']}": upload("身份证.pdf", pdf_bytes("id")),
            f"material_{ids['经营场所证明']}": upload("场所.pdf", b"<html><script>x</script>"),
        },
        draft=draft,
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "已选择的文件已保存在草稿中" in html
    assert "不接受网页（HTML）" in html
    assert "已选择：身份证.pdf（已保存在草稿中）" in html
    assert set(drafts.kept(draft)) == {ids["身份证明"]}

    # The failed step is fixed with the missing file only; the first one is not given again.
    response = post_step(
        client,
        item,
        3,
        {f"material_{ids['经营场所证明']}": upload("场所证明.docx", docx_bytes())},
        draft=draft,
    )
    assert response["Location"].endswith("step=4")
    # A failed submission (a form mistake) keeps the files too.
    post_step(client, item, 1, {"applicant_name": ""}, draft=draft, action="save")
    response = post_step(client, item, 4, draft=draft, action="submit")
    html = response.content.decode()
    assert response.status_code == 400
    assert "请填写经营者姓名" in html and 'aria-current="step">1 申请人信息' in html
    assert not Case.objects.exclude(status=CaseStatus.DRAFT).exists()
    assert set(drafts.kept(draft)) == {ids["身份证明"], ids["经营场所证明"]}

    post_step(client, item, 1, {"applicant_name": "王小明"}, draft=draft)
    response = post_step(client, item, 4, draft=draft, action="submit")
    assert response.status_code == 302
    case = Case.objects.get(applicant=citizen, status=CaseStatus.SUBMITTED)
    assert case.materials.get(name="经营场所证明").document.original_name == "场所证明.docx"
    # Personal data typed in step 1 survived the later saves (never echoed, kept sealed).
    assert form_data.plain(case)["phone"] == PHONE


def test_save_lists_the_draft_under_my_drafts_to_resume_or_delete(client):
    item = shop_item()
    citizen = UserFactory(citizen=True)
    client.force_login(citizen)
    response = post_step(client, item, 1, {"applicant_name": "王小明"}, action="save")
    draft = only_draft(citizen)
    assert response["Location"] == f"{apply_url(item)}?draft={draft.pk}&step=1"
    page = client.get(response["Location"]).content.decode()
    assert "已暂存" in page and 'value="王小明"' in page

    mine = client.get(reverse("cases:my_drafts")).content.decode()
    assert item.published_version.name in mine and f"draft={draft.pk}" in mine
    # Coming back to the item resumes the draft; ?fresh=1 starts another.
    response = client.get(apply_url(item))
    assert response["Location"] == f"{apply_url(item)}?draft={draft.pk}&step=1"
    fresh = client.get(f"{apply_url(item)}?fresh=1").content.decode()
    assert f'name="draft" value="{draft.pk}"' not in fresh and 'value="王小明"' not in fresh

    response = client.post(reverse("cases:delete_draft", kwargs={"draft_id": draft.pk}))
    assert response.status_code == 302
    assert not ApplicationDraft.objects.exists()
    assert "没有暂存的草稿" in client.get(reverse("cases:my_drafts")).content.decode()


def test_another_users_draft_is_not_found(client):
    item = shop_item()
    owner = UserFactory(citizen=True)
    client.force_login(owner)
    post_step(client, item, 1, {"applicant_name": "王小明"}, action="save")
    draft = only_draft(owner)

    client.force_login(UserFactory(citizen=True))
    assert client.get(f"{apply_url(item)}?draft={draft.pk}&step=1").status_code == 404
    response = post_step(client, item, 2, {"form": "个人经营"}, draft=draft)
    assert response.status_code == 404
    response = client.post(reverse("cases:delete_draft", kwargs={"draft_id": draft.pk}))
    assert response.status_code == 404
    assert 'data-testid="draft-row"' not in client.get(reverse("cases:my_drafts")).content.decode()
    draft.refresh_from_db()
    assert draft.form_data == {"applicant_name": "王小明"}


def test_drafts_expire_after_the_configured_days_and_are_purged(client, settings):
    settings.CASES_DRAFT_DAYS = 7
    item = shop_item()
    citizen = UserFactory(citizen=True)
    client.force_login(citizen)
    post_step(client, item, 1, {"applicant_name": "王小明"}, action="save")
    draft = only_draft(citizen)
    assert timedelta(days=6) < draft.expires_at - timezone.now() <= timedelta(days=7)

    ApplicationDraft.objects.filter(pk=draft.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(f"{apply_url(item)}?draft={draft.pk}").status_code == 404
    assert "没有暂存的草稿" in client.get(reverse("cases:my_drafts")).content.decode()
    call_command("purge_expired_drafts")
    assert not ApplicationDraft.objects.exists()


def test_a_documents_kept_by_a_deleted_draft_stay_in_the_library(client):
    item = shop_item()
    citizen = UserFactory(citizen=True)
    client.force_login(citizen)
    step_one(client, item, citizen)
    draft = only_draft(citizen)
    ids = type_ids(item)
    post_step(
        client,
        item,
        3,
        {f"material_{ids['身份证明']}": upload("身份证.pdf", pdf_bytes("id"))},
        draft=draft,
        action="save",
    )
    client.post(reverse("cases:delete_draft", kwargs={"draft_id": draft.pk}))
    assert ApplicantDocument.objects.filter(owner=citizen).count() == 1
    page = client.get(f"{apply_url(item)}?step=3&fresh=1").content.decode()
    assert "使用材料库中的文件“身份证.pdf”" in page


def test_staff_cannot_save_a_draft(client):
    from tests.cases.factories import clerk

    item = shop_item()
    client.force_login(clerk())
    response = post_step(client, item, 1, {"applicant_name": "王小明"}, action="save")
    assert response.status_code == 403
    assert not ApplicationDraft.objects.exists()


def test_the_last_step_takes_the_delivery_choice_with_the_services_checks(client, media):
    """送达方式 at 确认提交: 电子送达 without consent is refused on that step (the draft
    stays); with consent the case is submitted with it."""
    item = shop_item()
    citizen = UserFactory(citizen=True)
    client.force_login(citizen)
    step_one(client, item, citizen)
    draft = only_draft(citizen)
    post_step(client, item, 2, {"form": "个人经营"}, draft=draft)
    ids = type_ids(item)
    post_step(
        client,
        item,
        3,
        {
            f"material_{ids['身份证明']}": upload("身份证.pdf", pdf_bytes("id")),
            f"material_{ids['经营场所证明']}": upload("场所证明.pdf", pdf_bytes("place")),
        },
        draft=draft,
    )
    refused = post_step(
        client, item, 4, {"delivery_method": "electronic"}, draft=draft, action="submit"
    )
    assert refused.status_code == 400
    assert "须同意以站内信方式电子送达" in refused.content.decode()
    assert not Case.objects.filter(applicant=citizen).exclude(status=CaseStatus.DRAFT).exists()
    assert ApplicationDraft.objects.filter(pk=draft.pk).exists()

    done = post_step(
        client,
        item,
        4,
        {"delivery_method": "electronic", "e_delivery_consent": "on"},
        draft=draft,
        action="submit",
    )
    case = Case.objects.get(applicant=citizen, status=CaseStatus.SUBMITTED)
    assert done.status_code == 302 and case.delivery_method == "electronic"
    assert case.e_delivery_consent_at is not None
