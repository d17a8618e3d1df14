"""A record key on every trainee, for the cell-key protection of published counts
(portal.disclosure). Adding the field gives every existing row the same key (Django computes
a callable default once); each row then draws its own, uniformly from 0 to 65535.
"""

from django.db import migrations, models

import trainees.models


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0013_programme_names_per_language"),
        ("portal", "0011_task_rows_without_secrets"),
        ("trainees", "0006_outcome_at_final_stage"),
    ]

    operations = [
        migrations.AddField(
            model_name="trainee",
            name="record_key",
            field=models.PositiveIntegerField(
                default=trainees.models.new_record_key, editable=False, verbose_name="record key"
            ),
        ),
        migrations.RunSQL(
            "UPDATE trainees_trainee SET record_key = floor(random() * 65536)::integer",
            migrations.RunSQL.noop,
        ),
        migrations.AddConstraint(
            model_name="trainee",
            constraint=models.CheckConstraint(
                condition=models.Q(("record_key__gte", 0), ("record_key__lt", 65536)),
                name="trainee_record_key_range",
                violation_error_message="The record key lies outside its range.",
            ),
        ),
    ]
