"""The admin pages of the org reference data render (list, search, filters, change form)."""

import pytest
from django.contrib.auth import get_user_model

from onewindow.org.models import Department, ServiceSite, Terminal, Window, WindowAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, network):
    # A superuser only to reach every admin page in a test; production has none.
    user = get_user_model().objects.create_superuser(
        username="root", password="Org-Admin-2026", display_name="测试", must_change_password=False
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", [Department, ServiceSite, Window, Terminal, WindowAssignment])
def test_changelist_search_and_change_form_render(admin_client, model):
    base = f"/admin/org/{model._meta.model_name}/"
    assert admin_client.get(base).status_code == 200
    assert admin_client.get(base, {"q": "东"}).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        assert admin_client.get(f"{base}{obj.pk}/change/").status_code == 200


def test_site_filter_by_kind_lists_the_towns(admin_client):
    html = admin_client.get("/admin/org/servicesite/", {"kind__exact": "town_centre"}).content
    assert "史口镇便民服务中心" in html.decode()
