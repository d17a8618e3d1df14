"""The demo: every organisation, person, place, date and figure named in the five seed articles
(shared/seeds/), two cohorts of clearly fictional trainees, and the demo accounts that
`make run` prints.

The data lives in data/, one TOML file per seed article (data/articles/) and files for what
several articles share (data/shared/); data/README.md says how to add an article. What the
articles do not give (NPSNs, licence numbers, the names of the 15 FKLPI industries, some
addresses, what happened to the trainees) is invented plausibly and the record is flagged
`is_demo`. files.py reads and checks the files; loader.py saves them through the models'
validation, idempotently.
"""

from collections.abc import Mapping
from functools import cache

from devtools.demo.files import DATA, DemoDataError, read_data
from devtools.demo.loader import DEMO_PASSWORD, curator_group, load_demo

__all__ = [
    "DATA",
    "DEMO_PASSWORD",
    "ORGANISATIONS",
    "DemoDataError",
    "curator_group",
    "load_demo",
    "read_data",
]


@cache
def _organisations():
    return {key: record.fields for key, record in read_data().records["organisations"].items()}


class _Organisations(Mapping):
    """The demo's organisations, slug -> the fields its file gives ("name", "kind"...), read
    from the files on first use rather than on import."""

    def __getitem__(self, slug):
        return _organisations()[slug]

    def __iter__(self):
        return iter(_organisations())

    def __len__(self):
        return len(_organisations())


ORGANISATIONS = _Organisations()
