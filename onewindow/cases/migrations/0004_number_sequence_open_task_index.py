"""The sequence that numbers cases on PostgreSQL, and an index of open department tasks.

- ``cases_case_number`` (services._next_number): taking a number from a sequence locks
  nothing, so applications submitted at the same moment do not wait for one another.
  SQLite has no sequences and needs none (its writers take turns): nothing is created.
- ``cases_task_open_by_due``: a department's open tasks in worklist order, so the first
  page of a worklist is read off the index with a million closed cases beside it.
"""

from django.db import migrations, models

CREATE = "CREATE SEQUENCE IF NOT EXISTS cases_case_number MINVALUE 1 MAXVALUE 999999 CYCLE"
DROP = "DROP SEQUENCE IF EXISTS cases_case_number"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_documents_rules_certificates_reporting")]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
        migrations.AddIndex(
            model_name="departmenttask",
            index=models.Index(
                condition=models.Q(("status__in", ["pending", "in_review", "paused"])),
                fields=["department", "due_on", "id"],
                name="cases_task_open_by_due",
            ),
        ),
    ]
