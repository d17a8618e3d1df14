from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_copy_roles_to_memberships")]

    operations = [
        migrations.RemoveField(
            model_name="user",
            name="organisation",
        ),
        migrations.RemoveField(
            model_name="user",
            name="province",
        ),
        migrations.RemoveField(
            model_name="user",
            name="role",
        ),
    ]
