"""The language switcher, outside the language prefixes (portal/urls.py includes it)."""

from django.urls import path

from pages.views import set_language

urlpatterns = [path("setlang/", set_language, name="set_language")]
