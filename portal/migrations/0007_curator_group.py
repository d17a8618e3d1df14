"""The curators' group, "Kurator", with its permissions, in every database.

Curators are active staff users in this group (docs/operations.md). They keep the registry
(every partnerships model), cohorts, trainees and their stage changes, create and change accounts
and memberships, read the places, and lift login lockouts (django-axes). They get nothing of
auth (groups, permissions) and cannot delete an account; portal.admin.UserAdmin also keeps
is_superuser and user permissions out of their hands.

Permissions added to the group by a curator's own hand are kept: this adds, never resets.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

CURATOR_GROUP = "Kurator"
APPS = ["partnerships", "trainees", "portal", "axes"]


def curator_permissions(Permission):
    return Permission.objects.filter(
        Q(content_type__app_label__in=["partnerships", "trainees"])
        | Q(content_type__app_label="portal", codename__startswith="view_")
        | Q(
            content_type__app_label="portal",
            codename__in=[
                "add_user",
                "change_user",
                "add_membership",
                "change_membership",
                "delete_membership",
            ],
        )
        | Q(content_type__app_label="axes", codename__regex=r"^(view|delete)_")
    )


def grant(apps):
    """Create the group if need be and give it the curators' permissions (also used by the
    tests' reference_data fixture, after a flush empties the tables)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=CURATOR_GROUP)
    group.permissions.add(*curator_permissions(Permission))


def create_curator_group(apps, schema_editor):
    # Django creates permissions after the whole `migrate`, in post_migrate: on a fresh
    # database they do not exist yet. Create them now; create_permissions() skips an app whose
    # models_module is unset, as it is for every app of the migration state.
    for label in APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
        app_config.models_module = None
    grant(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_constraint_messages"),
        ("partnerships", "0007_constraint_messages"),
        ("trainees", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    # Going back keeps the group: deleting it would take users out of it.
    operations = [migrations.RunPython(create_curator_group, migrations.RunPython.noop)]
