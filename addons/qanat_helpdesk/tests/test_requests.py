from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QanatHelpdeskCase


@tagged("post_install", "-at_install")
class TestInstallationAndWarrantyRequests(QanatHelpdeskCase):
    """A delivered device waiting for installation gets an installation request
    from its customer; a device under warranty a warranty repair, whatever its
    service; neither is billed per case."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.delivered = cls._create_device(cls.customer_a, "HD-DELIVERED")
        cls.expired_in_warranty = cls._create_device(
            cls.customer_a, "HD-WARRANTY", warranty_months=24
        )
        cls._activate(
            cls.expired_in_warranty,
            installation_date=fields.Date.today() - relativedelta(months=13),
        )
        cls.env["qanat.device"]._cron_expire_services()

    def _request(self, kind, device, user=None):
        return self._create_ticket(
            user=user or self.portal_a, device=device, request_kind=kind
        )

    def test_customer_requests_installation_once(self):
        # A support ticket stays refused until the device is installed...
        with self.assertRaises(UserError):
            self._create_ticket(user=self.portal_a, device=self.delivered)
        # ...but its installation can be requested.
        request = self._request("installation", self.delivered)
        self.assertEqual(request.request_kind, "installation")
        self.assertEqual(request.billing_mode, "covered")
        self.assertEqual(request.sla_state, "running")
        with self.assertRaises(UserError) as error:
            self._request("installation", self.delivered)
        self.assertIn(request.number, str(error.exception))
        request.sudo().action_close()
        self.assertTrue(self._request("installation", self.delivered))

    def test_installed_device_needs_no_installation_request(self):
        with self.assertRaises(UserError) as error:
            self._request("installation", self.live_device)
        self.assertIn("already installed", str(error.exception))

    def test_warranty_repair_whatever_the_service(self):
        self.assertEqual(self.expired_in_warranty.service_state, "expired")
        self.assertTrue(self.expired_in_warranty.is_under_warranty)
        with self.assertRaises(UserError):
            self._create_ticket(user=self.portal_a, device=self.expired_in_warranty)
        repair = self._request("warranty", self.expired_in_warranty)
        self.assertEqual(repair.billing_mode, "covered")

    def test_no_warranty_repair_out_of_warranty(self):
        self.expired_in_warranty.sudo().warranty_end = (
            fields.Date.today() - relativedelta(days=1)
        )
        with self.assertRaises(UserError) as error:
            self._request("warranty", self.expired_in_warranty)
        self.assertIn("support ticket", str(error.exception))
        with self.assertRaises(UserError):
            self._request("warranty", self.delivered)

    def test_per_case_device_repaired_under_warranty_is_not_billed(self):
        device = self._create_device(self.customer_a, "HD-PPC-W", warranty_months=24)
        self._activate(device)
        device._set_pay_per_case()
        self.assertEqual(self._create_ticket(device=device).billing_mode, "per_case")
        self.assertEqual(self._request("warranty", device).billing_mode, "covered")

    def test_kind_cannot_be_switched_to_dodge_the_rule(self):
        request = self._request("installation", self.delivered)
        with self.assertRaises(UserError):
            request.sudo().with_user(self.agent).write({"request_kind": "support"})
