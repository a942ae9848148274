"""Migration step for a field that becomes a personal-text field: seal what is already there.

Rows written before the change hold the text as typed in the (now masked) column. This
step masks each such text and seals the original into the twin column, through the same
``sealed_values`` the services use. In the migration, add the twin column first, then
alter the field, then run this.
"""

from django.db import migrations

from .freetext import sealed_values

BATCH = 500


def seal_existing(app_label: str, model_name: str, *fields: str):
    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for name in fields:
            rows = model.objects.exclude(**{name: None}).values_list("pk", name)
            for pk, value in rows.iterator(chunk_size=BATCH):
                plain = dict(value) if isinstance(value, dict) else value
                values = sealed_values(model, name, plain)
                if values[name] != plain:
                    model.objects.filter(pk=pk).update(**values)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)
