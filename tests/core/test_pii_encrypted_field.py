"""ID numbers and phones are stored encrypted and read back masked."""

import pickle

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from onewindow.core.pii import Masked, crypto
from tests.core.pii_fixtures import valid_id_numbers

pytestmark = pytest.mark.django_db

ID = valid_id_numbers(1, seed=370502)[0]
PHONE = "13812345678"


def _create_user(username="u1", **extra):
    data = {"display_name": "张三", "phone": PHONE, "id_number": ID} | extra
    return get_user_model().objects.create_user(username=username, password="Abcdef12!", **data)


def _raw_columns(user) -> tuple[str, str]:
    table = user._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('phone')}, {quote('id_number')} FROM {quote(table)} WHERE id = %s",  # noqa: S608
            [user.pk],
        )
        return cursor.fetchone()


def test_columns_hold_ciphertext_not_the_number():
    user = _create_user()
    phone, id_number = _raw_columns(user)
    for stored, plain, kind in [(phone, PHONE, "phone"), (id_number, ID, "id_number")]:
        assert stored.startswith("v1:")
        assert plain not in stored
        assert plain[-4:] + plain[:3] not in stored
        assert crypto.decrypt(stored, kind) == plain
    # Random nonces: two users with the same phone do not share a ciphertext.
    other = _create_user("u2", id_number=valid_id_numbers(2, seed=370502)[1])
    assert _raw_columns(other)[0] != phone


def test_reading_back_gives_masked_values_with_the_full_value_inside():
    user = get_user_model().objects.get(pk=_create_user().pk)
    assert isinstance(user.phone, Masked) and isinstance(user.id_number, Masked)
    assert str(user.phone) == PHONE[:3] + "****" + PHONE[-4:]
    assert str(user.id_number) == ID[:3] + "*" * 11 + ID[-4:]
    assert f"{user.phone} {user.id_number}".count("*") == 15
    assert user.phone.reveal() == PHONE
    assert user.id_number.reveal() == ID


def test_freshly_assigned_values_are_masked_before_any_reload():
    # An audit snapshot or a page rendered right after registration must not see them.
    user = _create_user()
    assert isinstance(user.phone, Masked)
    assert str(user.phone) == "138****5678"
    assert user.id_number.reveal() == ID
    user.phone = "13900001111"
    assert str(user.phone) == "139****1111"


def test_saving_a_loaded_user_keeps_the_full_values():
    user = get_user_model().objects.get(pk=_create_user().pk)
    user.display_name = "李四"
    user.save()
    user.refresh_from_db()
    assert user.phone.reveal() == PHONE and user.id_number.reveal() == ID
    assert crypto.decrypt(_raw_columns(user)[1], "id_number") == ID


def test_masked_text_is_never_stored_in_place_of_the_value():
    user = _create_user()
    restored = pickle.loads(pickle.dumps(get_user_model().objects.get(pk=user.pk)))
    assert restored.phone == "138****5678"
    with pytest.raises(ValueError, match="masked"), transaction.atomic():
        restored.save()
    assert get_user_model().objects.get(pk=user.pk).phone.reveal() == PHONE


def test_blank_values_stay_blank():
    user = get_user_model().objects.create_user(username="u3", password="Abcdef12!")
    user.refresh_from_db()
    assert user.phone == "" and user.id_number == ""
    assert _raw_columns(user) == ("", "")
