"""A NUL character anywhere in a request is a 400 with a Chinese message, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/org/network/?q=a%00b", "/services/items/a%00b/", "/api/org/sites?q=%00", "/calendar/?x=%00"],
)
def test_nul_in_the_path_or_query_is_refused(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "非法字符" in response.content.decode()


def test_nul_in_a_json_body_is_refused_and_nothing_is_saved(client):
    from onewindow.accounts.models import User

    body = (
        '{"username": "nul1", "display_name": "张\\u0000三", "id_number": "x",'
        ' "phone": "1", "password": "x"}'
    )
    response = client.post("/api/accounts/register/citizen", body, content_type="application/json")
    assert response.status_code == 400 and "非法字符" in response.json()["detail"]
    assert not User.objects.filter(username="nul1").exists()


def test_ordinary_requests_pass(client):
    assert client.get("/org/network/?q=文汇").status_code == 200
