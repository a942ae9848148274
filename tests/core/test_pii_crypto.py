"""SM3, SM4 and HMAC-SM3 give the standards' answers; SM4-GCM seals personal data."""

import base64

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from onewindow.core.pii import Masked, crypto

SM4_KEY = bytes.fromhex("0123456789abcdeffedcba9876543210")


@pytest.fixture
def fresh_keys():
    # _key is cached; settings overrides must be seen, and nothing may leak to other tests.
    crypto._key.cache_clear()
    yield
    crypto._key.cache_clear()


def test_sm3_known_answers_gbt_32905():
    assert crypto.sm3(b"abc").hex() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
    assert crypto.sm3(b"abcd" * 16).hex() == (
        "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    )


def test_sm4_ecb_known_answer_gbt_32907():
    encryptor = Cipher(algorithms.SM4(SM4_KEY), modes.ECB()).encryptor()
    assert (encryptor.update(SM4_KEY) + encryptor.finalize()).hex() == (
        "681edf34d206965e86b3e94f536e4246"
    )


def test_sm4_gcm_known_answer_rfc_8998():
    nonce = bytes.fromhex("00001234567800000000abcd")
    aad = bytes.fromhex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
    plain = bytes.fromhex("".join(c * 16 for c in "abcdefea"))
    sealed = crypto.sm4_gcm_encrypt(SM4_KEY, plain, nonce, aad)
    assert sealed.hex() == (
        "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
        "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d"
        "83de3541e4c2b58177e065a9bf7b62ec"
    )
    assert crypto.sm4_gcm_decrypt(SM4_KEY, sealed, nonce, aad) == plain


def test_hmac_sm3_is_deterministic_and_depends_on_key_and_data():
    mac = crypto.hmac_sm3(b"k" * 32, b"13812345678")
    assert len(mac) == 32
    assert crypto.hmac_sm3(b"k" * 32, b"13812345678") == mac
    assert crypto.hmac_sm3(b"j" * 32, b"13812345678") != mac
    assert crypto.hmac_sm3(b"k" * 32, b"13812345679") != mac
    assert mac != crypto.sm3(b"13812345678")


def test_encrypt_decrypt_round_trip():
    for value, kind in [
        ("370502199001011234", "id_number"),
        ("13812345678", "phone"),
        ("张三", "x"),
    ]:
        stored = crypto.encrypt(value, kind)
        assert stored.startswith("v1:")
        assert value not in stored
        raw = base64.b64decode(stored[3:])
        assert len(raw) == 12 + len(value.encode()) + 16  # nonce | ciphertext | tag
        assert crypto.decrypt(stored, kind) == value


def test_same_value_encrypts_differently_each_time():
    stored = {crypto.encrypt("13812345678", "phone") for _ in range(50)}
    assert len(stored) == 50
    nonces = {base64.b64decode(s[3:])[:12] for s in stored}
    assert len(nonces) == 50


def test_encrypting_a_masked_value_keeps_the_full_value():
    stored = crypto.encrypt(Masked("13812345678", "phone"), "phone")
    assert crypto.decrypt(stored, "phone") == "13812345678"


@pytest.mark.parametrize("position", [3, 10, 20, -1])
def test_tampered_ciphertext_fails_to_decrypt(position):
    stored = crypto.encrypt("370502199001011234", "id_number")
    raw = bytearray(base64.b64decode(stored[3:]))
    raw[position] ^= 0x01
    with pytest.raises(InvalidTag):
        crypto.decrypt("v1:" + base64.b64encode(bytes(raw)).decode(), "id_number")


def test_ciphertext_of_one_kind_does_not_decrypt_as_another():
    stored = crypto.encrypt("13812345678", "phone")
    with pytest.raises(InvalidTag):
        crypto.decrypt(stored, "id_number")


def test_unknown_version_is_refused():
    with pytest.raises(ValueError, match="version"):
        crypto.decrypt("13812345678", "phone")


def test_ciphertext_under_another_key_fails(fresh_keys):
    stored = crypto.encrypt("13812345678", "phone")
    with override_settings(PII_ENCRYPTION_KEY="ab" * 16):
        crypto._key.cache_clear()
        with pytest.raises(InvalidTag):
            crypto.decrypt(stored, "phone")


def test_blind_index_equal_for_equal_values_and_separate_per_kind():
    index = crypto.blind_index("13812345678", "phone")
    assert len(index) == 64 and int(index, 16) >= 0
    assert crypto.blind_index("13812345678", "phone") == index
    assert crypto.blind_index("13812345679", "phone") != index
    assert crypto.blind_index("13812345678", "id_number") != index
    assert crypto.blind_index(Masked("13812345678", "phone"), "phone") == index
    assert "13812345678" not in index


def test_blind_index_depends_on_the_index_key(fresh_keys):
    index = crypto.blind_index("13812345678", "phone")
    with override_settings(PII_INDEX_KEY="ab" * 32):
        crypto._key.cache_clear()
        assert crypto.blind_index("13812345678", "phone") != index


def test_self_test_passes():
    crypto.self_test()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PII_ENCRYPTION_KEY", "not-hex-at-all"),
        ("PII_ENCRYPTION_KEY", "00" * 15),
        ("PII_ENCRYPTION_KEY", "00" * 32),
        ("PII_ENCRYPTION_KEY", ""),
        ("PII_ENCRYPTION_KEY", None),
        ("PII_INDEX_KEY", "11" * 16),
        ("PII_INDEX_KEY", "zz" * 32),
    ],
)
def test_self_test_refuses_a_malformed_key(fresh_keys, name, value):
    with override_settings(**{name: value}):
        crypto._key.cache_clear()
        with pytest.raises(ImproperlyConfigured) as info:
            crypto.self_test()
        assert name in str(info.value)
    crypto._key.cache_clear()
    crypto.self_test()


def test_changing_a_key_setting_clears_the_cache(fresh_keys):
    # Without the explicit cache_clear(): the setting_changed receiver must do it.
    crypto.self_test()
    with override_settings(PII_ENCRYPTION_KEY="xyz"), pytest.raises(ImproperlyConfigured):
        crypto.encrypt("13812345678", "phone")
    assert crypto.decrypt(crypto.encrypt("13812345678", "phone"), "phone") == "13812345678"


def test_self_test_stops_a_broken_sm3(monkeypatch):
    monkeypatch.setattr(crypto, "sm3", lambda data: bytes(32))
    with pytest.raises(ImproperlyConfigured, match="SM3"):
        crypto.self_test()


def test_self_test_stops_a_cipher_that_only_round_trips(monkeypatch):
    # Encrypting to the plaintext itself survives a round trip; the known answer catches it.
    monkeypatch.setattr(
        crypto, "sm4_gcm_encrypt", lambda key, data, nonce, aad=b"": data + bytes(16)
    )
    monkeypatch.setattr(crypto, "sm4_gcm_decrypt", lambda key, data, nonce, aad=b"": data[:-16])
    with pytest.raises(ImproperlyConfigured, match="SM4-GCM"):
        crypto.self_test()


def test_self_test_stops_gcm_that_ignores_the_tag(monkeypatch):
    real_decrypt = crypto.sm4_gcm_decrypt

    def unchecked(key, data, nonce, aad=b""):
        try:
            return real_decrypt(key, data, nonce, aad)
        except InvalidTag:
            return b""

    monkeypatch.setattr(crypto, "sm4_gcm_decrypt", unchecked)
    with pytest.raises(ImproperlyConfigured, match="认证标签"):
        crypto.self_test()
