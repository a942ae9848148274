"""The window's screen shows the current visit's code; a new visit shows a new one."""

import re

import pytest
from django.urls import reverse

from onewindow.accounts.constants import Role
from onewindow.feedback.models import RatingToken
from tests.accounts.factories import UserFactory
from tests.cases.factories import submitted_case

from .conftest import make_window, on_duty, rate, supervisor

pytestmark = pytest.mark.django_db

PAYLOAD = re.compile(r'data-qr-payload="([^"]+)"')


def shown_code(client, window, htmx=False):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.get(
        reverse("feedback:window_screen", kwargs={"window_id": window.pk}), **headers
    )
    assert response.status_code == 200
    found = PAYLOAD.search(response.content.decode())
    return found.group(1) if found else None, response.content.decode()


def new_visit(client, window, number):
    return client.post(
        reverse("feedback:new_visit", kwargs={"window_id": window.pk}), {"case_number": number}
    )


def test_a_new_visit_changes_the_code(client, window, clerk):
    client.force_login(clerk)
    code, page = shown_code(client, window)
    assert code is None and "欢迎办事" in page

    first, second = submitted_case(), submitted_case()
    assert new_visit(client, window, first.number).status_code == 302
    code_1, _page = shown_code(client, window, htmx=True)
    assert code_1 and "/feedback/rate/" in code_1

    assert new_visit(client, window, second.number).status_code == 302
    code_2, fragment = shown_code(client, window, htmx=True)
    assert code_2 and code_2 != code_1
    assert second.number in fragment and 'hx-trigger="every' in fragment
    assert "<html" not in fragment  # htmx gets the fragment only

    token = RatingToken.objects.order_by("-id").first()
    assert (token.case, token.window, token.staff) == (second, window, clerk)


def test_a_used_code_leaves_the_screen(client, window, clerk, visit):
    _token, signed = visit
    client.force_login(clerk)
    assert shown_code(client, window)[0].endswith(signed + "/")
    rate(signed, level=5)
    assert shown_code(client, window, htmx=True)[0] is None


def test_an_unknown_case_number_is_a_message(client, window, clerk):
    client.force_login(clerk)
    response = new_visit(client, window, "DY-NO-SUCH")
    assert response.status_code == 400
    assert "未找到该办件" in response.content.decode()
    assert RatingToken.objects.count() == 0


def test_only_the_windows_clerks_start_visits(client, window, clerk):
    other_clerk = on_duty(UserFactory(clerk=True), make_window("A02"))
    case = submitted_case()
    client.force_login(other_clerk)
    assert new_visit(client, window, case.number).status_code == 404
    client.force_login(supervisor())
    assert new_visit(client, window, case.number).status_code == 403
    assert RatingToken.objects.count() == 0


@pytest.mark.parametrize("role", [Role.APPROVER, Role.CITIZEN, Role.CLERK])
def test_the_screen_is_404_for_others(client, window, clerk, role):
    client.force_login(UserFactory(role=role))
    url = reverse("feedback:window_screen", kwargs={"window_id": window.pk})
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, window):
    url = reverse("feedback:window_screen", kwargs={"window_id": window.pk})
    assert client.get(url).status_code == 302
