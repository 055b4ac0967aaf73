import datetime

import psycopg2
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.qanat_devices.tools.dates import company_today

from .common import NATIONAL_CODES, QanatDevicesCase


@tagged("post_install", "-at_install")
class TestInstallation(QanatDevicesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.device = cls._create_device(cls.customer_a, "INST-1")

    def test_confirmation_activates_and_freezes(self):
        installation = self._create_installation(self.device, installed_by="Tech")
        self.assertEqual(installation.partner_id, self.customer_a)
        installation.with_user(self.user_qanat).action_confirm()
        self.assertEqual(installation.state, "confirmed")
        self.assertEqual(installation.confirmed_by_id, self.user_qanat)
        self.assertEqual(installation.confirmed_channel, "backend")
        self.assertEqual(installation.confirmed_from, "backend")
        self.assertTrue(installation.confirmed_at)
        self.assertEqual(installation.device_identifier, "INST-1")
        self.assertEqual(installation.partner_national_code, NATIONAL_CODES[0])
        self.assertEqual(len(installation.content_hash), 64)
        self.assertTrue(installation.hash_verified)
        self.assertEqual(self.device.service_state, "active")
        # Confirming again changes nothing.
        confirmed_at = installation.confirmed_at
        installation.action_confirm()
        self.assertEqual(installation.confirmed_at, confirmed_at)

    def test_checklist_must_be_complete(self):
        installation = self._create_installation(
            self.device, item_training_given=False, customer_all_done=False
        )
        with self.assertRaises(UserError) as error:
            installation.action_confirm()
        self.assertIn("Initial training given", str(error.exception))
        self.assertEqual(self.device.service_state, "pending_installation")
        installation.write({"item_training_given": True, "customer_all_done": True})
        installation.installation_date = fields.Date.add(
            company_today(self.env), days=3
        )
        with self.assertRaises(UserError):
            installation.action_confirm()

    def test_the_business_day_is_the_company_s_whoever_acts(self):
        """At 21:00 UTC it is already tomorrow in Tehran: a form dated today
        (the company's day) is not "in the future" for a user whose zone is
        UTC, nor for the cron user's Brussels."""
        self.assertEqual(self.env.company.partner_id.tz, "Asia/Tehran")
        self.user_qanat.tz = "UTC"
        with freeze_time("2026-03-01 21:00:00"):
            installation = self._create_installation(self.device)
            self.assertEqual(installation.installation_date, datetime.date(2026, 3, 2))
            installation.with_user(self.user_qanat).action_confirm()
        self.assertEqual(installation.state, "confirmed")
        self.assertEqual(self.device.service_start, datetime.date(2026, 3, 2))

    def test_buyer_must_tick_all_done(self):
        """The buyer's own "all items done" tick is required by the model, on
        every path (here a direct call), not only by the customer area."""
        installation = self._create_installation(self.device, customer_all_done=False)
        with self.assertRaises(UserError) as error:
            installation.action_confirm()
        label = installation._fields["customer_all_done"].get_description(self.env)
        self.assertIn(label["string"], str(error.exception))
        self.assertEqual(installation.state, "draft")
        self.assertEqual(self.device.service_state, "pending_installation")

    def test_confirmed_form_cannot_change_even_with_sudo(self):
        installation = self._create_installation(self.device)
        installation.action_confirm()
        for vals in (
            {"notes": "changed"},
            {"installation_date": "2020-01-01"},
            {"item_training_given": False},
            {"state": "draft"},
            {"content_hash": "0" * 64},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                installation.sudo().write(vals)
        with self.assertRaises(UserError):
            installation.sudo().unlink()
        # The chatter stays usable.
        installation.message_post(body="A note after confirmation")
        self.assertTrue(installation.hash_verified)

    @mute_logger("odoo.sql_db")
    def test_database_refuses_raw_changes(self):
        installation = self._create_installation(self.device)
        installation.action_confirm()
        self.env.flush_all()
        with self.assertRaises(psycopg2.errors.RaiseException), self.cr.savepoint():
            self.env.cr.execute(
                "UPDATE qanat_installation SET notes = 'forged' WHERE id = %s",
                (installation.id,),
            )
        with self.assertRaises(psycopg2.errors.RaiseException), self.cr.savepoint():
            self.env.cr.execute(
                "DELETE FROM qanat_installation WHERE id = %s", (installation.id,)
            )
        # Columns outside the form (e.g. write_date) may still be touched.
        self.env.cr.execute(
            "UPDATE qanat_installation SET write_date = now() WHERE id = %s",
            (installation.id,),
        )

    def test_hash_detects_tampering(self):
        installation = self._create_installation(self.device)
        installation.action_confirm()
        stored = installation.content_hash
        self.assertEqual(stored, installation._compute_content_hash())
        # A forged value (here only in memory: the database refuses it) no
        # longer matches the stored hash.
        self.env.cache.set(installation, installation._fields["notes"], "forged")
        self.assertNotEqual(stored, installation._compute_content_hash())
        self.assertFalse(
            installation.content_hash == installation._compute_content_hash()
        )
        installation.invalidate_recordset(["notes"])
        action = installation.action_verify_hash()
        self.assertEqual(action["params"]["type"], "success")

    def test_draft_editable_and_unique_per_device(self):
        installation = self._create_installation(self.device)
        installation.notes = "Ready"
        with self.assertRaises(UserError):
            installation.write({"state": "confirmed"})
        with self.assertRaises(UserError):
            installation.write({"confirmed_by_id": self.env.uid})
        with self.assertRaises(UserError):
            self._create_installation(self.device)
        with self.assertRaises(UserError):
            self.env["qanat.installation"].create(
                {"device_id": self.device.id, "state": "confirmed"}
            )
        installation.unlink()

    def test_portal_owner_confirms_other_cannot(self):
        installation = self._create_installation(self.device)
        with self.assertRaises(AccessError):
            installation.with_user(self.portal_b).action_confirm()
        installation.with_user(self.portal_a).action_confirm()
        self.assertEqual(installation.state, "confirmed")
        self.assertEqual(installation.confirmed_channel, "portal")
        self.assertEqual(installation.confirmed_by_id, self.portal_a)
        self.assertEqual(installation.confirmed_from, "rpc")

    def test_only_pending_devices(self):
        self._activate(self.device)
        other = self._create_device(self.customer_a, "INST-2")
        installation = self._create_installation(other)
        with self.assertRaises(UserError):
            installation.device_id = self.device
