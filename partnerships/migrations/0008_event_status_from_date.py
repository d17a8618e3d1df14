"""An event's status follows from its date (Event.status_on, EventQuerySet.with_status): the
stored "planned" flag goes. Events themselves are kept; only the flag, which a date in the past
had made wrong, is dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0007_constraint_messages")]

    operations = [migrations.RemoveField(model_name="event", name="is_planned")]
