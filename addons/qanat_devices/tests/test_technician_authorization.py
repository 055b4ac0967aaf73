from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.qanat_devices.tools.dates import company_today

from .common import QanatDevicesCase, create_installation


@tagged("post_install", "-at_install")
class TestTechnicianAuthorization(QanatDevicesCase):
    """Installation only by a technician authorised for the device type, on the
    day of the installation (seeds 000 and 004)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = company_today(cls.env)
        cls.other_type = cls.env["qanat.device.type"].create(
            {"name": "Compressor", "code": "TEST-COMP"}
        )
        cls.technician = cls.env["res.partner"].create({"name": "Reza Nasab"})
        cls.authorization = cls.env["qanat.technician.authorization"].create(
            {
                "partner_id": cls.technician.id,
                "device_type_ids": [fields.Command.set(cls.device_type.ids)],
                "date_start": cls.today - relativedelta(years=1),
                "date_end": cls.today + relativedelta(months=6),
            }
        )
        cls.device = cls._create_device(cls.customer_a, "TECH-1")

    def _draft(self, technician=None, **vals):
        technician_id = technician.id if technician else False
        return create_installation(
            self.env, self.device, technician_id=technician_id, **vals
        )

    def test_confirmation_needs_a_technician(self):
        installation = self._draft()
        with self.assertRaises(UserError) as error:
            installation.action_confirm()
        self.assertIn("technician", str(error.exception))
        self.assertEqual(installation.state, "draft")
        self.assertEqual(self.device.service_state, "pending_installation")
        installation.technician_id = self.technician
        installation.action_confirm()
        self.assertEqual(installation.state, "confirmed")
        self.assertEqual(installation.installed_by, "Reza Nasab")
        self.assertTrue(installation.hash_verified)
        # The technician is part of the legal record.
        self.assertIn('"technician_id":', installation._canonical_content())

    def test_unauthorised_contact_cannot_be_assigned(self):
        stranger = self.env["res.partner"].create({"name": "Anyone"})
        with self.assertRaises(ValidationError) as error:
            self._draft(stranger)
        self.assertIn("not authorised", str(error.exception))
        installation = self._draft()
        with self.assertRaises(ValidationError):
            installation.technician_id = stranger
        self.assertNotIn(stranger, installation.allowed_technician_ids)
        self.assertIn(self.technician, installation.allowed_technician_ids)

    def test_authorisation_is_per_device_type(self):
        self.authorization.device_type_ids = self.other_type
        with self.assertRaises(ValidationError):
            self._draft(self.technician)
        # No type at all: authorised for every type.
        self.authorization.device_type_ids = False
        self.assertTrue(self._draft(self.technician))

    def test_authorisation_must_cover_the_installation_date(self):
        installation = self._draft(self.technician)
        with self.assertRaises(ValidationError):
            installation.installation_date = self.today - relativedelta(years=2)
        # Valid on the installation day, expired since: the form stays valid.
        self.authorization.date_end = self.today - relativedelta(days=10)
        installation.invalidate_recordset()
        with self.assertRaises(UserError):
            installation.action_confirm()
        installation.installation_date = self.today - relativedelta(days=20)
        installation.action_confirm()
        self.assertEqual(installation.state, "confirmed")

    def test_archived_authorisation_authorises_nobody(self):
        self.authorization.active = False
        with self.assertRaises(ValidationError):
            self._draft(self.technician)

    def test_other_company_authorisation_does_not_count(self):
        other_company = self.env["res.company"].create({"name": "Other Seller"})
        self.authorization.company_id = other_company
        with self.assertRaises(ValidationError):
            self._draft(self.technician)

    def test_validity_is_searchable(self):
        expired = self.authorization.copy(
            {
                "date_start": self.today - relativedelta(years=2),
                "date_end": self.today - relativedelta(days=1),
            }
        )
        future = self.authorization.copy(
            {"date_start": self.today + relativedelta(days=1)}
        )
        authorizations = self.env["qanat.technician.authorization"]
        self.assertEqual(self.authorization.validity, "valid")
        self.assertEqual(expired.validity, "expired")
        self.assertEqual(future.validity, "future")
        found = authorizations.search(
            [
                ("id", "in", (self.authorization | expired | future).ids),
                ("validity", "=", "valid"),
            ]
        )
        self.assertEqual(found, self.authorization)
        with self.assertRaises(ValidationError):
            self.authorization.date_end = self.authorization.date_start - relativedelta(
                days=1
            )

    def test_forms_without_technician_keep_their_hash(self):
        installation = self._draft()
        self.assertNotIn("technician_id", installation._canonical_content())

    def test_staff_cannot_manage_authorisations(self):
        with self.assertRaises(UserError):
            self.authorization.with_user(self.user_qanat).write(
                {"date_end": self.today + relativedelta(years=5)}
            )
