"""The printed guide carries a QR code that opens the guide's online page."""

import base64
import io
import re

import pytest
from django.test import RequestFactory
from PIL import Image

from onewindow.catalog.templatetags.catalog_tags import qr_png_data_uri
from onewindow.catalog.views_public import guide_url
from tests.catalog.factories import BundleFactory, ServiceItemFactory

CODE = "37050200ZJJ-XK-0001"


def test_the_qr_payload_is_the_absolute_url_of_the_item_guide():
    request = RequestFactory().get("/anything/")
    assert guide_url(request, "item", CODE) == f"http://testserver/services/items/{CODE}/"


def test_the_qr_payload_follows_the_host_and_scheme_of_the_request(settings):
    settings.ALLOWED_HOSTS = ["zwfw.dyq.gov.cn"]
    request = RequestFactory().get("/", HTTP_HOST="zwfw.dyq.gov.cn", secure=True)
    assert (
        guide_url(request, "bundle", "YLB-001")
        == "https://zwfw.dyq.gov.cn/services/bundles/YLB-001/"
    )


def test_the_qr_image_is_a_png_data_uri():
    uri = qr_png_data_uri("http://testserver/services/items/X/")
    assert uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert image.format == "PNG"
    assert image.size[0] == image.size[1] > 100
    # A different address gives a different code.
    assert qr_png_data_uri("http://testserver/services/items/Y/") != uri


def _qr(html: str) -> tuple[str, str]:
    tag = re.search(r'<img class="ow-guide-qr"[^>]*>', html).group(0)
    src = re.search(r'src="([^"]+)"', tag).group(1)
    payload = re.search(r'data-qr-payload="([^"]+)"', tag).group(1)
    return src, payload


@pytest.mark.django_db
def test_the_item_guide_page_shows_the_qr_of_its_own_address(client):
    ServiceItemFactory(code=CODE, name="建筑工程施工许可证核发", published=True)
    html = client.get(f"/services/items/{CODE}/").content.decode()
    src, payload = _qr(html)
    assert payload == f"http://testserver/services/items/{CODE}/"
    assert src == qr_png_data_uri(payload)  # the image encodes exactly that address


@pytest.mark.django_db
def test_the_bundle_guide_page_shows_the_qr_of_its_own_address(client):
    bundle = BundleFactory(code="YLB-009")
    html = client.get("/services/bundles/YLB-009/").content.decode()
    src, payload = _qr(html)
    assert payload == f"http://testserver/services/bundles/{bundle.code}/"
    assert src.startswith("data:image/png;base64,") and src == qr_png_data_uri(payload)
