from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import NATIONAL_CODES, QanatDevicesCase
from .fake_services import FakeDidar


@tagged("post_install", "-at_install")
class TestDidarSync(QanatDevicesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.didar = FakeDidar()
        cls.addClassCleanup(cls.didar.stop)
        config = cls.env["ir.config_parameter"].sudo()
        for key, value in {
            "didar.enabled": "1",
            "didar.api_key": FakeDidar.api_key,
            "didar.base_url": f"{cls.didar.url}/api",
            "didar.status_field": "Field_8_0_1",
            "http.timeout": "10",
        }.items():
            config.set_param(f"qanat.{key}", value)

    def setUp(self):
        super().setUp()
        self.didar.reset()
        self.jobs = self.env["qanat.crm.sync.job"]

    def _new_customer(self, name="Didar Customer", mobile="09131234567"):
        return self.env["res.partner"].create(
            {"name": name, "national_code": NATIONAL_CODES[5], "mobile": mobile}
        )

    def _run(self):
        return self.jobs._cron_process()

    def test_customer_created_then_service_change_updates_same_contact(self):
        customer = self._new_customer()
        job = self.jobs.search([("partner_id", "=", customer.id)])
        self.assertEqual((job.event, job.state), ("customer", "pending"))
        self._run()
        self.assertEqual(job.state, "done")
        self.assertEqual(len(self.didar.contacts), 1)
        contact = self.didar.contacts[customer.didar_contact_id]
        self.assertEqual(contact["MobilePhone"], "09131234567")
        self.assertEqual(contact["FirstName"], "Didar")
        self.assertEqual(contact["LastName"], "Customer")
        device = self._create_device(customer, "DIDAR-1")
        self._activate(device)
        service_job = self.jobs.search(
            [("partner_id", "=", customer.id), ("event", "=", "service")]
        )
        self.assertEqual(len(service_job), 1)
        self._run()
        self.assertEqual(len(self.didar.contacts), 1)
        status = self.didar.contacts[customer.didar_contact_id]["Fields"]["Field_8_0_1"]
        self.assertIn(device.reference, status)
        self.assertEqual(service_job.state, "done")

    def test_existing_didar_contact_found_by_mobile(self):
        self.didar.contacts["didar-77"] = {
            "Id": "didar-77",
            "MobilePhone": "09131234567",
            "DisplayName": "Entered in Didar by hand",
        }
        customer = self._new_customer()
        self._run()
        self.assertEqual(customer.didar_contact_id, "didar-77")
        self.assertEqual(len(self.didar.contacts), 1)
        self.assertEqual(self.didar.contacts["didar-77"]["DisplayName"], customer.name)

    def test_several_events_one_update(self):
        customer = self._new_customer()
        customer.email = "didar@example.com"
        customer.device_operator_name = "Operator"
        self.assertEqual(self.jobs.search_count([("partner_id", "=", customer.id)]), 3)
        self._run()
        saves = [r for r in self.didar.requests if r[0] == "/api/contact/save"]
        self.assertEqual(len(saves), 1)
        self.assertEqual(
            set(self.jobs.search([("partner_id", "=", customer.id)]).mapped("state")),
            {"done"},
        )

    def test_a_job_sent_is_never_sent_again(self):
        customer = self._new_customer()
        self._run()
        saves = [r for r in self.didar.requests if r[0] == "/api/contact/save"]
        self.assertEqual(len(saves), 1)
        # Later cron runs, even with the job's retry time long past, send nothing.
        self.jobs.search(
            [("partner_id", "=", customer.id)]
        ).next_attempt_at = "2000-01-01 00:00:00"
        for _run in range(3):
            self.assertEqual(self._run(), 0)
        saves = [r for r in self.didar.requests if r[0] == "/api/contact/save"]
        self.assertEqual(len(saves), 1)

    def test_didar_down_nothing_lost_no_duplicate(self):
        self.didar.down = True
        self.addCleanup(setattr, self.didar, "down", False)
        with freeze_time("2026-11-22 08:00:00"):
            customer = self._new_customer()
            self._run()
        job = self.jobs.search([("partner_id", "=", customer.id)])
        self.assertEqual(job.state, "pending")
        self.assertEqual(job.attempts, 1)
        self.assertIn("503", job.error)
        with freeze_time("2026-11-22 08:00:30"):
            self.assertEqual(self._run(), 0)  # backing off
        self.didar.down = False
        with freeze_time("2026-11-22 09:00:00"):
            self._run()
        self.assertEqual(job.state, "done")
        self.assertEqual(len(self.didar.contacts), 1)

    def test_gives_up_after_many_outages_and_staff_retry(self):
        self.didar.down = True
        self.addCleanup(setattr, self.didar, "down", False)
        customer = self._new_customer()
        job = self.jobs.search([("partner_id", "=", customer.id)])
        now = fields.Datetime.now()
        for attempt in range(10):
            with freeze_time(now + timedelta(days=attempt)):
                self._run()
        self.assertEqual(job.state, "failed")
        self.didar.down = False
        job.action_retry()
        self._run()
        self.assertEqual(job.state, "done")

    @mute_logger("odoo.addons.qanat_devices.models.qanat_crm_sync_job")
    def test_slow_didar_times_out_and_retries(self):
        self.didar.delay = 10.5
        self.addCleanup(setattr, self.didar, "delay", 0)
        customer = self._new_customer()
        self._run()
        job = self.jobs.search([("partner_id", "=", customer.id)])
        self.assertEqual(job.state, "pending")
        self.assertIn("timed out", job.error)

    def test_wrong_key_fails_visibly(self):
        self.env["ir.config_parameter"].sudo().set_param("qanat.didar.api_key", "bad")
        customer = self._new_customer()
        self._run()
        job = self.jobs.search([("partner_id", "=", customer.id)])
        self.assertEqual(job.state, "failed")
        self.assertIn("401", job.error)

    def test_customer_without_mobile_fails_visibly(self):
        customer = self._new_customer(mobile=False)
        self._run()
        job = self.jobs.search([("partner_id", "=", customer.id)])
        self.assertEqual(job.state, "failed")
        self.assertIn("mobile", job.error)

    def test_nothing_queued_when_didar_off(self):
        self.env["ir.config_parameter"].sudo().set_param("qanat.didar.enabled", "")
        customer = self._new_customer()
        self.assertFalse(self.jobs.search([("partner_id", "=", customer.id)]))

    def test_non_customers_are_not_synced(self):
        vendor = self.env["res.partner"].create(
            {"name": "Vendor", "mobile": "09130000001"}
        )
        self.assertFalse(self.jobs.search([("partner_id", "=", vendor.id)]))
