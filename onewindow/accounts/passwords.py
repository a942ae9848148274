"""Password rules beyond Django's: at most 128 characters, 3 of 4 character classes."""

import string

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CLASSES = (
    ("lower", lambda c: c in string.ascii_lowercase),
    ("upper", lambda c: c in string.ascii_uppercase),
    ("digit", lambda c: c.isdigit()),
    ("symbol", lambda c: not c.isalnum()),
)


class MaximumLengthValidator:
    def validate(self, password, user=None):
        limit = settings.PASSWORD_MAX_LENGTH
        if len(password) > limit:
            raise ValidationError(
                _("密码不能超过 %(limit)d 个字符。") % {"limit": limit}, code="password_too_long"
            )

    def get_help_text(self):
        return _("密码不能超过 %(limit)d 个字符。") % {"limit": settings.PASSWORD_MAX_LENGTH}


class CharacterClassValidator:
    """Lower case, upper case, digits and symbols: at least three of the four."""

    def validate(self, password, user=None):
        needed = settings.PASSWORD_MIN_CHARACTER_CLASSES
        present = sum(any(test(c) for c in password) for _name, test in _CLASSES)
        if present < needed:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。") % {"n": needed},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。") % {
            "n": settings.PASSWORD_MIN_CHARACTER_CLASSES
        }


# Django's own validators, with messages written in Chinese here: Django 5.2 changed some
# message ids and its zh-Hans catalogue has not caught up, so they would show in English.
class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("密码长度太短，至少需要 %(n)d 个字符。") % {"n": self.min_length}

    def get_help_text(self):
        return _("密码至少需要 %(n)d 个字符。") % {"n": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    DEFAULT_USER_ATTRIBUTES = ("username", "display_name", "email")

    def get_error_message(self):
        return _("密码与登录名或姓名过于相似。")

    def get_help_text(self):
        return _("密码不能与登录名或姓名相似。")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("密码太常见，容易被猜到。")

    def get_help_text(self):
        return _("密码不能是常见密码。")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("密码不能全部是数字。")

    def get_help_text(self):
        return _("密码不能全部是数字。")
