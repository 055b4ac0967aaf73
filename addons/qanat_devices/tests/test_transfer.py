from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import NATIONAL_CODES, QanatDevicesCase


@tagged("post_install", "-at_install")
class TestTransfer(QanatDevicesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.device = cls._create_device(cls.customer_a, "TRF-1")
        cls._activate(cls.device)

    def _request(self, user=None, **vals):
        model = self.env["qanat.device.transfer"]
        if user:
            model = model.with_user(user)
        return model.create(
            {
                "device_id": self.device.id,
                "new_owner_name": "Kaveh Jafari",
                "new_owner_national_code": NATIONAL_CODES[3],
                "new_owner_phone": "0912 765 4321",
                "current_owner_confirmed": True,
                **vals,
            }
        )

    def test_portal_owner_request_and_manager_approval_creates_owner(self):
        request = self._request(user=self.portal_a)
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.current_partner_id, self.customer_a)
        self.assertEqual(request.new_owner_phone, "09127654321")
        request.with_user(self.portal_a).action_submit()
        self.assertEqual(request.state, "submitted")
        request.with_user(self.manager).action_approve()
        self.assertEqual(request.state, "approved")
        new_owner = request.new_partner_id
        self.assertEqual(new_owner.national_code, NATIONAL_CODES[3])
        self.assertEqual(new_owner.mobile, "09127654321")
        self.assertEqual(self.device.partner_id, new_owner)
        self.assertEqual(self.device.service_state, "active")
        history = self.device.ownership_ids.sorted("id")
        self.assertEqual(history.mapped("partner_id"), self.customer_a | new_owner)
        self.assertTrue(history[0].date_end)
        self.assertEqual(history[1].reason, "transfer")
        self.assertEqual(history[1].transfer_id, request)
        # The former owner no longer sees the device.
        self.assertFalse(
            self.env["qanat.device"]
            .with_user(self.portal_a)
            .search([("id", "=", self.device.id)])
        )

    def test_approval_finds_existing_owner_by_national_code(self):
        request = self._request(new_owner_national_code=NATIONAL_CODES[1])
        request.action_submit()
        partner_count = self.env["res.partner"].search_count([])
        request.with_user(self.manager).action_approve()
        self.assertEqual(request.new_partner_id, self.customer_b)
        self.assertEqual(self.env["res.partner"].search_count([]), partner_count)

    def test_only_manager_approves_or_rejects(self):
        request = self._request()
        request.action_submit()
        for user in (self.user_qanat, self.portal_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).action_approve()
            with self.assertRaises(AccessError):
                request.with_user(user).action_reject("no")
        self.assertEqual(request.state, "submitted")
        self.assertEqual(self.device.partner_id, self.customer_a)

    def test_reject_with_reason(self):
        request = self._request()
        request.action_submit()
        with self.assertRaises(UserError):
            request.with_user(self.manager).action_reject("  ")
        wizard = (
            self.env["qanat.device.transfer.reject.wizard"]
            .with_user(self.manager)
            .create({"transfer_ids": [(6, 0, request.ids)], "reason": "No contract"})
        )
        wizard.action_reject()
        self.assertEqual(request.state, "rejected")
        self.assertEqual(request.reject_reason, "No contract")
        self.assertEqual(self.device.partner_id, self.customer_a)
        with self.assertRaises(UserError):
            request.with_user(self.manager).action_approve()
        # A decided request no longer blocks a new one.
        self._request()

    def test_one_open_request_per_device(self):
        self._request()
        with self.assertRaises(ValidationError):
            self._request(new_owner_national_code=NATIONAL_CODES[4])

    def test_request_for_foreign_device_refused(self):
        with self.assertRaises(UserError) as error:
            self._request(user=self.portal_b)
        self.assertNotIn("Customer A", str(error.exception))
        missing = self.env["qanat.device"].browse(999999)
        with self.assertRaises(UserError) as missing_error:
            self._request(user=self.portal_b, device_id=missing.id)
        self.assertEqual(str(error.exception), str(missing_error.exception))

    def test_portal_cannot_forge_workflow_fields(self):
        with self.assertRaises(AccessError):
            self._request(user=self.portal_a, new_partner_id=self.customer_b.id)
        with self.assertRaises(UserError):
            self._request(state="approved")
        request = self._request(user=self.portal_a)
        with self.assertRaises(AccessError):
            request.with_user(self.portal_a).write({"new_owner_name": "Other"})
        with self.assertRaises(UserError):
            request.with_user(self.user_qanat).write({"state": "approved"})
        with self.assertRaises(AccessError):
            request.with_user(self.portal_b).action_submit()

    def test_submission_needs_owner_confirmation(self):
        request = self._request(current_owner_confirmed=False)
        with self.assertRaises(UserError):
            request.action_submit()
        request.current_owner_confirmed = True
        request.action_submit()
        with self.assertRaises(UserError):
            request.new_owner_name = "Changed after submission"

    def test_invalid_new_owner_data(self):
        with self.assertRaises(ValidationError):
            self._request(new_owner_national_code="0684159415")
        with self.assertRaises(ValidationError):
            self._request(new_owner_phone="12345")
        with self.assertRaises(ValidationError):
            self._request(new_owner_national_code=NATIONAL_CODES[0])
