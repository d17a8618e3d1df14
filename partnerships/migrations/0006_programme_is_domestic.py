from django.db import migrations, models

DOMESTIC = ["domestic-placement"]


def mark_domestic(apps, schema_editor):
    Programme = apps.get_model("partnerships", "Programme")
    Programme.objects.filter(code__in=DOMESTIC).update(is_domestic=True)


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0005_versions_and_party_history")]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="is_domestic",
            field=models.BooleanField(
                default=False,
                help_text="Its trainees stay in Indonesia and end with an outcome (placement, business, study), not a departure to Japan.",
                verbose_name="domestic",
            ),
        ),
        migrations.RunPython(mark_domestic, migrations.RunPython.noop),
    ]
