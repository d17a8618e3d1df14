"""Events: the national forum (FORUM), smaller signing ceremonies, launches and forums, and next
year's forum, planned (partnerships_event). Their participants are written with the agreements.
"""

import datetime

from devtools.bulk.agreements import STATUS_WEIGHTS
from devtools.bulk.base import Table
from partnerships.models import Event

FORUM = ("Forum Nasional Kemitraan Vokasi dan Pemagangan Jepang 2024", datetime.date(2024, 8, 21))
FORUM_VENUE = ("Jakarta International Convention Center", "Kota Administrasi Jakarta Pusat")


class EventsMixin:
    """events(), called by agreements()."""

    def events(self, agreement_count):
        """The national forum and smaller events; returns ({id: (name, date, venue)}, the event
        of each agreement signed at one, in order)."""
        rng = self.rng
        rows, events, slots = [], {}, []
        forum_venue, regency_name = FORUM_VENUE
        regency = self.regency_by_name.get(regency_name)
        taken = set(Event.objects.values_list("name", "date"))
        room = max(0, agreement_count - len(STATUS_WEIGHTS))
        forum_count = min(self.count("forum_agreements"), room // 3)
        forum_regency = regency and regency[0]
        plans = [(*FORUM, "forum", forum_venue, forum_regency, forum_count)]
        first, last = datetime.date(2016, 1, 1).toordinal(), self.today.toordinal() - 14
        patterns = (
            ("signing", "Penandatanganan Kerja Sama Pemagangan {place} {year}"),
            ("forum", "Temu Bisnis Vokasi {place} {year}"),
            ("launch", "Peluncuran Kelas Industri {place} {year}"),
        )
        for _ in range(self.count("events")):
            province = self.province()
            regency_id, regency_full, place = rng.choice(self.regencies[province[0]])
            kind, pattern = rng.choice(patterns)
            day = self.date(rng.randint(first, last))
            plans.append(
                (
                    pattern.format(place=place, year=day.year),
                    day,
                    kind,
                    f"Aula {regency_full}",
                    regency_id,
                    rng.randint(3, 25),
                )
            )
        # And next year's national forum, planned: nothing is signed there yet.
        day = self.today + datetime.timedelta(days=45)
        name = FORUM[0].removesuffix(str(FORUM[1].year)) + str(day.year)
        plans.append((name, day, "forum", forum_venue, forum_regency, 0))
        ids = iter(self.next_ids(Event, len(plans)))
        for name, day, kind, venue, regency_id, agreements in plans:
            if (name, day) in taken:
                continue
            taken.add((name, day))
            agreements = min(agreements, room - len(slots))
            pk = next(ids)
            rows.append(
                (pk, name, kind, day, venue, regency_id, f"{agreements} perjanjian ditandatangani.")
            )
            events[pk] = (name, day, venue)
            slots += [pk] * agreements
        self.write(
            Table(
                Event,
                ["id", "name", "kind", "date", "venue", "regency_id", "summary"],
                now=self.now,
            ),
            rows,
        )
        rng.shuffle(slots)
        return events, slots
