"""The proxy configuration the deploy docs ship (deploy/nginx/portal.conf), started as it is in
front of gunicorn running the portal on the test database: the pages go out compressed, once,
and the static files pass through as whitenoise compressed them.

The shipped file is read and changed only where a test machine must differ from a server: its
ports, gunicorn's address, the certificate's paths and the Brotli snippet's path (SUBSTITUTIONS).
nginx runs as the current user with its prefix, temporary folders, pid and logs in a temporary
folder, so it needs nothing of /etc/nginx but mime.types and nothing of /var/lib/nginx."""

import gzip
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import brotli
import pytest
from django.core.management import call_command
from django.db import connections
from django.urls import reverse

from partnerships.validators import MAX_DOCUMENT_SIZE
from trainees.roster.reading import MAX_FILE_SIZE as MAX_ROSTER_SIZE

pytestmark = pytest.mark.slow  # collects the static files, loads the demo, starts two servers

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "nginx" / "portal.conf"
BROTLI_CONF = ROOT / "deploy" / "nginx" / "brotli.conf"
HOST = "portal.example.go.id"
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
INSTALL_HINT = (
    "Install Debian's nginx and its Brotli module: "
    "'sudo apt-get install nginx libnginx-mod-http-brotli-filter' (make test does it as root)."
)


def free_port(family=socket.AF_INET, address="127.0.0.1"):
    with socket.socket(family) as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def ipv6_loopback():
    """`[::1]` where this machine has IPv6, else None (some containers have it switched off)."""
    try:
        free_port(socket.AF_INET6, "::1")
    except OSError:
        return None
    return "[::1]"


def substitutions(*, gunicorn_port, http_port, https_port, cert, key):
    """What changes between a server and this test: each text appears once in portal.conf."""
    v6 = ipv6_loopback()
    if v6:
        http6, https6 = f"{v6}:{http_port}", f"{v6}:{https_port}"
    else:
        http6, https6 = f"127.0.0.1:{free_port()}", f"127.0.0.1:{free_port()}"
    return {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{gunicorn_port};",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": f"listen {http6};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": f"listen {https6} ssl http2;",
        "ssl_certificate /etc/letsencrypt/live/portal.example.go.id/fullchain.pem;": (
            f"ssl_certificate {cert};"
        ),
        "ssl_certificate_key /etc/letsencrypt/live/portal.example.go.id/privkey.pem;": (
            f"ssl_certificate_key {key};"
        ),
        "include /etc/nginx/snippets/portal-brotli.conf;": f"include {BROTLI_CONF};",
    }


def shipped_conf(replacements):
    text = CONF.read_text()
    for old, new in replacements.items():
        assert text.count(old) == 1, (
            f"{CONF.relative_to(ROOT)} no longer holds {old!r} exactly once: update the test's "
            "substitutions (ports and paths only)."
        )
        text = text.replace(old, new)
    return text


def modules_path():
    """Where Debian's nginx keeps its dynamic modules (`nginx -V`: --modules-path)."""
    built = subprocess.run([NGINX, "-V"], capture_output=True, text=True).stderr
    found = re.search(r"--modules-path=(\S+)", built)
    return Path(found.group(1) if found else "/usr/lib/nginx/modules")


def main_conf(tmp, portal_conf):
    """What /etc/nginx/nginx.conf is to a server, pointed at the temporary folder; it loads the
    Brotli module as Debian's modules-enabled/50-mod-http-brotli-filter.conf does."""
    # A master process started as root would hand its workers to `nobody`, who cannot enter
    # pytest's temporary folders.
    user = "user root root;" if os.geteuid() == 0 else ""
    return f"""
{user}
worker_processes 1;
load_module {modules_path() / "ngx_http_brotli_filter_module.so"};
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {portal_conf};
}}
"""


def wait_for_port(port, process, log, what):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} stopped (exit {process.returncode}):\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{what} did not listen on 127.0.0.1:{port} within 60 s:\n{log.read_text()}")


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, django_db_setup, django_db_blocker):
    """nginx with the shipped configuration, in front of gunicorn serving portal.wsgi with the
    production settings (DEBUG off, BEHIND_PROXY=1, whitenoise's compressed manifest storage)
    on the test database."""
    if not Path(NGINX).exists():
        pytest.fail(f"nginx is not installed ({NGINX} not found). {INSTALL_HINT}")
    tmp = tmp_path_factory.mktemp("proxy")
    module = modules_path() / "ngx_http_brotli_filter_module.so"
    if not module.exists():
        pytest.fail(f"nginx's Brotli module is not installed ({module} not found). {INSTALL_HINT}")

    # The production settings, with the collected static files in the temporary folder (the
    # repository's staticfiles/ is left alone).
    (tmp / "proxy_settings.py").write_text(
        f"from portal.settings import *  # noqa: F403\n\nSTATIC_ROOT = {str(tmp / 'static')!r}\n"
    )
    database = connections["default"].settings_dict
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEVTOOLS", "SECURE_SSL_REDIRECT"}},
        "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "proxy_settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "BEHIND_PROXY": "1",
        "DATABASE_URL": (
            f"postgresql://{database['USER']}{password}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        # The test empties the tables between tests: no connection kept across requests.
        "CONN_MAX_AGE": "0",
        "EMAIL_URL": "dummy:",
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
    }
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert collected.returncode == 0, collected.stderr

    cert, key = tmp / "cert.pem", tmp / "key.pem"
    made = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-days", "1", "-subj", f"/CN={HOST}", "-keyout", key, "-out", cert],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr

    gunicorn_port, http_port, https_port = free_port(), free_port(), free_port()
    portal_conf = tmp / "portal.conf"
    portal_conf.write_text(
        shipped_conf(
            substitutions(
                gunicorn_port=gunicorn_port,
                http_port=http_port,
                https_port=https_port,
                cert=cert,
                key=key,
            )
        )
    )
    nginx_conf = tmp / "nginx.conf"
    nginx_conf.write_text(main_conf(tmp, portal_conf))
    nginx = [NGINX, "-p", f"{tmp}/", "-e", str(tmp / "error.log"), "-c", str(nginx_conf)]
    checked = subprocess.run([*nginx, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr

    gunicorn_log = tmp / "gunicorn.log"
    nginx_log = tmp / "error.log"
    with gunicorn_log.open("w") as log:
        gunicorn = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "portal.wsgi"]
            + ["--bind", f"127.0.0.1:{gunicorn_port}", "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    web = None
    try:
        wait_for_port(gunicorn_port, gunicorn, gunicorn_log, "gunicorn")
        web = subprocess.Popen(
            [*nginx, "-g", f"daemon off; pid {tmp}/nginx.pid; error_log {nginx_log};"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(https_port, web, nginx_log, "nginx")
        yield SimpleNamespace(
            https_port=https_port, http_port=http_port, static_root=tmp / "static"
        )
    finally:
        if web is not None:
            stop(web)
        stop(gunicorn)


@pytest.fixture
def demo(proxy, transactional_db, reference_data, settings):
    """The demo data, committed, so gunicorn's own connections read it."""
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


def fetch(proxy, path, *, encoding=None, cookie=None):
    """GET through nginx over TLS, as a browser would: (status, headers, body as sent)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's own certificate
    connection = http.client.HTTPSConnection(
        "127.0.0.1", proxy.https_port, context=context, timeout=60
    )
    # Without an Accept-Encoding of ours, http.client asks for `identity`: uncompressed.
    headers = {"Host": HOST} | ({"Accept-Encoding": encoding} if encoding else {})
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def without_csrf_tokens(body):
    """Django masks its CSRF token anew in every response (the BREACH defence): two answers to
    the same request differ there, and only there."""
    return CSRF_TOKEN.sub(b'name="csrfmiddlewaretoken" value=""', body)


def vary(headers):
    return {
        value.strip().lower() for line in headers.get_all("Vary", []) for value in line.split(",")
    }


DECODERS = {"gzip": gzip.decompress, "br": brotli.decompress}


def test_pages_and_downloads_go_out_compressed_once(proxy, demo):
    """The demo's pages as gunicorn sends them, and as nginx sends them on: each encoding once,
    decoding to the very page (but for the CSRF token, masked anew each time), in under half
    the bytes."""
    sizes = []
    for name, path in {
        "home": reverse("pages:home"),
        "national dashboard": reverse("dashboards:national"),
        "Bengkulu dashboard": reverse("dashboards:province", args=["17"]),
        "national dashboard CSV": reverse("dashboards:national-report", kwargs={"fmt": "csv"}),
    }.items():
        status, plain_headers, plain = fetch(proxy, path)
        assert status == 200, plain[:500]
        assert plain_headers["Content-Encoding"] is None
        # Django saw HTTPS (X-Forwarded-Proto from nginx): no redirect loop, and HSTS is sent.
        assert plain_headers["Strict-Transport-Security"]
        for encoding, decode in DECODERS.items():
            status, headers, sent = fetch(proxy, path, encoding=encoding)
            assert status == 200
            assert headers["Content-Type"] == plain_headers["Content-Type"]
            assert headers.get_all("Content-Encoding") == [encoding], (name, encoding)
            assert "accept-encoding" in vary(headers)
            # Decoded once, it is the page: not compressed twice, not left as it was.
            assert without_csrf_tokens(decode(sent)) == without_csrf_tokens(plain)
            assert len(sent) < len(plain) / 2, (name, encoding, len(sent), len(plain))
            sizes.append(
                f"{name} ({encoding}): {len(plain) / 1024:.1f} KB -> {len(sent) / 1024:.1f}"
            )
    # The figures in docs/deploy.md come from here (pytest -s).
    print("", *sizes, sep="\n")

    # A browser offers both, and more: nginx picks Brotli, the smaller.
    status, headers, sent = fetch(proxy, reverse("pages:home"), encoding="gzip, deflate, br, zstd")
    assert status == 200
    assert headers.get_all("Content-Encoding") == ["br"]
    assert brotli.decompress(sent).lower().startswith(b"<!doctype html>")


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_static_files_pass_through_compressed_by_whitenoise_only(proxy, reference_data, encoding):
    _, _, home = fetch(proxy, reverse("pages:home"))
    stylesheets = re.findall(rb'<link rel="stylesheet" href="(/static/[^"]+\.css)"', home)
    assert stylesheets, home[:2000]
    for href in stylesheets:
        on_disk = (proxy.static_root / href.decode().removeprefix("/static/")).read_bytes()
        status, headers, sent = fetch(proxy, href.decode(), encoding=encoding)
        assert status == 200
        assert headers.get_all("Content-Encoding") == [encoding]
        assert "accept-encoding" in vary(headers)
        # Decoded once, the body is the file: nginx did not compress whitenoise's copy again.
        assert DECODERS[encoding](sent) == on_disk
        # whitenoise's own copy, compressed at collectstatic (gzip 9, Brotli 11), as it is.
        suffix = {"gzip": ".gz", "br": ".br"}[encoding]
        copy = proxy.static_root / (href.decode().removeprefix("/static/") + suffix)
        assert sent == copy.read_bytes()
        status, headers, sent = fetch(proxy, href.decode())
        assert headers["Content-Encoding"] is None
        assert sent == on_disk


def test_the_csrf_token_is_masked_anew_in_every_compressed_page(proxy, reference_data):
    """The BREACH defence that lets the proxy compress pages with a form: the same CSRF secret
    (the same cookie) is written differently in each response."""
    login = reverse("login")
    status, headers, _ = fetch(proxy, login)
    assert status == 200
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    assert cookie.startswith("csrftoken=")
    tokens = set()
    for _ in range(3):
        status, headers, sent = fetch(proxy, login, encoding="gzip", cookie=cookie)
        assert headers.get_all("Content-Encoding") == ["gzip"]
        tokens.update(CSRF_TOKEN.findall(gzip.decompress(sent)))
    assert len(tokens) >= 3


def test_plain_http_is_sent_to_https(proxy):
    connection = http.client.HTTPConnection("127.0.0.1", proxy.http_port, timeout=30)
    try:
        path = reverse("dashboards:national") + "?map=x"
        connection.request("GET", path, headers={"Host": HOST})
        response = connection.getresponse()
        assert response.status == 301
        assert response.headers["Location"] == f"https://{HOST}{path}"
    finally:
        connection.close()


def megabytes(value):
    number, unit = re.fullmatch(r"(\d+)([kKmM]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit.lower()]


def test_the_upload_limit_admits_the_largest_upload():
    """nginx refuses a larger body with 413 before Django sees it: the limit must leave room for
    the largest file the portal accepts and the form around it."""
    limit = re.search(r"client_max_body_size (\S+);", CONF.read_text()).group(1)
    assert megabytes(limit) >= max(MAX_DOCUMENT_SIZE, MAX_ROSTER_SIZE) + 1024 * 1024
