"""Settings for the test suite: the real settings, with a plain static storage (no manifest to
build before each run), a fast password hasher, mail kept in memory and tasks run at once (the
worker's own tests switch to the database backend)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-real-deployment")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from portal.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# The test client speaks plain HTTP; production's redirect to HTTPS is checked by
# test_settings_env (manage.py check --deploy on the real settings).
SECURE_SSL_REDIRECT = False
TASKS = {"default": {"BACKEND": TASKS_BACKENDS["immediate"]}}  # noqa: F405
# The tests cover the developer tools too (demo data, bulk seeding, benchmarks).
if "devtools" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405
