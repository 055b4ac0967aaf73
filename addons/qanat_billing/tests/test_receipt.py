import base64
import datetime
import io

import jdatetime
from PIL import Image

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.qanat_devices.tools.dates import company_today

from .common import QanatBillingCase
from .test_debt import make_invoice


def png_image(size=(1, 1), mode="RGB"):
    """A real PNG, base64-encoded as an Image field takes it."""
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


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
            vals.setdefault("receipt_image", png_image())
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
        today = company_today(self.env)
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

    # -- the customer's own documents, image and partial payments -----------------

    def _png(self, size=(1, 1), mode="RGB"):
        return png_image(size, mode)

    def test_customer_pays_only_own_documents_in_their_currency(self):
        """Another customer's quotation or invoice, a missing one or a foreign
        currency: refused with one answer that tells nothing about them."""
        other_order = self._renewal_order(
            self._expired_device("RCPT-OTHER", partner=self.customer_b)
        )
        other_invoice = make_invoice(self.env, self.customer_b, 3_000_000)
        other_invoice.action_post()
        receipts = self.env["qanat.payment.receipt"].with_user(self.portal_a)
        answers = set()
        for vals in (
            {"order_id": other_order.id},
            {"order_id": other_order.id + 10_000},
            {"invoice_id": other_invoice.id},
            {"invoice_id": other_invoice.id + 10_000},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError) as refusal:
                receipts.create(
                    {
                        "amount": 1_000_000,
                        "bank_reference": "REF-1234",
                        "receipt_image": self._png(),
                        **vals,
                    }
                )
            message = str(refusal.exception)
            answers.add(message)
            self.assertNotIn(self.customer_b.name, message)
            self.assertNotIn(other_order.name, message)
        self.assertEqual(len(answers), 1, answers)
        with self.assertRaises(AccessError):
            receipts.create(
                {
                    "amount": 1_000_000,
                    "bank_reference": "REF-1234",
                    "receipt_image": self._png(),
                    "currency_id": self.env.ref("base.USD").id,
                }
            )
        own_order = self._renewal_order(self._expired_device("RCPT-OWN"))
        receipt = receipts.create(
            {
                "order_id": own_order.id,
                "amount": own_order.amount_total,
                "bank_reference": "REF-1234",
                "receipt_image": self._png(),
            }
        )
        self.assertEqual(receipt.currency_id, own_order.currency_id)
        self.assertEqual(receipt.partner_id, self.customer_a)
        # A confirmed order is no longer a quotation to pay by receipt.
        own_order.action_confirm()
        with self.assertRaises(UserError):
            receipts.create(
                {
                    "order_id": own_order.id,
                    "amount": 1,
                    "bank_reference": "REF-9",
                    "receipt_image": self._png(),
                }
            )

    def test_receipt_image_checked_by_content(self):
        html = base64.b64encode(b"<html><script>alert(1)</script></html>")
        svg = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
        for image in (html, svg, base64.b64encode(b"GIF89a....")):
            with self.subTest(image=image[:12]), self.assertRaises(UserError):
                self._receipt(receipt_image=image)
        # A small file that decodes to a huge picture (decompression bomb).
        with self.assertRaises(UserError):
            self._receipt(receipt_image=self._png((12_000, 12_000), mode="1"))
        receipt = self._receipt(receipt_image=self._png())
        self.assertTrue(receipt.receipt_image)
        with self.assertRaises(UserError):
            receipt.write({"receipt_image": html})
        # A customer's word is checked by its photo: none, none registered.
        with self.assertRaises(UserError):
            self.env["qanat.payment.receipt"].with_user(self.portal_a).create(
                {"amount": 1_000, "bank_reference": "REF-1234"}
            )

    def test_receipt_for_part_of_an_invoice_pays_that_part(self):
        invoice = self._invoice(10_000_000)
        receipt = self._receipt(invoice_id=invoice.id, amount=4_000_000)
        receipt.with_user(self.accountant).action_approve()
        self.assertEqual(receipt.payment_id.amount, 4_000_000)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(invoice.amount_residual, invoice.amount_total - 4_000_000)
