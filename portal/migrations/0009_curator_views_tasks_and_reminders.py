"""Curators read the task worker's rows (django-tasks-db's "Task results": queued, running,
finished and failed tasks, e.g. the daily expiry reminders) and the expiry reminders sent.

Both are read-only lists in the admin. django-tasks-db's app label is "django_tasks_database"
(its AppConfig), not its module name. Like 0007 this adds, never resets.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

CURATOR_GROUP = "Kurator"
APPS = ["django_tasks_database", "partnerships"]


def grant(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=CURATOR_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            Q(content_type__app_label="django_tasks_database", codename="view_dbtaskresult")
            | Q(content_type__app_label="partnerships", codename="view_expiryreminder")
        )
    )


def add_permissions(apps, schema_editor):
    # As in 0007: on a fresh database post_migrate has not created the permissions yet.
    for label in APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
        app_config.models_module = None
    grant(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_user_language"),
        ("partnerships", "0012_expiry_reminder"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Going back keeps the permissions: a curator may have been given them by hand too.
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
