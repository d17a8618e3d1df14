"""The data version of the dashboards (portal 0012) advances with every write to the trainees
tables they read: a statement trigger per table (tests: portal/tests/test_stored_reports.py
checks that every table of the app has one, but for those listed there)."""

from django.db import migrations

TABLES = [
    "trainees_cohort",
    "trainees_cohort_partners",
    "trainees_cohort_agreements",
    "trainees_trainee",
]
TRIGGER = (
    "CREATE TRIGGER portal_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION portal_advance_data_version();"
)
DROP = "DROP TRIGGER portal_data_version ON {table};"


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0012_data_version"),
        ("trainees", "0007_trainee_record_key"),
    ]

    operations = [
        migrations.RunSQL(TRIGGER.format(table=table), DROP.format(table=table)) for table in TABLES
    ]
