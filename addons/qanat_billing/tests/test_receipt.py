import datetime

import jdatetime

from odoo.exceptions import AccessError, UserError, ValidationError
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


@tagged("post_install", "-at_install")
class TestReceiptRules(QanatBillingCase):
    """What the model refuses, whoever registers the receipt (portal, backend,
    JSON-RPC): dates, references, amounts and receipts waiting for one invoice."""

    def _receipt(self, **vals):
        return self.env["qanat.payment.receipt"].create(
            {
                "partner_id": self.customer_a.id,
                "amount": 1_000_000,
                "bank_reference": "TEST-4455667788",
                **vals,
            }
        )

    def _invoice(self, amount):
        invoice = make_invoice(self.env, self.customer_a, amount)
        invoice.action_post()
        return invoice

    def test_payment_date_not_in_future_nor_absurd(self):
        today = self.env["qanat.payment.receipt"]._qanat_today()
        with self.assertRaisesRegex(ValidationError, "cannot be in the future"):
            self._receipt(payment_date=today + datetime.timedelta(days=1))
        # Year 1 (or any date over a year old) never reaches the backend.
        for old in (
            datetime.date(1, 1, 1),
            jdatetime.date(1, 1, 1).togregorian(),
            today - datetime.timedelta(days=366),
        ):
            with (
                self.subTest(date=old),
                self.assertRaisesRegex(ValidationError, "more than a year ago"),
            ):
                self._receipt(payment_date=old)
        receipt = self._receipt(payment_date=today - datetime.timedelta(days=30))
        with (
            self.assertRaisesRegex(ValidationError, "cannot be in the future"),
            self.env.cr.savepoint(),
        ):
            receipt.payment_date = today + datetime.timedelta(days=3)
        self.assertEqual(receipt.payment_date, today - datetime.timedelta(days=30))

    def test_bank_reference_stored_as_on_the_statement(self):
        for typed, stored in (
            ("۱۴۰۵ ۰۹۸۷ ۶۵۴۳", "140509876543"),
            ("١٢٣٤٥٦٧", "1234567"),
            ("  SATNA-۱۴۰۵۰۹-77 ", "SATNA-140509-77"),
        ):
            with self.subTest(typed=typed):
                self.assertEqual(
                    self._receipt(bank_reference=typed).bank_reference, stored
                )
        for garbage in ("", "   ", "abc", "شماره پیگیری", "12#45", "-12-"):
            with (
                self.subTest(garbage=garbage),
                self.assertRaisesRegex(ValidationError, "tracking number"),
            ):
                self._receipt(bank_reference=garbage)
        receipt = self._receipt()
        receipt.bank_reference = "۹۹۸ ۸۷۷"
        self.assertEqual(receipt.bank_reference, "998877")
        with self.assertRaises(ValidationError):
            receipt.bank_reference = "none"

    def test_amount_at_most_what_is_left_to_pay(self):
        invoice = self._invoice(5_000_000)
        money = self.env.company._qanat_format_money
        with self.assertRaises(ValidationError) as refusal:
            self._receipt(invoice_id=invoice.id, amount=5_000_001)
        self.assertIn(money(5_000_000), str(refusal.exception))
        self.assertIn(invoice.name, str(refusal.exception))
        self._receipt(invoice_id=invoice.id, amount=5_000_000)
        # On account: a documented maximum, said in the company's unit.
        self.env["ir.config_parameter"].sudo().set_param(
            "qanat.billing.receipt_max_on_account", "20000000"
        )
        with self.assertRaises(ValidationError) as refusal:
            self._receipt(amount=20_000_010)
        self.assertIn(money(20_000_000), str(refusal.exception))
        self.env.company.qanat_money_unit = "rial"
        with self.assertRaises(ValidationError) as refusal:
            self._receipt(amount=20_000_010)
        unit = self.env.company._qanat_money_unit_label()
        self.assertIn(unit, str(refusal.exception))
        self._receipt(amount=20_000_000)

    def test_second_pending_receipt_beyond_residual_is_refused(self):
        invoice = self._invoice(5_000_000)
        first = self._receipt(invoice_id=invoice.id, amount=3_000_000)
        with self.assertRaises(ValidationError) as refusal:
            self._receipt(
                invoice_id=invoice.id, amount=3_000_000, bank_reference="77001"
            )
        self.assertIn(first.display_name, str(refusal.exception))
        # What is still open may be paid, and accountants are warned of both.
        second = self._receipt(
            invoice_id=invoice.id, amount=2_000_000, bank_reference="77002"
        )
        self.assertEqual(first.duplicate_receipt_ids, second)
        self.assertEqual(second.duplicate_receipt_ids, first)
        self.assertIn(first.display_name, second.duplicate_warning)
        # A rejected receipt no longer counts.
        second.reject_reason = "Not on the statement"
        second.with_user(self.accountant).action_reject_with_reason()
        first.invalidate_recordset(["duplicate_receipt_ids", "duplicate_warning"])
        self.assertFalse(first.duplicate_receipt_ids)
        self.assertFalse(first.duplicate_warning)
        self._receipt(invoice_id=invoice.id, amount=2_000_000, bank_reference="77003")

    def test_same_bank_reference_is_flagged(self):
        first = self._receipt(bank_reference="5566778899")
        second = self._receipt(bank_reference="۵۵۶۶ ۷۷۸۸۹۹")
        self.assertEqual(first.duplicate_receipt_ids, second)
        self.assertTrue(second.duplicate_warning)
        self.assertFalse(self._receipt(bank_reference="1122").duplicate_warning)

    def test_display_name_names_the_invoice_and_amount(self):
        invoice = self._invoice(5_000_000)
        receipt = self._receipt(invoice_id=invoice.id, amount=2_500_000)
        money = self.env.company._qanat_format_money(2_500_000)
        self.assertIn(invoice.name, receipt.display_name)
        self.assertIn(money, receipt.display_name)
        self.assertNotIn("qanat.payment.receipt", receipt.display_name)
        on_account = self._receipt()
        self.assertIn(self.customer_a.name, on_account.display_name)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="qanat_rule_accountant",
            groups="account.group_account_invoice,qanat_devices.group_qanat_user",
        )
