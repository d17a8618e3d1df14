"""Roster files: the template, reading an uploaded CSV or Excel file, checking every row, and
saving them all in one transaction.

A file is read by its header row, found under any title rows: Indonesian or English column
names, in any order (mapping). Text files are read as UTF-8, UTF-16 or the Windows code page of
the machine that saved them, and refused when they cannot be read faithfully; Excel sheets are
read no wider than their header and no longer than the row limit, whatever they declare
(reading). Every cell is checked by the rule of its field, the same as the trainee form's and
the admin's (checking, with trainees.fields), and nothing is saved until the whole file is clean
(saving). The template to fill in has the same columns (template).
"""

from trainees.roster.checking import Problem, Result, check
from trainees.roster.mapping import COLUMNS, Column, _normalise
from trainees.roster.reading import MAX_ROWS, RosterError
from trainees.roster.saving import save
from trainees.roster.template import template_response

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "Column",
    "Problem",
    "Result",
    "RosterError",
    "_normalise",
    "check",
    "save",
    "template_response",
]
