from datetime import date

import psycopg2
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.qanat_devices.tools.dates import company_today

from ..models.qanat_device import SERVICE_GUARD
from .common import QanatDevicesCase


@tagged("post_install", "-at_install")
class TestDevice(QanatDevicesCase):
    def test_defaults_from_product(self):
        device = self._create_device(self.customer_a, " sn-001 ۲ ")
        self.assertEqual(device.brand, "Brandy")
        self.assertEqual(device.model, "M-1")
        self.assertEqual(device.device_type_id, self.device_type)
        self.assertEqual(device.identifier_normalized, "SN0012")
        self.assertEqual(device.service_state, "pending_installation")
        self.assertTrue(device.reference.startswith("DEV/"))
        self.assertEqual(device.ownership_ids.partner_id, self.customer_a)
        self.assertFalse(device.warranty_end)

    def test_identifier_unique_per_kind(self):
        self._create_device(self.customer_a, "AB-123")
        with self.assertRaises(ValidationError) as error:
            self._create_device(self.customer_b, "ab 123")
        self.assertIn("AB123", str(error.exception))
        # The same value is allowed for another identifier kind.
        dongle = self._create_device(self.customer_b, "AB123", identifier_kind="dongle")
        self.assertEqual(dongle.identifier_kind, "dongle")
        with self.assertRaises(ValidationError):
            self._create_device(self.customer_b, " - ")

    @mute_logger("odoo.sql_db")
    def test_identifier_unique_in_database(self):
        """The SQL constraint holds even when the Python check is bypassed."""
        first = self._create_device(self.customer_a, "DB-1")
        second = self._create_device(self.customer_a, "DB-2")
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE qanat_device SET identifier_normalized = %s WHERE id = %s",
                (first.identifier_normalized, second.id),
            )

    def test_service_fields_only_through_methods(self):
        device = self._create_device(self.customer_a, "GUARD-1")
        for vals in (
            {"service_state": "active"},
            {"service_end": "2030-01-01"},
            {"installation_date": "2024-01-01"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                device.sudo().write(vals)
        with self.assertRaises(UserError):
            self.env["qanat.device"].create(
                {
                    "partner_id": self.customer_a.id,
                    "identifier": "GUARD-2",
                    "service_state": "active",
                }
            )
        # A context key sent over RPC cannot unlock the guard.
        with self.assertRaises(UserError):
            device.with_context(**{SERVICE_GUARD.key: True}).write(
                {"service_state": "active"}
            )

    @freeze_time("2026-01-10")
    def test_activation_dates(self):
        device = self._create_device(self.customer_a, "ACT-1")
        self._activate(device, installation_date="2026-01-05")
        self.assertEqual(device.service_state, "active")
        self.assertEqual(device.installation_date, date(2026, 1, 5))
        self.assertEqual(device.service_start, date(2026, 1, 5))
        self.assertEqual(device.service_end, date(2027, 1, 4))
        self.assertEqual(device.warranty_end, date(2028, 1, 4))
        self.assertTrue(device.is_under_warranty)
        self.assertTrue(device.is_service_live)
        self.assertIn(
            device, self.env["qanat.device"].search([("is_service_live", "=", True)])
        )

    def test_transitions_are_logged_and_checked(self):
        device = self._create_device(self.customer_a, "TR-1")
        with self.assertRaises(UserError):
            device._set_pay_per_case()  # not installed yet
        self._activate(device)
        device._suspend_service("Overdue invoice")
        self.assertEqual(device.service_state, "suspended")
        self.assertEqual(device.service_state_before_suspension, "active")
        device._restore_service()
        self.assertEqual(device.service_state, "active")
        self.assertFalse(device.service_state_before_suspension)
        device._set_pay_per_case("Customer choice")
        self.assertEqual(device.service_state, "pay_per_case")
        with self.assertRaises(UserError):
            device._cancel_service("")
        device._cancel_service("Moved abroad")
        self.assertEqual(device.service_state, "cancelled")
        bodies = device.message_ids.mapped("body")
        self.assertTrue(any("Moved abroad" in body for body in bodies))
        self.assertTrue(any("Overdue invoice" in body for body in bodies))
        with self.assertRaises(UserError):
            device._expire_service()  # cancelled cannot expire

    @freeze_time("2026-06-01")
    def test_renewal_from_max_of_today_and_end(self):
        device = self._create_device(self.customer_a, "REN-1")
        self._activate(device, installation_date="2026-05-01")
        self.assertEqual(device.service_end, date(2027, 4, 30))
        device._renew_service(12)
        self.assertEqual(device.service_state, "renewed")
        self.assertEqual(device.service_end, date(2028, 4, 30))
        expired = self._create_device(self.customer_a, "REN-2")
        self._activate(expired, installation_date="2025-01-01")
        self.env["qanat.device"]._cron_expire_services()
        self.assertEqual(expired.service_state, "expired")
        expired._renew_service(24)
        self.assertEqual(expired.service_end, date(2028, 6, 1))
        with self.assertRaises(UserError):
            expired._renew_service(0)

    def test_restore_after_end_passed_expires(self):
        device = self._create_device(self.customer_a, "RST-1")
        today = company_today(self.env)
        self._activate(device, installation_date=today - relativedelta(days=20))
        device._suspend_service("Overdue")
        with freeze_time(today + relativedelta(years=1)):
            device._restore_service()
        self.assertEqual(device.service_state, "expired")

    def test_staff_buttons_need_qanat_group(self):
        device = self._create_device(self.customer_a, "BTN-1")
        self._activate(device)
        plain_user = self.env["res.users"].create(
            {
                "name": "Plain",
                "login": "plain_internal",
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            device.with_user(plain_user).action_set_pay_per_case()
        device.with_user(self.user_qanat).action_set_pay_per_case()
        self.assertEqual(device.service_state, "pay_per_case")
        wizard_action = (
            device.with_user(self.user_qanat)
            .with_context(qanat_service_action="suspend")
            .action_open_service_wizard()
        )
        wizard = (
            self.env["qanat.device.service.wizard"]
            .with_user(self.user_qanat)
            .with_context(**wizard_action["context"])
            .create({"reason": "Debt above ceiling"})
        )
        wizard.action_apply()
        self.assertEqual(device.service_state, "suspended")
        device.with_user(self.user_qanat).action_restore_service()
        self.assertEqual(device.service_state, "pay_per_case")

    def test_owner_correction_only_before_installation(self):
        device = self._create_device(self.customer_a, "OWN-1")
        draft = self._create_installation(device)
        device.partner_id = self.customer_b
        self.assertEqual(draft.partner_id, self.customer_b)
        self.assertEqual(len(device.ownership_ids), 2)
        self.assertEqual(
            device.ownership_ids.filtered(lambda o: not o.date_end).partner_id,
            self.customer_b,
        )
        draft.action_confirm()
        with self.assertRaises(UserError):
            device.partner_id = self.customer_a

    def test_delete_only_pending(self):
        device = self._create_device(self.customer_a, "DEL-1")
        other = self._create_device(self.customer_a, "DEL-2")
        self._activate(other)
        with self.assertRaises(UserError):
            other.unlink()
        device.unlink()
        self.assertFalse(device.exists())

    def test_cron_expires_in_batches_and_reruns_safely(self):
        today = company_today(self.env)
        devices = self.env["qanat.device"]
        for index in range(5):
            device = self._create_device(self.customer_a, f"CRON-{index}")
            self._activate(device, installation_date=today - relativedelta(years=2))
            devices |= device
        current = self._create_device(self.customer_a, "CRON-current")
        self._activate(current)
        model = self.env["qanat.device"]
        self.assertEqual(model._cron_expire_services(batch_size=3), 3)
        self.assertEqual(model._cron_expire_services(batch_size=3), 2)
        self.assertEqual(model._cron_expire_services(batch_size=3), 0)
        self.assertEqual(set(devices.mapped("service_state")), {"expired"})
        self.assertEqual(current.service_state, "active")
        expiry_messages = devices.message_ids.filtered(
            lambda m: "period has ended" in (m.body or "")
        )
        self.assertEqual(len(expiry_messages), 5)

    def test_cron_reports_progress(self):
        today = company_today(self.env)
        for index in range(3):
            device = self._create_device(self.customer_a, f"PRG-{index}")
            self._activate(device, installation_date=today - relativedelta(years=2))
        cron = self.env.ref("qanat_devices.ir_cron_qanat_expire_services")
        model, progress = cron._add_progress()
        model = self.env["qanat.device"].with_context(model.env.context)
        model._cron_expire_services(batch_size=2)
        self.assertEqual((progress.done, progress.remaining), (2, 1))
