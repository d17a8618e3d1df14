"""Remove every task row that holds a password link, and bring queued invitations to the new
arguments.

Until now the "forgotten password" mail was queued as portal.tasks.send_email(subject, body,
recipient): its row held the whole mail, the live reset link included, and curators could read
it in the admin (a curator could reset a superuser's password that way). That task no longer
exists: every such row goes, queued or finished (a queued one would fail anyway; the user asks
for a new link). Invitations were queued with the site's address as a second argument: their
rows are rewritten to (user id, language), so that queued ones are still sent. Any other row
whose arguments or result hold a reset link or token goes too.
"""

from django.db import migrations
from django.db.models import Q

OLD_MAIL_TASK = "portal.tasks.send_email"
INVITATION_TASK = "portal.tasks.send_invitation"


def remove_secrets(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    rows = DBTaskResult.objects.using(schema_editor.connection.alias)
    rows.filter(task_path=OLD_MAIL_TASK).delete()
    # A reset link is /accounts/reset/<uid>/<token>/ in every language.
    rows.filter(
        Q(args_kwargs__icontains="/reset/")
        | Q(return_value__icontains="/reset/")
        | Q(args_kwargs__icontains="token")
    ).delete()
    for row in rows.filter(task_path=INVITATION_TASK):
        args = row.args_kwargs.get("args", [])
        if len(args) == 3:  # (user id, base url, language) -> (user id, language)
            row.args_kwargs = {**row.args_kwargs, "args": [args[0], args[2]]}
            row.save(update_fields=["args_kwargs"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0010_user_language_japanese"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    # Nothing to bring back: the links are spent or expired.
    operations = [migrations.RunPython(remove_secrets, migrations.RunPython.noop)]
