"""The NISN and the date of birth are checked by the rules of trainees.fields, the same as the
roster import runs (validators only: the tables do not change)."""

from django.db import migrations, models

import trainees.fields


class Migration(migrations.Migration):
    dependencies = [
        ("trainees", "0008_data_version_triggers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicaltrainee",
            name="birth_date",
            field=models.DateField(
                validators=[trainees.fields.clean_birth_date], verbose_name="date of birth"
            ),
        ),
        migrations.AlterField(
            model_name="historicaltrainee",
            name="nisn",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="The national student number: 10 digits. Leave empty if unknown.",
                max_length=10,
                null=True,
                validators=[trainees.fields.clean_nisn],
                verbose_name="NISN",
            ),
        ),
        migrations.AlterField(
            model_name="trainee",
            name="birth_date",
            field=models.DateField(
                validators=[trainees.fields.clean_birth_date], verbose_name="date of birth"
            ),
        ),
        migrations.AlterField(
            model_name="trainee",
            name="nisn",
            field=models.CharField(
                blank=True,
                help_text="The national student number: 10 digits. Leave empty if unknown.",
                max_length=10,
                null=True,
                unique=True,
                validators=[trainees.fields.clean_nisn],
                verbose_name="NISN",
            ),
        ),
    ]
