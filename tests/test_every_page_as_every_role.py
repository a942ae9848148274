"""Walk every page, export and API read of the demo as every role (and anonymously).

Two promises are checked on everything a user can reach:
- no full ID number or phone appears anywhere (pages, Excel exports, JSON), including the
  ones planted, in the forms people type them, into every free-text field of the demo;
- nothing answers with a server error.
And for pages that show one person's record, every owner's IDs are tried as every other
user: only the allowed viewers get 200, the rest get 404.

New URLs must be added to ``URL_KWARGS`` (a test fails until they are), so the walk keeps
covering every page as the platform grows.
"""

import io
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from onewindow.accounts.constants import Role
from onewindow.accounts.demo import DEMO_USERNAMES
from onewindow.accounts.models import User
from onewindow.cases.models import Delivery
from onewindow.core import demo
from onewindow.core.inbox.models import InboxMessage
from onewindow.core.pii.freetext import PersonalJSONField, personal_fields
from onewindow.org.models import ServiceSite
from tests.core.pii_fixtures import valid_id_numbers, valid_phones

# Pages that only take POST (their GET is refused or redirects) are still requested:
# a GET must never be a server error either.
URL_KWARGS = {
    "dashboard:home": [{}],
    "accounts:login": [{}],
    "accounts:logout": [{}],
    "accounts:register_citizen": [{}],
    "accounts:register_enterprise": [{}],
    "accounts:activate": [{}],
    "accounts:password_change": [{}],
    "accounts:notification_settings": [{}],
    "accounts:otp": [{}],
    "accounts:me": [{}],
    "accounts:user_list": [{}],
    "accounts:user_detail": "users",
    "accounts:reveal": [],  # POST only; covered by the reveal tests
    "accounts:lockouts": [{}],
    "accounts:token_revoke": [{"pk": 1}],  # POST only: a GET is refused
    "accounts:admin_changes": [{}],
    "accounts:admin_change": [{"pk": 1}],  # none in the demo: 404 for all
    "org:network": [{}],
    "org:site_list": [{"kind": k} for k in ("town_centre", "community_centre", "online_branch")],
    "org:site_detail": "sites",
    "org:staff_directory": [{}],
    "org:staff_detail": "users",
    "workdays:calendar": [{}],
    "workdays:year": [{"year": 2026}, {"year": 2027}],
    "workdays:verify_year": [{"year": 2026}],
    "workdays:set_day": [{}],
    "audit:list": [{}],
    "audit:export": [{}],
    "core:reveal_text": [],  # POST only; covered by tests/security/test_free_text_personal_data.py
    "set_language": [{}],
    "api:openapi-json": [{}],
    "api:openapi-view": [{}],
    "api:register_citizen": [],  # POST only
    "api:register_enterprise": [],  # POST only
    "api:me": [{}],
    "api:reveal_mine": [],  # POST only
    "api:my_notification_channels": [{}],
    "api:set_my_notification_channels": [],  # PUT only (same path as the GET)
    "api:users": [{}],
    "api:user": "api_users",
    "api:roles": [{}],
    "api:add_workdays": [{}],
    "api:workdays_between": [{}],
    "api:calendar_year": [{"year": 2026}],
    "api:list_events": [{}],
    "api:list_departments": [{}],
    "api:list_sites": [{}],
    "api:get_site": "api_sites",
    "api:summary": [{}],
    "api:api-root": [],
    # catalog-core: management pages, cases, catalogue API (codes from the demo catalogue)
    "catalog:manage_items": [{}],
    "catalog:manage_review": [{}],
    "catalog:manage_item_create": [{}],
    "catalog:manage_item": [{"code": "37050200ZJJ-XK-0001"}, {"code": "NO-SUCH-ITEM"}],
    "catalog:manage_item_history": [{"code": "37050200ZJJ-XK-0001"}],
    "catalog:manage_item_revise": [{"code": "37050200ZJJ-XK-0001"}],  # POST only
    "catalog:manage_item_withdraw": [{"code": "37050200ZJJ-XK-0001"}],
    "catalog:manage_list_add": [{"code": "37050200ZJJ-XK-0001"}],  # POST only
    "catalog:manage_list_remove": [{"pk": 1}],  # POST only
    "catalog:manage_version": [{"pk": 1}, {"pk": 2}],
    "catalog:manage_version_edit": [{"pk": 1}],
    "catalog:manage_version_submit": [{"pk": 1}],  # POST only
    "catalog:manage_version_publish": [{"pk": 1}],  # POST only
    "catalog:manage_version_reject": [{"pk": 1}],
    "catalog:manage_bundles": [{}],
    "catalog:manage_bundle_create": [{}],
    "catalog:manage_bundle_edit": [{"code": "BUNDLE-CJR"}],
    "catalog:manage_industries": [{}],
    "catalog:manage_industry_create": [{}],
    "catalog:manage_industry_edit": [{"code": "YYYZ-BG"}],
    "cases:detail": [{"number": "DY20260101000001"}],
    "cases:start": [{"item_code": "37050200ZJJ-XK-0001"}],  # POST only
    # cases-applicant: apply online (item, bundle), my cases, supplement, a file, tracking
    "cases:apply": [{"item_code": "37050200ZJJ-XK-0001"}, {"item_code": "NO-SUCH-ITEM"}],
    "cases:apply_bundle": [{"code": "BUNDLE-QYKB"}, {"code": "NO-SUCH-BUNDLE"}],
    "cases:my_cases": [{}],
    "cases:my_drafts": [{}],
    "cases:delete_draft": [{"draft_id": 999999}],
    "cases:supplement": [{"number": "DY20260101000001"}],
    "cases:document": [{"token": "unknown-token-00000000000000000000"}],
    "cases:track": [{}],
    # certificates: the public check (an unknown token: 404), downloads, delivery
    "cases:verify": [{"token": "unknown-token-0000000000000000000000000000"}],
    "cases:certificate_pdf": [{"number": "DYXK2026000001"}],
    "cases:certificate_revoke": [],  # POST only
    "cases:deliver": [{"number": "DY20260101000001"}],
    "cases:start_industry": [],  # POST only
    # cases-window and departments: the queue, a case, apply on behalf, notices,
    # the worklist, a task (a random pk: 404 for all but its department), warnings
    "cases:window_queue": [{}],
    "cases:window_case": [{"number": "DY20260101000001"}],
    "cases:window_apply": [{}],
    "cases:window_activation_slip": [{}],  # POST only: a GET is refused
    "cases:notice": [
        {"number": "DY20260101000001", "kind": k} for k in ("receipt", "acceptance", "nonsense")
    ],
    "cases:department_worklist": [{}],
    "cases:department_task": [{"pk": 1}],
    "cases:overdue": [{}],
    "cases:extend": [{"number": "DY20260101000001"}],
    # cases-statistics: the statistics of 2020 (the demo's year), its export, 企业开办
    "cases:statistics": [{}],
    "cases:statistics_export": [{}],
    "cases:startup": [{}],
    # cases-instant: the 秒批 rules pages (bureau publishers; everyone else 404)
    "cases:instant_items": [{}],
    "cases:instant_rules": [{"item_code": "37050200MZJ-GG-0001"}, {"item_code": "NO-SUCH-ITEM"}],
    "api:cases_apply": [],  # POST only
    "api:cases_mine": [{}],
    "api:cases_worklist": [{}],
    "api:cases_detail": [{"number": "DY20260101000001"}],
    "api:cases_timeline": [{"number": "DY20260101000001"}],
    "api:catalog_items": [{}],
    "api:catalog_item": [{"code": "37050200ZJJ-XK-0001"}],
    "api:catalog_item_versions": [{"code": "37050200ZJJ-XK-0001"}],
    "api:catalog_lists": [{}],
    "api:catalog_list": [{"list_code": c} for c in ("chain", "conditional", "delegated")],
    "api:catalog_bundles": [{}],
    "api:catalog_bundle": [{"code": "BUNDLE-CJR"}],
    "api:catalog_industries": [{}],
    "api:catalog_industry": [{"code": "YYYZ-BG"}],
    "api:catalog_create_item": [],  # POST only
    "api:catalog_start_revision": [],  # POST only
    "api:catalog_submit_version": [],  # POST only
    "api:catalog_publish_version": [],  # POST only
    "api:catalog_reject_version": [],  # POST only
    "api:catalog_create_bundle": [],  # POST only (its GET is api:catalog_bundles)
    "api:catalog_create_industry": [],  # POST only (its GET is api:catalog_industries)
    # catalog-excel: exports (public), the template, the import and a job (a random id: 404)
    "catalog:excel_export": [{}],
    "catalog:excel_export_list": [{"list_code": c} for c in ("chain", "conditional", "delegated")],
    "catalog:excel_template": [{}],
    "catalog:excel_import": [{}],
    "catalog:excel_import_job": [{"job_id": "6f1c2d3e-4b5a-4c6d-8e7f-901234567890"}],
    # catalog-public: the public catalogue (codes from the demo catalogue; unknown ones 404)
    "catalog:browse": [{}],
    "catalog:search": [{}],
    "catalog:list": [
        {"list_code": c}
        for c in ("chain", "conditional", "high_frequency", "delegated", "instant", "nonsense")
    ],
    "catalog:department": [{"code": "ST-ZJJ"}, {"code": "BU-GEN"}],
    "catalog:life_event": [{"life_event": "construction"}, {"life_event": "birth"}],
    "catalog:item_guide": [{"code": "37050200ZJJ-XK-0001"}, {"code": "ZJJ-XK-0001"}],
    "catalog:bundle_guide": [{"code": "BUNDLE-KBCG"}, {"code": "NO-SUCH-BUNDLE"}],
    "catalog:industry_list": [{}],
    "catalog:industry": [{"code": "YYYZ-CY"}, {"code": "NO-SUCH-INDUSTRY"}],
    # feedback-ratings: the QR code's page (a forged token: refused), the window screen,
    # the staff's list and a rating, the applicant's online rating, the spot check
    "feedback:rate": [{"token": "forged-key:forged-signature"}],
    "feedback:rate_thanks": [{}],
    "feedback:window_screen": [{"window_id": 1}],
    "feedback:new_visit": [],  # POST only
    "feedback:ratings": [{}],
    "feedback:rating_detail": [{"pk": 1}],
    "feedback:rate_case": [{"number": "DY20260101000001"}],
    "feedback:spot_check": [{}],
    # feedback-public: the published 好差评 figures and their JSON
    "feedback:public": [{}],
    "feedback:public_data": [{}],
    # feedback-orders: the list, registration, appeals, the public 吐槽找茬 form, an order
    "feedback:orders": [{}],
    "feedback:order_new": [{}],
    "feedback:appeals": [{}],
    "feedback:online_complaint": [{}],
    "feedback:order_detail": [{"number": "GD2020010200001"}, {"number": "NO-SUCH-ORDER"}],
    "feedback:order_action": [],  # POST only
    # rectification-report: the reports (a random pk: 404 unless the demo has it), the
    # Word file, the public list and an unknown public address (404)
    "rectification:reports": [{}],
    "rectification:report_new": [],  # POST only
    "rectification:report_detail": [{"pk": 1}],
    "rectification:report_docx": [{"pk": 1}],
    "rectification:public_reports": [{}],
    "rectification:public_report": [{"slug": "no-such-report"}],
    # rectification-excel: the demo inspection's 台账 (and an unknown one: 404), the import
    "rectification:ledger_export": [{"pk": 1}, {"pk": 999999}],
    "rectification:ledger_import": [{}],
    # rectification-ledger: the inspections, the demo inspection's ledger, lists, a problem,
    # a measure, an evidence file (pk 1 and unknown ones: 404 unless allowed), new entries
    "rectification:ledger": [{}],
    "rectification:inspection": [{"pk": 1}, {"pk": 999999}],
    "rectification:inspection_new": [{}],
    "rectification:problem_new": [{"pk": 1}],
    "rectification:lists": [
        {"pk": 1, "tab": t} for t in ("problems", "tasks", "responsibilities", "x")
    ],
    "rectification:lists_print": [{"pk": 1, "tab": "responsibilities"}],
    "rectification:problem": [{"pk": 1}, {"pk": 999999}],
    "rectification:measure_new": [{"pk": 1}],
    "rectification:measure": [{"pk": 1}, {"pk": 999999}],
    "rectification:evidence": [{"pk": 1}, {"pk": 999999}],
    # cases-search: staff search, its export, a case read-only (unknown: 404)
    "cases:search": [{}],
    "cases:search_export": [{}],
    "cases:search_case": [{"number": "DY20260101000001"}],
    # 电子送达: the holder's page (others 404) and the printable 送达回证
    "cases:e_delivery": "e_deliveries",
    "cases:e_delivery_proof": "e_deliveries",
    # 站内信: one's own inbox; someone else's message is a 404
    "inbox:list": [{}],
    "inbox:message": "inbox_messages",
    "inbox:read_all": [],  # POST only
    "api:inbox": [{}],
    "api:inbox_unread": [{}],
    "api:inbox_mark_read": [],  # POST only
    "api:inbox_read_all": [],  # POST only
    "healthz": [{}],
    "readyz": [{}],
    "hall:board": [{}],
    "hall:patrols": [{}],
    "hall:attendance": [{}],
    "hall:window_record": [{"pk": 1}, {"pk": 999999}],
    "hall:notices": [{}],
    "hall:notice_detail": [{"pk": 1}, {"pk": 999999}],
    "hall:notice_word": [{"pk": 1}],
    "hall:assessments": [{}],
    "hall:assessment_detail": [{"pk": 1}, {"pk": 999999}],
    "hall:yearly": [{}],
    "hall:rules": [{}],
    "hall:staff": [{}],
    "hall:leave": [{}],
    "hall:reviews": [{}],
    "hall:reviews_export": [{}],
    "hall:review": [{"pk": 1}, {"pk": 999999}],
    "hall:network": [{}],
    "hall:site_desk": [{}],
    "hall:site_case": [{"number": "DY000"}],
    "hall:pilot_detail": [{"pk": 1}, {"pk": 999999}],
    "hall:queue_take": [{}],
    "hall:desk": [{}],
    "hall:display": [{}],
    "api:kiosk_status": [],  # POST only, kiosk token
    "api:kiosk_track": [],  # POST only, kiosk token
    "api:kiosk_ask": [],  # POST only, kiosk token
    "api:kiosk_apply": [],  # POST only, kiosk token
    # governance: the demo's first records (and unknown ones: 404), POST-only actions
    "rectification:accountability_register": [{"pk": 1}],
    "rectification:accountability_types": [{}],
    "governance:home": [{}],
    "governance:meetings": [{}],
    "governance:meeting_new": [{}],
    "governance:meeting": [{"pk": 1}, {"pk": 999999}],
    "governance:minutes_docx": [{"pk": 1}],
    "governance:meeting_action": [],  # POST only
    "governance:item_action": [],  # POST only
    "governance:filings": [{}],
    "governance:expenditures": [{}],
    "governance:expenditure": [{"pk": 1}, {"pk": 999999}],
    "governance:expenditure_sign": [],  # POST only
    "governance:contracts": [{}],
    "governance:contract": [{"pk": 1}],
    "governance:milestone_action": [],  # POST only
    "governance:assets": [{}],
    "governance:asset": [{"pk": 1}, {"pk": 999999}],
    "governance:asset_labels": [{}],
    "governance:reconciliation": [{"pk": 1}],
    "governance:inventory_new": [],  # POST only
    "governance:inventory": [{"pk": 999999}],
    "governance:talks": [{}],
    "governance:selections": [{}],
    "governance:selection": [{"pk": 1}],
    "governance:notice_docx": [{"pk": 1}],
    "governance:study": [{}],
    "governance:talk_new": [{}],
    "governance:risk_new": [{}],
    "governance:risk_evaluate": [{"pk": 1}],
    "governance:education_new": [{}],
    "governance:contract_new": [{}],
    "governance:selection_new": [{}],
    "governance:selection_step": [{"pk": 1}],
    "governance:objection_new": [{"pk": 1}],
    "governance:objection_resolve": [{"pk": 999999}],
    "governance:file_check": [],  # POST only
    "governance:study_new": [{"kind": k} for k in ("topic", "session", "party-life", "volunteer")],
    # projects: the list, a project (pk 1 and an unknown one: 404), its materials page
    # (applicant or mandated agent), the agent's 代办材料, a 委托书's revocation, the board, the
    # department's worklist, notices, statistics and its export
    "projects:list": [{}],
    "projects:detail": [{"pk": 1}, {"pk": 999999}],
    "projects:materials": [{"pk": 1}, {"pk": 999999}],
    "projects:material_file": [{"pk": 1, "token": "0" * 32}],
    "projects:agent_materials": [{}],
    "projects:mandate_revoke": [{"pk": 1, "mandate": 1}, {"pk": 1, "mandate": 999999}],
    "projects:board": [{}],
    "projects:worklist": [{}],
    "projects:notices": [{}],
    "projects:statistics": [{}],
    "projects:statistics_export": [{}],
    # accounts: 忘记密码, the request and the confirm page (public)
    "accounts:password_reset": [{}],
    "accounts:password_reset_confirm": [{}],
}
QUERY = {
    "catalog:search": "?q=sgxk",
    "api:add_workdays": "?start=2026-09-30&days=5",
    "api:workdays_between": "?start=2026-09-30&end=2026-10-13",
    "cases:statistics": "?year=2020",
    "cases:statistics_export": "?year=2020",
    "cases:search": "?q=DY2026",
    "cases:search_export": "?status=submitted",
    "governance:asset_labels": "?id=1&id=2",
}


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            if full == "admin":
                continue  # the admin is walked through its registry below
            yield from _walk(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_the_walk_covers_every_named_url():
    names = set(_walk(get_resolver().url_patterns))
    assert names - set(URL_KWARGS) == set(), "add the new URLs to URL_KWARGS"


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def _plant_free_text() -> set[str]:
    """Type an ID number and a phone, as people write them, into every free-text field of
    the demo (two rows of each model), and return every form of them that must never show.
    """
    ids, phones = valid_id_numbers(300, seed=1212), valid_phones(300, seed=1212)
    planted, empty = set(), []
    for model in apps.get_models():
        fields = personal_fields(model)
        if not fields:
            continue
        rows = list(model._default_manager.order_by("pk")[:2])
        if not rows:
            empty.append(model._meta.label)
        for row in rows:
            names = []
            for field in fields:
                id_number, phone = ids.pop(), phones.pop()
                spaced = f"+86 {phone[:3]} {phone[3:7]} {phone[7:]}"
                typed = f"联系人身份证{_full_width(id_number)}，电话{spaced}"
                if isinstance(field, PersonalJSONField):
                    value = {**getattr(row, field.name), "work_done": typed}
                else:
                    value = typed
                setattr(row, field.name, value)
                names += [field.name, field.sealed_attname]
                planted |= {id_number, phone, _full_width(id_number), spaced}
            row.save(update_fields=names)
    # Models still without demo rows; any other model with free text must be covered.
    assert set(empty) <= FREE_TEXT_WITHOUT_DEMO_ROWS, empty
    return planted


# Free-text models the demo has no rows of yet (their free text is replayed in
# tests/security/test_free_text_personal_data.py instead).
FREE_TEXT_WITHOUT_DEMO_ROWS = {
    "rectification.ProgressReport",
    "rectification.ReportFeedback",
    "governance.FilingComment",
    "governance.AuditSampleItem",
    "governance.RiskEvaluation",
    "governance.Objection",
}


@pytest.fixture
def demo_world(db):
    for _step in demo.load_all():
        pass
    users = list(User.objects.all())
    secrets = _plant_free_text()
    for user in users:
        for value in (user.phone, user.id_number):
            if value:
                secrets.add(value.reveal())
    return users, secrets


def _samples(users):
    """A few owners of each kind, so each viewer also meets other people's records."""
    by_kind = {}
    for user in users:
        key = (user.kind, user.department_id is not None, bool(user.admin_role))
        by_kind.setdefault(key, []).append(user)
    return [u for group in by_kind.values() for u in group[:2]]


def _first_message_of_each_recipient() -> list[int]:
    first = {}
    for pk, recipient in InboxMessage.objects.order_by("pk").values_list("pk", "recipient_id"):
        first.setdefault(recipient, pk)
    return list(first.values())


def _urls(users):
    kinds = ("service_hall", "town_centre", "village_station")
    sites = [ServiceSite.objects.filter(kind=kind).first() for kind in kinds]
    targets = {
        "users": [{"pk": u.pk} for u in _samples(users)],
        "api_users": [{"user_id": u.pk} for u in _samples(users)],
        "sites": [{"pk": s.pk} for s in sites],
        "api_sites": [{"site_id": s.pk} for s in sites],
        "e_deliveries": [
            {"number": number}
            for number in Delivery.objects.filter(method="electronic").values_list(
                "case__number", flat=True
            )
        ]
        + [{"number": "DY20260101000001"}],
        "inbox_messages": [{"pk": pk} for pk in _first_message_of_each_recipient()[:6]]
        + [{"pk": 999999999}],
    }
    urls = []
    for name, kwargs_list in URL_KWARGS.items():
        for kwargs in targets[kwargs_list] if isinstance(kwargs_list, str) else kwargs_list:
            urls.append(reverse(name, kwargs=kwargs) + QUERY.get(name, ""))
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:%s_%s_changelist" % info))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:%s_%s_change" % info, args=[first.pk]))
    return urls + [reverse("admin:index")]


def _text_of(response) -> str:
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return body.decode("utf-8", errors="replace")


def _get(client, url):
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)
    return _text_of(response) if response.status_code == 200 else ""


def _client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


ID_LIKE = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")


def test_no_page_export_or_api_answer_shows_full_personal_data(demo_world):
    users, secrets = demo_world
    assert len(secrets) > 100  # the demo holds phones and ID numbers to find
    viewers = [None] + list(User.objects.filter(username__in=DEMO_USERNAMES))
    urls = _urls(users)
    leaks, pages = [], 0
    for viewer in viewers:
        client = _client_for(viewer)
        for url in urls:
            text = _get(client, url)
            pages += bool(text)
            found = [s for s in secrets if s in text] + ID_LIKE.findall(text)
            if found:
                leaks.append((getattr(viewer, "username", "anonymous"), url, found[:3]))
    assert pages > 200
    assert leaks == []


def _may_see_user(viewer, owner) -> bool:
    """The rule for one person's account record, as SECURITY.md states it."""
    if viewer.pk == owner.pk or viewer.has_role(Role.SECURITY_ADMIN, Role.LEADER):
        return True
    return bool(
        viewer.kind == "staff"
        and viewer.department_id
        and owner.kind == "staff"
        and owner.department_id == viewer.department_id
    )


def test_every_owners_record_as_every_other_user_gives_404_unless_allowed(demo_world):
    users, _secrets = demo_world
    owners = _samples(users)
    viewers = list(User.objects.filter(username__in=DEMO_USERNAMES)) + owners
    unexpected = []
    for viewer in viewers:
        client = _client_for(viewer)
        for owner in owners:
            for url in (
                reverse("accounts:user_detail", kwargs={"pk": owner.pk}),
                reverse("api:user", kwargs={"user_id": owner.pk}),
            ):
                status = client.get(url).status_code
                expected = 200 if _may_see_user(viewer, owner) else 404
                if status != expected:
                    unexpected.append((viewer.username, owner.username, url, status, expected))
    assert unexpected == []
