"""Rate limits, counted in the shared cache (memcached, `CACHES` in settings) so that every
process on every web machine counts a client once, wherever its requests land.

django-ratelimit counts (fixed windows, `get_usage`); this module says who the client is, what
is counted against which rate setting, and answers 429 with Retry-After when a count runs over:
a page in the visitor's language, or JSON for the pickers' lookups."""

import ipaddress
import logging
import math
from dataclasses import dataclass
from functools import wraps

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)


def client_address(request):
    """AXES_CLIENT_IP_CALLABLE: who is asking. Behind the proxy (BEHIND_PROXY), the last address
    of X-Forwarded-For, the one the proxy itself wrote: a client can put anything in the header,
    but only before it. Otherwise, and if the proxy wrote no address, REMOTE_ADDR."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or None


def client_ip(request):
    """RATELIMIT_IP_META_KEY: the client as django-axes finds it, so that the lockouts and the
    rate limits agree on who is asking."""
    address = get_client_ip_address(request)
    if not address:
        # As django-ratelimit itself says: gunicorn on a Unix socket gives no REMOTE_ADDR.
        raise ImproperlyConfigured(
            "The request carries no client address: behind a proxy, set BEHIND_PROXY=1 and "
            "have the proxy send X-Forwarded-For."
        )
    return address


def posted_email(group, request):
    """The address a password reset is asked for, as one person would write it in any case."""
    return request.POST.get("email", "").strip().lower()


@dataclass(frozen=True)
class Limit:
    group: str  # names the counter
    key: object  # django-ratelimit's key: "ip" (client_ip) or a function of (group, request)
    rate: str  # the name of the setting that holds the rate, read per request


def limited(*limits, method=None, json=False):
    """A view decorator: each request (of `method`, e.g. "POST"; None for any) counts against
    every limit; over any of them, 429 instead of the view."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if method is None or request.method == method:
                waits = [wait for limit in limits if (wait := _count(request, limit))]
                if waits:
                    return too_many_requests(request, retry_after=max(waits), json=json)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _count(request, limit):
    """Count the request; the seconds until the window ends if it is over the limit, else 0."""
    rate = getattr(settings, limit.rate)
    usage = get_usage(request, group=limit.group, key=limit.key, rate=rate, increment=True)
    if usage is None:
        if getattr(settings, "RATELIMIT_ENABLE", True):
            # The cache did not answer, and RATELIMIT_FAIL_OPEN lets the request through.
            logger.warning("Rate limit %s not counted: the cache is unreachable", limit.group)
        return 0
    if not usage["should_limit"]:
        return 0
    # The window may end this very second (0), or the cache failed with FAIL_OPEN off (-1).
    return max(usage["time_left"], 1)


def too_many_requests(request, *, retry_after, json=False):
    """429 with Retry-After (seconds): JSON for a script, else a page in the visitor's language.
    Never stored by a cache: the next answer may differ a second later."""
    minutes = math.ceil(retry_after / 60)
    when = ngettext(
        "Try again in %(minutes)s minute.", "Try again in %(minutes)s minutes.", minutes
    ) % {"minutes": minutes}
    if json:
        response = JsonResponse(
            {
                "results": [],
                "error": "too_many_requests",
                "detail": when,
                "retry_after": retry_after,
            },
            status=429,
        )
    else:
        response = render(request, "429.html", {"when": when}, status=429)
    response["Retry-After"] = str(retry_after)
    patch_cache_control(response, no_store=True)
    return response


# Applied in portal/urls.py (password reset), partnerships/lookups.py and dashboards/views.py
# (reports).
password_reset = limited(
    Limit("password-reset-email", posted_email, "RATE_PASSWORD_RESET_PER_EMAIL"),
    Limit("password-reset-client", "ip", "RATE_PASSWORD_RESET_PER_CLIENT"),
    method="POST",
)
lookups = limited(Limit("lookups", "ip", "RATE_LOOKUPS_PER_CLIENT"), json=True)
reports = limited(Limit("reports", "ip", "RATE_REPORTS_PER_CLIENT"))
