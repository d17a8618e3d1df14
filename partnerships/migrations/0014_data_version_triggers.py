"""The data version of the dashboards (portal 0012) advances with every write to the partnerships
tables they read: a statement trigger per table (tests: portal/tests/test_stored_reports.py
checks that every table of the app has one, but for those listed there)."""

from django.db import migrations

TABLES = [
    "partnerships_organisation",
    "partnerships_organisation_members",
    "partnerships_source",
    "partnerships_person",
    "partnerships_position",
    "partnerships_event",
    "partnerships_event_participants",
    "partnerships_figure",
    "partnerships_programme",
    "partnerships_agreement",
    "partnerships_agreement_programmes",
    "partnerships_agreementparty",
]
TRIGGER = (
    "CREATE TRIGGER portal_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION portal_advance_data_version();"
)
DROP = "DROP TRIGGER portal_data_version ON {table};"


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0012_data_version"),
        ("partnerships", "0013_programme_names_per_language"),
    ]

    operations = [
        migrations.RunSQL(TRIGGER.format(table=table), DROP.format(table=table)) for table in TABLES
    ]
