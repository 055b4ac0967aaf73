from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import QanatBillingCase
from .test_debt import make_invoice


@tagged("post_install", "-at_install")
class TestOfflineReceipt(QanatBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="qanat_accountant",
            groups="account.group_account_invoice,qanat_devices.group_qanat_user",
        )

    def _receipt(self, user=None, **vals):
        model = self.env["qanat.payment.receipt"]
        if user:
            model = model.with_user(user)
        return model.create(
            {
                "partner_id": self.customer_a.id,
                "amount": 5_000_000,
                "bank_reference": "SATNA-140509-77",
                **vals,
            }
        )

    def test_customer_registers_accountant_approves_invoice_paid(self):
        invoice = make_invoice(self.env, self.customer_a, 5_000_000)
        invoice.action_post()
        receipt = self._receipt(
            user=self.portal_a, partner_id=self.customer_b.id, invoice_id=invoice.id
        )
        self.assertEqual(receipt.partner_id, self.customer_a)  # forced to themselves
        with self.assertRaises(AccessError):
            receipt.with_user(self.portal_a).action_approve()
        with self.assertRaises(AccessError):
            receipt.with_user(self.user_qanat).action_approve()
        receipt.with_user(self.accountant).action_approve()
        self.assertEqual(receipt.state, "approved")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(receipt.payment_id.memo, "SATNA-140509-77")

    def test_receipt_for_renewal_quotation_confirms_and_renews(self):
        device = self._expired_device("RCPT-EXP")
        order = self._renewal_order(device)
        receipt = self._receipt(order_id=order.id, amount=order.amount_total)
        receipt.with_user(self.accountant).action_approve()
        self.assertEqual(order.state, "sale")
        self.assertEqual(device.service_state, "renewed")
        self.assertIn(receipt.invoice_id.payment_state, ("paid", "in_payment"))

    def test_reject_needs_reason(self):
        receipt = self._receipt()
        with self.assertRaises(UserError):
            receipt.with_user(self.accountant).action_reject_with_reason()
        receipt.reject_reason = "Transfer not found on the statement"
        receipt.with_user(self.accountant).action_reject_with_reason()
        self.assertEqual(receipt.state, "rejected")

    def test_bad_input(self):
        other_invoice = make_invoice(self.env, self.customer_b, 1_000_000)
        other_invoice.action_post()
        with self.assertRaises(UserError):
            self._receipt(invoice_id=other_invoice.id)
        with self.assertRaises(UserError):
            self._receipt(state="approved")
        with self.assertRaises(UserError):
            self._receipt(amount=0)

    def test_portal_sees_only_own_receipts(self):
        own = self._receipt(user=self.portal_a)
        self._receipt(partner_id=self.customer_b.id)
        self.assertEqual(
            self.env["qanat.payment.receipt"].with_user(self.portal_a).search([]), own
        )
        with self.assertRaises(AccessError):
            own.with_user(self.portal_a).write({"amount": 1})
