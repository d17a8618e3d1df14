"""The places and programmes the bulk rows point at (read, not written).

Reads the provinces, regencies and Japanese prefectures the migrations loaded, and the programmes,
into lists and lookups the other tables draw from: province() and prefecture() draw one, weighted
by where the SMKs are and where Japan's industry is.
"""

import itertools
from collections import defaultdict

from partnerships.models import Programme
from portal.models import Prefecture, Province, Regency

# Approximate number of SMKs per province (Dapodik, rounded): how every kind is spread.
PROVINCE_WEIGHTS = {
    "11": 240, "12": 1000, "13": 220, "14": 330, "15": 190, "16": 420, "17": 115, "18": 500,
    "19": 60, "21": 100, "31": 560, "32": 2950, "33": 1600, "34": 220, "35": 2130, "36": 800,
    "51": 190, "52": 380, "53": 330, "61": 240, "62": 140, "63": 150, "64": 220, "65": 30,
    "71": 160, "72": 170, "73": 520, "74": 230, "75": 50, "76": 90, "81": 110, "82": 90,
    "91": 40, "92": 40, "93": 20, "94": 30, "95": 20, "96": 30,
}  # fmt: skip
# Japanese prefectures with much industry (Aichi, Osaka, Tokyo, ...) receive more trainees.
INDUSTRIAL_PREFECTURES = (
    "08", "10", "11", "12", "13", "14", "21", "22", "23", "27", "28", "34", "40",
)  # fmt: skip


class PlacesMixin:
    """load_places(), province() and prefecture(): sets `provinces`, `regencies`,
    `regency_by_name`, `prefectures`, `programmes`, `programme_by_code`, `domestic` and
    `programme_code`."""

    def load_places(self):
        self.provinces = list(Province.objects.order_by("code").values_list("id", "code", "name"))
        self.province_weights = list(
            itertools.accumulate(PROVINCE_WEIGHTS.get(code, 50) for _, code, _ in self.provinces)
        )
        self.regencies = defaultdict(list)  # province id -> [(id, name, place)]
        self.regency_by_name = {}
        for pk, province_id, name in Regency.objects.order_by("code").values_list(
            "id", "province_id", "name"
        ):
            place = name.removeprefix("Kabupaten ").replace("Kota Administrasi ", "")
            place = place.removeprefix("Administrasi ")
            self.regencies[province_id].append((pk, name, place))
            self.regency_by_name[name] = (pk, province_id, place)
        self.prefectures = list(
            Prefecture.objects.order_by("code").values_list("id", "code", "name", "name_ja")
        )
        self.prefecture_weights = list(
            itertools.accumulate(
                3 if code in INDUSTRIAL_PREFECTURES else 1 for _, code, _, _ in self.prefectures
            )
        )
        self.programmes = list(
            Programme.objects.order_by("position", "pk").values_list("id", "code", "is_domestic")
        )
        self.programme_by_code = {code: pk for pk, code, _ in self.programmes}
        self.domestic = {pk for pk, _, domestic in self.programmes if domestic}
        self.programme_code = {pk: code for pk, code, _ in self.programmes}

    def province(self):
        return self.rng.choices(self.provinces, cum_weights=self.province_weights)[0]

    def prefecture(self):
        return self.rng.choices(self.prefectures, cum_weights=self.prefecture_weights)[0]
