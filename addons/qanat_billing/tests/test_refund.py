from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import QanatBillingCase
from .test_debt import make_invoice

# A valid Sheba (ISO 7064 check) of Bank Parsian (code 054).
SHEBA = "IR820540102680020817909002"


@tagged("post_install", "-at_install")
class TestRefundRequest(QanatBillingCase):
    """Seeds 000 and 004: money back for an overpayment, a cancelled order or an
    unused service; credit or cash to a verified Sheba; limits and a manager;
    never once the money is with the supplier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="refund_accountant",
            groups="account.group_account_invoice,qanat_devices.group_qanat_user",
        )
        cls.finance_manager = new_test_user(
            cls.env,
            login="refund_manager",
            groups="account.group_account_manager,qanat_devices.group_qanat_user",
        )
        config = cls.env["ir.config_parameter"].sudo()
        config.set_param("qanat.billing.refund_credit_limit", "5000000")
        config.set_param("qanat.billing.refund_cash_limit", "30000000")
        cls.invoice = cls._paid_invoice(20_000_000)

    @classmethod
    def _paid_invoice(cls, amount, paid=None):
        invoice = make_invoice(cls.env, cls.customer_a, amount)
        invoice.action_post()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": paid or amount})._create_payments()
        return invoice

    def _request(self, user=None, **vals):
        model = self.env["qanat.refund.request"].with_user(user or self.portal_a)
        return model.create(
            {
                "reason": "unused_service",
                "invoice_id": self.invoice.id,
                "amount": 3_000_000,
                **vals,
            }
        )

    def _receivable(self):
        return self.customer_a.with_company(self.env.company).credit

    def test_credit_refund_becomes_a_credit_note(self):
        request = self._request()
        # Someone is asked to review it: an accountant when there is no salesperson.
        reviewer = request.sudo().activity_ids.user_id
        self.assertTrue(reviewer.has_group("account.group_account_invoice"))
        self.assertEqual(request.partner_id, self.customer_a)
        self.assertTrue(request.name.startswith("RF/"))
        self.assertFalse(request.needs_manager)
        with self.assertRaises(AccessError):
            request.with_user(self.user_qanat).action_approve()
        request.with_user(self.accountant).action_approve()
        self.assertEqual(request.state, "done")
        credit_note = request.sudo().credit_note_id
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.amount_total, 3_000_000)
        self.assertEqual(self._receivable(), -3_000_000)
        self.assertIn(self.customer_a, request.message_ids.partner_ids)

    def test_cash_refund_needs_verified_identity_then_pays_the_sheba(self):
        with self.assertRaises(ValidationError):
            self._request(method="cash")
        with self.assertRaises(ValidationError):
            self._request(method="cash", sheba="IR820540102680020817909003")
        request = self._request(method="cash", sheba="ir82 0540 1026 8002 0817 9090 02")
        self.assertEqual(request.sheba, SHEBA)
        self.assertEqual(request.bank_name, "بانک پارسیان")
        with self.assertRaises(UserError) as error:
            request.with_user(self.accountant).action_approve()
        self.assertIn("Verify", str(error.exception))
        with self.assertRaises(UserError):
            request.with_user(self.accountant).action_verify_identity()
        request.with_user(self.accountant).identity_method = "bank_inquiry"
        request.with_user(self.accountant).action_verify_identity()
        self.assertEqual(request.identity_verified_by_id, self.accountant)
        request.with_user(self.accountant).action_approve()
        self.assertEqual(request.state, "approved")
        request.with_user(self.accountant).action_register_payout()
        self.assertEqual(request.state, "done")
        payment = request.sudo().payment_id
        self.assertEqual(payment.payment_type, "outbound")
        self.assertEqual(payment.partner_bank_id.sanitized_acc_number, SHEBA)
        self.assertEqual(payment.partner_bank_id.partner_id, self.customer_a)
        self.assertIn(
            request.sudo().credit_note_id.payment_state, ("paid", "in_payment")
        )
        self.assertEqual(self._receivable(), 0)

    def test_changing_the_sheba_forgets_the_verification(self):
        request = self._request(method="cash", sheba=SHEBA)
        request.with_user(self.accountant).identity_method = "in_person"
        request.with_user(self.accountant).action_verify_identity()
        request.with_user(self.accountant).sheba = "IR062960000000100324200001"
        self.assertFalse(request.identity_verified_at)

    def test_above_the_limits_a_manager_approves(self):
        credit = self._request(amount=6_000_000)
        self.assertTrue(credit.needs_manager)
        with self.assertRaises(AccessError):
            credit.with_user(self.accountant).action_approve()
        credit.with_user(self.finance_manager).action_approve()
        self.assertEqual(credit.state, "done")
        cash = self._request(
            amount=31_000_000,
            method="cash",
            sheba=SHEBA,
            invoice_id=self._paid_invoice(40_000_000).id,
        )
        self.assertTrue(cash.needs_manager)
        within = self._request(
            amount=29_000_000,
            method="cash",
            sheba=SHEBA,
            invoice_id=self._paid_invoice(40_000_000).id,
        )
        self.assertFalse(within.needs_manager)

    def test_never_more_than_was_paid(self):
        with self.assertRaises(UserError) as error:
            self._request(amount=20_000_001)
        self.assertIn("At most", str(error.exception))
        self._request(amount=15_000_000)
        with self.assertRaises(UserError):
            self._request(amount=5_000_001)
        self.assertTrue(self._request(amount=5_000_000))
        half_paid = self._paid_invoice(10_000_000, paid=4_000_000)
        with self.assertRaises(UserError):
            self._request(invoice_id=half_paid.id, amount=4_000_001)

    def test_overpayment_is_paid_back_from_the_credit(self):
        self._paid_invoice(10_000_000, paid=12_000_000)
        self.assertEqual(self._receivable(), -2_000_000)
        with self.assertRaises(UserError):
            self._request(reason="overpayment", invoice_id=False, amount=2_500_000)
        request = self._request(
            reason="overpayment",
            invoice_id=False,
            amount=2_000_000,
            method="cash",
            sheba=SHEBA,
        )
        request.with_user(self.accountant).identity_method = "video_call"
        request.with_user(self.accountant).action_verify_identity()
        request.with_user(self.accountant).action_approve()
        self.assertFalse(request.credit_note_id)
        request.with_user(self.accountant).action_register_payout()
        self.assertEqual(self._receivable(), 0)

    def test_no_refund_once_the_money_is_with_the_supplier(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_a.id,
                "pricelist_id": self.pricelist.id,
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "price_unit": 9_000_000})
                ],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        request = self._request(
            reason="cancelled_order",
            sale_order_id=order.id,
            invoice_id=False,
            amount=invoice.amount_total,
        )
        with self.assertRaises(AccessError):
            order.with_user(self.user_qanat).action_qanat_mark_supplier_paid()
        order.with_user(self.accountant).action_qanat_mark_supplier_paid()
        with self.assertRaises(UserError) as error:
            request.with_user(self.accountant).action_approve()
        self.assertIn("supplier", str(error.exception))
        request.with_user(self.accountant).action_refuse("Passed to the supplier")
        with self.assertRaises(UserError):
            self._request(
                reason="cancelled_order",
                sale_order_id=order.id,
                invoice_id=False,
                amount=1000,
            )

    def test_customer_gives_only_the_request(self):
        with self.assertRaises(AccessError):
            self._request(identity_verified_at="2026-01-01 00:00:00")
        with self.assertRaises(ValidationError):
            self._request(user=self.portal_b)
        with self.assertRaises(ValidationError):
            self._request(reason="cancelled_order", invoice_id=False)
        request = self._request()
        with self.assertRaises(AccessError):
            request.with_user(self.portal_a).write({"amount": 1})
        self.assertFalse(
            self.env["qanat.refund.request"]
            .with_user(self.portal_b)
            .search([("id", "=", request.id)])
        )

    def test_refusal_needs_a_reason_and_tells_the_customer(self):
        request = self._request()
        with self.assertRaises(UserError):
            request.with_user(self.accountant).action_refuse(" ")
        request.with_user(self.accountant).action_refuse("Used in full")
        self.assertEqual(request.state, "refused")
        self.assertIn("Used in full", request.message_ids[0].body)
        with self.assertRaises(UserError):
            request.with_user(self.accountant).write({"amount": 1000})
