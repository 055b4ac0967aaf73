import threading
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import access
from ..tools.language import in_user_language

BATCH_SIZE = 50
MAX_ATTEMPTS = 8
MAX_BACKOFF_MINUTES = 360


class QanatQueueMixin(models.AbstractModel):
    """Records waiting for an external service (WhatsApp, Didar, SpotPlayer...).

    A cron takes the due records in batches, oldest first; a failed call is
    retried with exponential back-off while the error is transient and attempts
    remain, otherwise the record is given up (an activity for a Qanat manager
    where the model has activities) until staff press *Retry*. Rows are locked
    while they are sent, so two workers never send the same record.

    The model has a ``state`` selection with the values named by
    ``_queue_waiting_state`` and ``_queue_failed_state``, points
    ``_queue_cron`` at its cron, and implements :meth:`_queue_process`.
    """

    _name = "qanat.queue.mixin"
    _description = "Queue of Calls to an External Service"

    _queue_waiting_state = "pending"
    _queue_failed_state = "failed"
    _queue_cron = None

    attempts = fields.Integer(readonly=True, copy=False)
    next_attempt_at = fields.Datetime(
        readonly=True, index=True, copy=False, default=fields.Datetime.now
    )
    error = fields.Char(readonly=True, copy=False)

    @api.model
    def _queue_domain(self):
        """The records due now."""
        return [
            ("state", "=", self._queue_waiting_state),
            ("next_attempt_at", "<=", fields.Datetime.now()),
        ]

    @api.model
    def _queue_backoff(self, attempts):
        """5 minutes after the first failure, doubled after each one, at most
        6 hours."""
        return timedelta(minutes=min(5 * 2 ** (attempts - 1), MAX_BACKOFF_MINUTES))

    @api.model
    @in_user_language
    def _queue_run(self, batch_size=BATCH_SIZE):
        """One run of the queue's cron; returns how many records it took."""
        domain = self._queue_domain()
        records = self.search(domain, limit=batch_size, order="id")
        if records:
            records._queue_process()
        remaining = self.search_count(domain) if len(records) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(records), remaining=remaining)
        return len(records)

    def _queue_process(self):
        """Send the batch: each record ends in :meth:`_queue_done` or
        :meth:`_queue_failed`."""
        raise NotImplementedError

    def _queue_commit(self):
        """Keep what the service answered so far: a later record's failure, or
        the worker being stopped, must not roll back (and so repeat) calls that
        were made. Tests cannot commit; they run in one transaction."""
        if not getattr(threading.current_thread(), "testing", False):
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _queue_lock(self):
        """The records still waiting that no other worker is sending (locked
        until the transaction ends)."""
        if not self:
            return self
        self.flush_recordset(["state"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s AND state = %s "
                "FOR NO KEY UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
                tuple(self.ids),
                self._queue_waiting_state,
            )
        )
        locked = self.browse(row[0] for row in self.env.cr.fetchall())
        locked.invalidate_recordset()
        return locked

    def _queue_done(self, vals=None):
        """The service took the records; ``vals`` says what it answered."""
        for record in self:
            record.write(
                {"attempts": record.attempts + 1, "error": False, **(vals or {})}
            )

    def _queue_failed(self, error):
        """The call failed with ``error`` (a ServiceError): retried later, or
        given up. Returns the records given up."""
        given_up = self.browse()
        for record in self:
            attempts = record.attempts + 1
            vals = {"attempts": attempts, "error": error.message}
            if error.transient and attempts < MAX_ATTEMPTS:
                vals["next_attempt_at"] = fields.Datetime.now() + self._queue_backoff(
                    attempts
                )
            else:
                vals["state"] = self._queue_failed_state
                given_up |= record
            record.write(vals)
        if given_up:
            given_up._queue_given_up(error)
        return given_up

    def _queue_given_up_summary(self):
        """The title of the activity a given-up record gets, or False for none."""
        return False

    @in_user_language
    def _queue_given_up(self, error):
        """A person must look: an activity for a Qanat manager on each record,
        for models that have activities."""
        summary = self._queue_given_up_summary()
        if "activity_ids" not in self._fields or not summary:
            return
        managers = self.env.ref(
            "qanat_devices.group_qanat_manager", raise_if_not_found=False
        )
        user = managers.users[:1] if managers else self.env.user
        for record in self:
            record.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=summary,
                note=error.message,
            )

    def action_retry(self):
        """Queue given-up records again (staff, after fixing the cause)."""
        access.check_staff(self.env)
        self.filtered(lambda record: record.state == self._queue_failed_state).write(
            {
                "state": self._queue_waiting_state,
                "attempts": 0,
                "error": False,
                "next_attempt_at": fields.Datetime.now(),
            }
        )
        if self._queue_cron:
            self.env.ref(self._queue_cron).sudo()._trigger()
        return True
