"""What the registry's tests share: a curator with the partnerships permissions."""

import pytest
from django.contrib.auth.models import Permission


@pytest.fixture
def curator(user_factory):
    user = user_factory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="partnerships"))
    return user
