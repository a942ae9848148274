"""The office's list of forms of accountability (问责方式) starts from the 问责条例's forms
(the codes the records already hold) and the four forms (四种形态).

Seeded by migration 0004 and again after every migrate or flush (post_migrate, see apps.py):
a database emptied by ``flush`` (a test's, or an operator's) still has the list the
register's pages and the report count by. Existing rows, renamed by the office, are kept.
"""

from django.utils import translation


def seed_accountability_types(model) -> None:
    from .constants import FOUR_FORMS_SEED, AccountabilityKind, AccountabilitySource

    with translation.override(None):  # the Chinese names (the msgids), whatever is active
        rows = [
            (code, str(label), AccountabilitySource.REGULATION)
            for code, label in AccountabilityKind.choices
        ] + [(code, name, AccountabilitySource.FOUR_FORMS) for code, name in FOUR_FORMS_SEED]
    for order, (code, name, source) in enumerate(rows, 1):
        model.objects.get_or_create(
            code=code, defaults={"name": name, "source": source, "sort_order": order * 10}
        )


def after_migrate(sender, **kwargs) -> None:
    from .models import AccountabilityType

    seed_accountability_types(AccountabilityType)
