"""Page weight: the first visit of every public page, everything the browser fetches (HTML,
CSS, JavaScript, fonts, images), at most 100 KB as sent compressed; and the static files are
served with Brotli as well as gzip.

The browser test measures what Chromium really asks for and receives, then compresses each body
as the server sends it: static files with Brotli at whitenoise's level (its precompressed .br
files), the HTML with Brotli at level 5 as a proxy compresses on the fly. The live test server
itself does not compress."""

import brotli
import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from partnerships.models import Agreement, Event, Organisation

BUDGET = 100 * 1024

pytestmark = pytest.mark.django_db(transaction=True)


def public_pages():
    agreement = Agreement.objects.order_by("pk").first()
    organisation = Organisation.objects.order_by("pk").first()
    event = Event.objects.order_by("pk").first()
    return {
        "home": reverse("pages:home"),
        "partnerships": reverse("partnerships:agreement-list"),
        "partnerships filtered": reverse("partnerships:agreement-list") + "?status=in_force",
        "agreement": agreement.get_absolute_url(),
        "organisations": reverse("partnerships:organisation-list"),
        "organisation": organisation.get_absolute_url(),
        "event": reverse("partnerships:event-detail", args=[event.pk]),
        "provinces": reverse("dashboards:province-list"),
        "province dashboard": reverse("dashboards:province", args=["17"]),
        "national dashboard": reverse("dashboards:national"),
        "about": reverse("pages:about"),
        "privacy": reverse("pages:privacy"),
        "contact": reverse("pages:contact"),
        "log in": reverse("login"),
        "home (English)": "/en/",
        "home (Japanese)": "/ja/",
        "national dashboard (Japanese)": "/ja" + reverse("dashboards:national"),
    }


def first_visit_bytes(browser, url):
    """(compressed bytes, [(resource, raw, compressed)]) of a first visit, cold cache."""
    fresh = browser.new_context()
    tab = fresh.new_page()
    fetched = []
    tab.on("requestfinished", lambda request: fetched.append(request))
    tab.goto(url, wait_until="load")
    rows = []
    for request in fetched:
        response = request.response()
        if response is None or response.status >= 300:
            continue
        body = response.body()
        quality = 5 if request.resource_type == "document" else 11
        rows.append((request.url, len(body), len(brotli.compress(body, quality=quality))))
    fresh.close()
    return sum(compressed for _url, _raw, compressed in rows), rows


def test_every_public_page_weighs_at_most_100_kb(live_server, browser, demo):
    weights = {}
    for name, path in public_pages().items():
        total, rows = first_visit_bytes(browser, live_server.url + path)
        weights[name] = (total, rows)
    report = "\n".join(
        f"{name:32} {total / 1024:6.1f} KB in {len(rows)} files"
        for name, (total, rows) in weights.items()
    )
    print("\nFirst visit, compressed:\n" + report)
    heavy = {name: total for name, (total, _rows) in weights.items() if total > BUDGET}
    assert not heavy, report
    # Every page loaded its stylesheets and scripts: the measure is not of a broken page.
    for name, (_total, rows) in weights.items():
        assert any(url.endswith(".css") for url, _r, _c in rows), name


def test_static_files_are_served_with_brotli_and_gzip(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    (css,) = tmp_path.glob("vendor/bootstrap-5.3.9/bootstrap.min.*.css")
    br, gz = css.with_name(css.name + ".br"), css.with_name(css.name + ".gz")
    assert br.exists() and gz.exists()
    assert br.stat().st_size < gz.stat().st_size < css.stat().st_size

    from whitenoise.middleware import WhiteNoiseMiddleware

    whitenoise = WhiteNoiseMiddleware(get_response=lambda request: None)
    url = f"/static/{css.relative_to(tmp_path)}"
    for accept, encoding in [("br, gzip", "br"), ("gzip", "gzip"), ("", None)]:
        request = RequestFactory().get(url, headers={"accept-encoding": accept})
        response = whitenoise(request)
        assert response.status_code == 200
        assert response.get("Content-Encoding") == encoding
        assert "Accept-Encoding" in response["Vary"]
