"""Cron batches that one bad record cannot hold up."""

import logging

import psycopg2

from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

# What one record can raise without the others being wrong: a rule it breaks,
# a row another transaction holds or changed, a duplicate another node made.
RECORD_ERRORS = (
    UserError,
    ValidationError,
    psycopg2.errors.LockNotAvailable,
    psycopg2.errors.SerializationFailure,
    psycopg2.IntegrityError,
)


def each_in_savepoint(records, work, on_error=None):
    """Call ``work(record)`` for each record in its own savepoint.

    A record that fails is rolled back alone, logged and handed to
    ``on_error(record, error)``; the others go on. Returns the records that
    failed.
    """
    env = records.env
    failed = records.browse()
    for record in records:
        try:
            with env.cr.savepoint():
                work(record)
        except RECORD_ERRORS as error:
            env.invalidate_all()
            _logger.warning(
                "%s %s skipped by the cron: %s", record._name, record.id, error
            )
            failed |= record
            if on_error:
                on_error(record, error)
    return failed


def note_failure_once(record, summary, error, user):
    """A to-do activity on ``record`` telling ``user`` why a cron skipped it,
    scheduled once while an activity with this summary stays open."""
    if record.activity_ids.filtered(lambda activity: activity.summary == summary):
        return
    record.activity_schedule(
        "mail.mail_activity_data_todo",
        summary=summary,
        note=error.args[0] if error.args else str(error),
        user_id=user.id,
    )
