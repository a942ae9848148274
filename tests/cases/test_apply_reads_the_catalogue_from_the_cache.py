"""services.apply with the published version cached (issue 17, decision 0045): the case is
written once, already submitted, with the records of a draft's submission; the catalogue
and the 秒批 rules are not read again; a change of the rules reaches the next application.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onewindow.cases import services
from onewindow.cases.constants import CaseStatus, HandlingMode, InstantRuleKind
from onewindow.cases.instant import approval as instant
from onewindow.cases.models import Case, CaseEvent
from onewindow.core.audit.models import AuditEvent
from tests.cases.factories import freeze
from tests.cases.test_instant_approval import (
    GOOD_FORM,
    TODAY,
    case_audit,
    citizen,
    instant_item,
    publisher,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch, calendar_2026):
    freeze(monkeypatch, TODAY)


RULES = [{"kind": InstantRuleKind.APPLICANT_VERIFIED}, {"kind": InstantRuleKind.MATERIALS_COMPLETE}]


def _apply(the_item, applicant, supplied=None):
    if supplied is None:
        supplied = [m.material_type_id for m in the_item.published_version.materials.all()]
    return services.apply(
        applicant,
        item=the_item.code,
        supplied=supplied,
        form_data={**GOOD_FORM, "id_number": applicant.id_number.reveal()},
    )


def test_a_cached_application_reads_no_catalogue_and_writes_the_submissions_records():
    the_item = instant_item(rules=[])  # on the list, no rules: a person decides
    _apply(the_item, citizen())  # fills the cache
    applicant = citizen()
    supplied = [m.material_type_id for m in the_item.published_version.materials.all()]

    with CaptureQueriesContext(connection) as queries:
        case = _apply(the_item, applicant, supplied)

    statements = [q["sql"] for q in queries.captured_queries]
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert not [s for s in reads if "catalog_" in s or "cases_instantrule" in s], reads
    assert not [s for s in statements if s.lstrip().upper().startswith('UPDATE "CASES_CASE"')]
    assert sum(s.startswith('INSERT INTO "cases_case" ') for s in statements) == 1

    stored = Case.objects.get(pk=case.pk)
    assert stored.number == case.number and stored.status == CaseStatus.SUBMITTED
    assert stored.submitted_at is not None and stored.version_lock == 1
    assert stored.form_data["id_number"].startswith("v1:")  # encrypted at rest, as always
    assert stored.materials.count() == the_item.published_version.materials.count()
    event = CaseEvent.objects.get(case=case)
    assert (event.action, event.status_from, event.status_to) == ("submit", "draft", "submitted")
    start, submit = case_audit(case, "start").get(), case_audit(case, "submit").get()
    assert start.seq < submit.seq
    assert start.after["number"] == case.number and start.after["item"] == the_item.code
    assert submit.before == {"status": "draft"}
    assert submit.after["status"] == "submitted" and len(submit.after["supplied"]) == 3
    assert not AuditEvent.objects.filter(action="case.start", object_id="").exists()


def test_new_instant_rules_reach_the_next_application_at_once():
    the_item = instant_item(rules=[])
    first = _apply(the_item, citizen())  # cached with no rules
    assert first.status == CaseStatus.SUBMITTED and first.handling_mode == HandlingMode.MANUAL

    instant.set_rules(publisher(), the_item, RULES)
    approved = _apply(the_item, citizen())
    assert approved.status == CaseStatus.DECIDED
    assert approved.handling_mode == HandlingMode.INSTANT

    instant.set_rules(publisher(), the_item, [])
    assert _apply(the_item, citizen()).status == CaseStatus.SUBMITTED
