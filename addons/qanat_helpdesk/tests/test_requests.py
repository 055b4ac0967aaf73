from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.qanat_devices.tools.dates import company_today

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
            installation_date=company_today(cls.env) - relativedelta(months=13),
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
        self.expired_in_warranty.sudo().warranty_end = company_today(
            self.env
        ) - relativedelta(days=1)
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


@tagged("post_install", "-at_install")
class TestWarrantyRepairTechnician(QanatHelpdeskCase):
    """A warranty repair is assigned to, and closed as done by, only a technician
    authorised for the device type today."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The product gives the device its type and 24 months of warranty.
        cls.device = cls._create_device(cls.customer_a, "HD-W-TECH")
        cls._activate(cls.device)
        cls.technician_user = new_test_user(
            cls.env,
            login="warranty_technician",
            name="Warranty Technician",
            groups="qanat_devices.group_qanat_user",
        )
        cls.authorization = cls.env["qanat.technician.authorization"].create(
            {
                "partner_id": cls.technician_user.partner_id.id,
                "device_type_ids": [fields.Command.set(cls.device_type.ids)],
                "date_end": company_today(cls.env) + relativedelta(months=3),
            }
        )

    def _repair(self):
        return self._create_ticket(
            user=self.portal_a, device=self.device, request_kind="warranty"
        )

    def test_only_authorised_technician_takes_the_repair(self):
        repair = self._repair()
        with self.assertRaises(ValidationError) as error:
            repair.with_user(self.user_qanat).action_assign_to_me()
        self.assertIn("not an authorised technician", str(error.exception))
        self.assertFalse(repair.user_id)
        repair.with_user(self.technician_user).action_assign_to_me()
        self.assertEqual(repair.user_id, self.technician_user)
        # Support tickets go to anyone.
        ticket = self._create_ticket(device=self.device)
        ticket.with_user(self.user_qanat).action_assign_to_me()
        self.assertEqual(ticket.user_id, self.user_qanat)

    def test_expired_authorisation_stops_the_technician(self):
        self.authorization.write(
            {
                "date_start": company_today(self.env) - relativedelta(years=1),
                "date_end": company_today(self.env) - relativedelta(days=1),
            }
        )
        with self.assertRaises(ValidationError):
            self._repair().with_user(self.technician_user).action_assign_to_me()

    def test_staff_close_only_a_repair_done_by_an_authorised_technician(self):
        repair = self._repair()
        with self.assertRaises(UserError) as error:
            repair.with_user(self.user_qanat).action_close()
        self.assertIn("Assign", str(error.exception))
        # Dragging to the closed column obeys the same rule.
        with self.assertRaises(UserError):
            repair.with_user(self.user_qanat).write({"state": "closed"})
        self.assertNotEqual(repair.state, "closed")
        repair.with_user(self.technician_user).action_assign_to_me()
        repair.with_user(self.user_qanat).action_close()
        self.assertEqual(repair.state, "closed")

    def test_customer_may_withdraw_the_repair(self):
        repair = self._repair()
        repair.with_user(self.portal_a).action_close()
        self.assertEqual(repair.state, "closed")
