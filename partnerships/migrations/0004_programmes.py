from django.db import migrations

PROGRAMMES = [
    ("industry-class", "Kelas industri"),
    ("technical-intern", "Magang ke Jepang (pemagang teknis)"),
    ("specified-skilled-worker", "Pekerja berketerampilan spesifik (SSW)"),
    ("language-training", "Pelatihan bahasa"),
    ("domestic-placement", "Penempatan kerja dalam negeri"),
    ("other", "Lainnya"),
]


def load(apps, schema_editor):
    Programme = apps.get_model("partnerships", "Programme")
    for position, (code, name) in enumerate(PROGRAMMES):
        Programme.objects.update_or_create(code=code, defaults={"name": name, "position": position})


def unload(apps, schema_editor):
    apps.get_model("partnerships", "Programme").objects.filter(
        code__in=[code for code, _ in PROGRAMMES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0003_agreements")]

    operations = [migrations.RunPython(load, unload)]
