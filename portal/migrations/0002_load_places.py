"""Load Indonesia's provinces and regencies (idn-area-data 4.0.1, ODbL) and Japan's prefectures.

The CSV files live in portal/data/ with their licence; see portal/data/README.md.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def read_csv(name):
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_places(apps, schema_editor):
    Province = apps.get_model("portal", "Province")
    Regency = apps.get_model("portal", "Regency")
    Prefecture = apps.get_model("portal", "Prefecture")

    iso_codes = {row["code"]: row["iso_code"] for row in read_csv("province_iso_codes.csv")}
    provinces = Province.objects.bulk_create(
        Province(code=row["code"], iso_code=iso_codes[row["code"]], name=row["name"])
        for row in read_csv("idn-area-data/provinces.csv")
    )
    province_by_code = {province.code: province for province in provinces}
    Regency.objects.bulk_create(
        Regency(
            province=province_by_code[row["province_code"]],
            code=row["code"],
            name=row["name"],
            kind="kota" if row["name"].startswith("Kota ") else "kabupaten",
        )
        for row in read_csv("idn-area-data/regencies.csv")
    )
    Prefecture.objects.bulk_create(
        Prefecture(code=row["code"], name=row["name"], name_ja=row["name_ja"])
        for row in read_csv("prefectures.csv")
    )


def unload_places(apps, schema_editor):
    for model in ("Regency", "Province", "Prefecture"):
        apps.get_model("portal", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(load_places, unload_places)]
