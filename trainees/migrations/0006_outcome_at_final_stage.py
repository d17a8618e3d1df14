"""An outcome only at a final stage, and the stage "Completed the programme".

A domestic programme had no stage of its own for its end: an outcome was typed at whatever
stage the trainee was at, and the retention purge took any trainee with an outcome for one who
had left, even one in Japan whose cohort later moved to a programme there. Now an outcome needs
a final stage (a constraint). Rows that break it are brought in line before the constraint:

- a trainee of a domestic programme with an outcome completed it: they move to "completed" on
  the later of their stage date and their record's last change, with a step in their timeline
  and a history record saying why;
- anyone else (a programme in Japan) loses the outcome, which never applied there; the history
  record keeps what it was.

The record's last change (updated_at) is left as it was: the correction is not new activity,
and the five years of retention still count from the trainee's own last change.
"""

from django.db import migrations, models
from django.utils import timezone

FINAL = ["completed", "returned", "withdrawn"]
# history_change_reason holds 100 characters.
REASON = "Outcome only at a final stage: domestic trainees with one completed; none for Japan."
NOTE = "Completed the programme (recorded by the portal: the outcome was entered before)."


def bring_in_line(apps, schema_editor):
    Trainee = apps.get_model("trainees", "Trainee")
    HistoricalTrainee = apps.get_model("trainees", "HistoricalTrainee")
    StageChange = apps.get_model("trainees", "StageChange")
    history_fields = {field.attname for field in HistoricalTrainee._meta.concrete_fields}
    copied = [f.attname for f in Trainee._meta.concrete_fields if f.attname in history_fields]
    now = timezone.now()
    broken = (
        Trainee.objects.exclude(outcome="")
        .exclude(stage__in=FINAL)
        .select_related("cohort__programme")
        .order_by("pk")
    )
    while batch := list(broken[:2000]):
        history, steps, completed, cleared = [], [], [], []
        for trainee in batch:
            if trainee.cohort.programme.is_domestic:
                day = max(trainee.stage_since, timezone.localtime(trainee.updated_at).date())
                trainee.stage, trainee.stage_since = "completed", day
                steps.append(
                    StageChange(trainee_id=trainee.pk, stage="completed", date=day, note=NOTE)
                )
                completed.append(trainee)
            else:
                trainee.outcome = ""
                cleared.append(trainee)
            trainee.version += 1
            history.append(
                HistoricalTrainee(
                    **{name: getattr(trainee, name) for name in copied},
                    history_date=now,
                    history_type="~",
                    history_change_reason=REASON,
                )
            )
        # bulk_update, not save(): updated_at keeps the trainee's own last change.
        Trainee.objects.bulk_update(completed, ["stage", "stage_since", "version"])
        Trainee.objects.bulk_update(cleared, ["outcome", "version"])
        StageChange.objects.bulk_create(steps)
        HistoricalTrainee.objects.bulk_create(history)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0013_programme_names_per_language"),
        ("portal", "0011_task_rows_without_secrets"),
        ("trainees", "0005_data_access"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicaltrainee",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Not known yet"),
                    ("placed", "Placed in industry"),
                    ("entrepreneur", "Entrepreneur"),
                    ("study", "Further study"),
                    ("not_working", "Not yet working"),
                ],
                help_text="Once the trainee has completed the programme (or returned, or withdrawn): what they do now.",
                max_length=20,
                verbose_name="outcome",
            ),
        ),
        migrations.AlterField(
            model_name="historicaltrainee",
            name="stage",
            field=models.CharField(
                choices=[
                    ("registered", "Registered"),
                    ("in_training", "In training"),
                    ("selection", "Selection"),
                    ("passed", "Passed"),
                    ("not_passed", "Not passed"),
                    ("pre_departure", "Pre-departure"),
                    ("departed", "Departed"),
                    ("in_japan", "In Japan"),
                    ("returned", "Returned"),
                    ("completed", "Completed the programme"),
                    ("withdrawn", "Withdrawn"),
                ],
                default="registered",
                editable=False,
                max_length=20,
                verbose_name="stage",
            ),
        ),
        migrations.AlterField(
            model_name="stagechange",
            name="stage",
            field=models.CharField(
                choices=[
                    ("registered", "Registered"),
                    ("in_training", "In training"),
                    ("selection", "Selection"),
                    ("passed", "Passed"),
                    ("not_passed", "Not passed"),
                    ("pre_departure", "Pre-departure"),
                    ("departed", "Departed"),
                    ("in_japan", "In Japan"),
                    ("returned", "Returned"),
                    ("completed", "Completed the programme"),
                    ("withdrawn", "Withdrawn"),
                ],
                max_length=20,
                verbose_name="stage",
            ),
        ),
        migrations.AlterField(
            model_name="trainee",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Not known yet"),
                    ("placed", "Placed in industry"),
                    ("entrepreneur", "Entrepreneur"),
                    ("study", "Further study"),
                    ("not_working", "Not yet working"),
                ],
                help_text="Once the trainee has completed the programme (or returned, or withdrawn): what they do now.",
                max_length=20,
                verbose_name="outcome",
            ),
        ),
        migrations.AlterField(
            model_name="trainee",
            name="stage",
            field=models.CharField(
                choices=[
                    ("registered", "Registered"),
                    ("in_training", "In training"),
                    ("selection", "Selection"),
                    ("passed", "Passed"),
                    ("not_passed", "Not passed"),
                    ("pre_departure", "Pre-departure"),
                    ("departed", "Departed"),
                    ("in_japan", "In Japan"),
                    ("returned", "Returned"),
                    ("completed", "Completed the programme"),
                    ("withdrawn", "Withdrawn"),
                ],
                default="registered",
                editable=False,
                max_length=20,
                verbose_name="stage",
            ),
        ),
        migrations.RunPython(bring_in_line, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="trainee",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("outcome", ""),
                    ("stage__in", ["completed", "returned", "withdrawn"]),
                    _connector="OR",
                ),
                name="trainee_outcome_at_final_stage",
                violation_error_message="An outcome is recorded only for a trainee who has completed the programme, returned or withdrawn.",
            ),
        ),
    ]
