from django.db import migrations


def copy_roles_to_memberships(apps, schema_editor):
    """Each user's single role becomes a membership; curators become staff users."""
    User = apps.get_model("portal", "User")
    Membership = apps.get_model("portal", "Membership")
    for user in User.objects.exclude(role=""):
        if user.role == "institution" and user.organisation_id:
            Membership.objects.create(user=user, role="head", organisation_id=user.organisation_id)
        elif user.role == "official" and user.province_id:
            Membership.objects.create(user=user, role="official", province_id=user.province_id)
        elif user.role == "curator" and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_memberships")]

    operations = [
        migrations.RunPython(copy_roles_to_memberships, migrations.RunPython.noop),
    ]
