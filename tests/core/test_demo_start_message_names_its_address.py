"""The demo's start message prints the address it actually serves (make demo's DEMO_ADDR)."""

from onewindow.core.management.commands.load_demo import serving_url


def test_the_message_follows_the_address_served():
    assert serving_url("127.0.0.1:8000") == "http://127.0.0.1:8000/"
    assert serving_url("8001") == "http://127.0.0.1:8001/"
    assert serving_url("0.0.0.0:8080") == "http://127.0.0.1:8080/"
    assert serving_url("demo.example.cn:8000") == "http://demo.example.cn:8000/"
