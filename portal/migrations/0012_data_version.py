"""A data version for what the dashboards show: a PostgreSQL sequence that a statement trigger
on each table they read advances (partnerships 0014 and trainees 0008 add the triggers).

Generated reports (the dashboards' PDFs, made by the task worker) are stored under a key of
their filter and this version: a report made from the same version shows the same figures.
A sequence rather than a counter row: writers never wait for each other on it, and every kind
of write counts, the ORM's bulk operations, raw SQL and COPY included. A write that is rolled
back advances it too: at worst a report is made again for nothing.
"""

from django.db import migrations

SQL = """
CREATE SEQUENCE portal_data_version;
CREATE FUNCTION portal_advance_data_version() RETURNS trigger AS $$
BEGIN
    PERFORM nextval('portal_data_version');
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""
REVERSE = """
DROP FUNCTION portal_advance_data_version();
DROP SEQUENCE portal_data_version;
"""


class Migration(migrations.Migration):
    dependencies = [("portal", "0011_task_rows_without_secrets")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
