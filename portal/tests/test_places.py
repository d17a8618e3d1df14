import pytest

from portal.models import Prefecture, Province, Regency

pytestmark = pytest.mark.django_db


def test_all_38_provinces_with_official_and_iso_codes():
    assert Province.objects.count() == 38
    bengkulu = Province.objects.get(code="17")
    assert (bengkulu.name, bengkulu.iso_code) == ("Bengkulu", "ID-BE")
    assert Province.objects.get(iso_code="ID-BT").name == "Banten"
    assert Province.objects.get(iso_code="ID-JB").name == "Jawa Barat"
    # The four Papua provinces created in 2022 are there.
    assert set(
        Province.objects.filter(code__in=["93", "94", "95", "96"]).values_list(
            "iso_code", flat=True
        )
    ) == {"ID-PS", "ID-PT", "ID-PE", "ID-PD"}


def test_514_regencies_and_cities_each_in_its_province():
    assert Regency.objects.count() == 514
    for regency in Regency.objects.select_related("province"):
        assert regency.code.startswith(regency.province.code + ".")
    rejang_lebong = Regency.objects.get(code="17.02")
    assert (rejang_lebong.name, rejang_lebong.kind) == ("Kabupaten Rejang Lebong", "kabupaten")
    assert Regency.objects.get(code="32.75").kind == "kota"


def test_47_japanese_prefectures():
    assert Prefecture.objects.count() == 47
    assert Prefecture.objects.get(code="04").name_ja == "宮城県"
