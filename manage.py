#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if "SECRET_KEY" not in os.environ and "DEBUG" not in os.environ:
        # A developer's shell with nothing configured: commands run as on a development machine
        # (as `cookiecutter-django`'s manage.py does). A server sets SECRET_KEY, so its commands
        # keep the strict settings; gunicorn (portal/wsgi.py) never takes this path.
        os.environ["DEBUG"] = "1"
        print("manage.py: SECRET_KEY and DEBUG are unset; running with DEBUG=1.", file=sys.stderr)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
