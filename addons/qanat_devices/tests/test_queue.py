from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.qanat_queue_mixin import MAX_ATTEMPTS
from ..services.http import ServiceError
from .common import QanatDevicesCase


@tagged("post_install", "-at_install")
class TestQueueMixin(QanatDevicesCase):
    """The queue every external call goes through, on the Didar jobs."""

    def setUp(self):
        super().setUp()
        self.job = self.env["qanat.crm.sync.job"].create(
            {"partner_id": self.customer_a.id, "event": "customer"}
        )

    def test_transient_errors_back_off_then_give_up(self):
        outage = ServiceError("HTTP 503", code=503, transient=True)
        now = fields.Datetime.now()
        waits = []
        with freeze_time(now):
            for _attempt in range(MAX_ATTEMPTS - 1):
                self.assertFalse(self.job._queue_failed(outage))
                waits.append(self.job.next_attempt_at - now)
        self.assertEqual(self.job.state, "pending")
        self.assertEqual(
            waits,
            [timedelta(minutes=m) for m in (5, 10, 20, 40, 80, 160, 320)],
        )
        self.assertEqual(self.job._queue_backoff(12), timedelta(hours=6))
        self.assertEqual(self.job._queue_failed(outage), self.job)
        self.assertEqual(self.job.state, "failed")
        self.assertEqual(self.job.attempts, MAX_ATTEMPTS)
        self.assertEqual(self.job.error, "HTTP 503")

    def test_permanent_error_needs_a_person_and_staff_retry(self):
        self.assertEqual(
            self.job._queue_failed(ServiceError("HTTP 401", code=401)), self.job
        )
        self.assertEqual(self.job.state, "failed")
        with self.assertRaises(AccessError):
            self.job.with_user(self.portal_a).action_retry()
        self.job.action_retry()
        self.assertEqual(self.job.state, "pending")
        self.assertEqual(self.job.attempts, 0)
        self.assertFalse(self.job.error)

    def test_done_counts_the_attempt_and_clears_the_error(self):
        self.job._queue_failed(ServiceError("timeout", transient=True))
        self.job._queue_done({"state": "done"})
        self.assertEqual(self.job.attempts, 2)
        self.assertFalse(self.job.error)
        self.assertFalse(self.job._queue_lock(), "a job done is not taken again")
