import base64
import datetime
import random
import re
from contextlib import closing

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.qanat_billing.tests.common import QanatBillingCase
from odoo.addons.qanat_billing.tests.official_invoice_common import (
    SELLER_ECONOMIC_CODE,
    give_seller_identity,
)

from ..tools.keys import self_signed_keys
from ..tools.tax_id import _VERHOEFF_D, _VERHOEFF_P, _to_decimal, make_tax_id
from .fake_moadian import UNKNOWN_GOODS_IDS, FakeMoadian

MEMORY_ID = "A11216"
UTC = datetime.timezone.utc


def verhoeff_valid(number):
    """Verhoeff's validation, written apart from the generator it checks."""
    check = 0
    for index, digit in enumerate(reversed(number)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[index % 8][int(digit)]]
    return check == 0


@tagged("post_install", "-at_install")
class TestTaxId(QanatBillingCase):
    """The 22-character tax ID (moadian.md, section 3)."""

    def test_worked_examples(self):
        for memory_id, day, serial, expected in (
            ("A11216", datetime.date(2023, 5, 14), 1, "A1121604C2300000000013"),
            ("A11216", datetime.date(2023, 5, 14), 255, "A1121604C2300000000FF6"),
            ("A1B2C3", datetime.date(2024, 3, 20), 1000, "A1B2C304D5A00000003E88"),
            ("A27F97", datetime.date(2025, 3, 21), 123456789, "A27F9704EC800075BCD158"),
        ):
            moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=UTC)
            with self.subTest(memory_id=memory_id, serial=serial):
                self.assertEqual(make_tax_id(memory_id, moment, serial), expected)

    def test_random_serials_carry_a_valid_check_digit(self):
        generator = random.Random(1405)
        moment = datetime.datetime(2026, 12, 4, 8, 30, tzinfo=UTC)
        day = int(moment.timestamp() // 86400)
        for _ in range(200):
            serial = generator.randint(1, 16**10 - 1)
            tax_id = make_tax_id(MEMORY_ID, moment, serial)
            self.assertEqual(len(tax_id), 22)
            self.assertEqual(int(tax_id[6:11], 16), day)
            self.assertEqual(int(tax_id[11:21], 16), serial)
            control = f"{_to_decimal(MEMORY_ID)}{day:06d}{serial:012d}"
            self.assertTrue(verhoeff_valid(control + tax_id[21]), tax_id)
            wrong = str((int(tax_id[21]) + 1) % 10)
            self.assertFalse(verhoeff_valid(control + wrong), tax_id)

    def test_the_day_is_the_utc_day(self):
        # 02:00 in Tehran on 15 May is still 14 May in UTC.
        tehran = datetime.timezone(datetime.timedelta(hours=3, minutes=30))
        moment = datetime.datetime(2023, 5, 15, 2, 0, tzinfo=tehran)
        self.assertEqual(make_tax_id("A11216", moment, 1), "A1121604C2300000000013")
        with self.assertRaises(ValueError):
            make_tax_id("A11216", datetime.datetime(2023, 5, 14), 1)


class MoadianCase(QanatBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        give_seller_identity(cls.env)
        cls.fake = FakeMoadian(MEMORY_ID)
        cls.addClassCleanup(cls.fake.stop)
        cls.env["ir.config_parameter"].sudo().set_param(
            "qanat.moadian.base_url", cls.fake.base_url
        )
        private_key, certificate = self_signed_keys("A11216")
        cls.env.company.write(
            {
                "qanat_moadian_memory_id": "a11216",
                "qanat_moadian_private_key": base64.b64encode(private_key),
                "qanat_moadian_certificate": base64.b64encode(certificate),
            }
        )
        # Without the demo's goods IDs on categories and its queued invoices
        # (TestDemoCompany reads those).
        cls.env["product.category"].search([]).qanat_moadian_sstid = False
        cls.env["qanat.moadian.submission"].search([]).unlink()
        cls.service = cls.env["product.product"].create(
            {
                "name": "Annual service of a dental unit",
                "type": "service",
                "default_code": "SRV-1",
                "qanat_moadian_sstid": "2330001234567",
                "qanat_moadian_unit": "16113",
            }
        )
        cls.accountant = new_test_user(
            cls.env,
            login="moadian_accountant",
            groups="account.group_account_invoice,qanat_devices.group_qanat_user",
        )

    def setUp(self):
        super().setUp()
        self.fake.reset()

    def _invoice(self, product=None, partner=None, amount=10_000_000, post=True):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.customer_a).id,
                "currency_id": self.rial.id,
                "invoice_date": datetime.date(2026, 12, 4),
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": (product or self.service).id,
                            "quantity": 2,
                            "price_unit": amount / 2,
                            "discount": 10,
                        },
                    )
                ],
            }
        )
        if post:
            invoice.action_post()
        return invoice

    def _run(self):
        submissions = self.env["qanat.moadian.submission"]
        submissions._queue_run()
        submissions._cron_inquire()


@tagged("post_install", "-at_install")
class TestPosting(MoadianCase):
    """Posting gives the tax ID; what the tax system needs is checked first."""

    def test_posted_invoice_gets_a_tax_id_and_is_queued(self):
        first, second = self._invoice(), self._invoice()
        self.assertEqual(first.qanat_moadian_serial + 1, second.qanat_moadian_serial)
        moment = datetime.datetime(2026, 12, 4, 8, 30, tzinfo=UTC)
        self.assertEqual(
            first.qanat_moadian_tax_id,
            make_tax_id(MEMORY_ID, moment, first.qanat_moadian_serial),
        )
        self.assertEqual(first.qanat_moadian_submission_ids.state, "pending")
        # Never back to draft, so never a second tax ID for one invoice.
        with self.assertRaises(UserError) as error:
            first.button_draft()
        self.assertIn(first.qanat_moadian_tax_id, str(error.exception))

    def test_tax_id_printed_on_the_official_invoice(self):
        invoice = self._invoice()
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "qanat_billing.report_official_invoice", invoice.ids
        )
        self.assertIn(invoice.qanat_moadian_tax_id, html.decode())
        self.assertIn("شماره منحصر به فرد مالیاتی", html.decode())
        # «کد کالا» is the goods/service ID the tax office registered.
        code_cells = re.findall(r'qanat-line-code"[^>]*>([^<]*)<', html.decode())
        self.assertEqual(code_cells, ["2330001234567"])

    def test_missing_goods_id_refuses_the_posting(self):
        unknown = self.env["product.product"].create({"name": "Spare filter"})
        invoice = self._invoice(product=unknown, post=False)
        with self.assertRaises(UserError) as error:
            invoice.action_post()
        self.assertIn("Spare filter", str(error.exception))
        self.assertEqual(invoice.state, "draft")
        self.assertFalse(invoice.qanat_moadian_tax_id)

    def test_product_without_goods_id_takes_its_category(self):
        parent = self.env["product.category"].create(
            {"name": "Services", "qanat_moadian_sstid": "2330009876543"}
        )
        child = self.env["product.category"].create(
            {"name": "Visits", "parent_id": parent.id}
        )
        visit = self.env["product.product"].create(
            {"name": "Visit", "type": "service", "categ_id": child.id}
        )
        invoice = self._invoice(product=visit)
        self.assertTrue(invoice.qanat_moadian_tax_id)
        line = invoice._qanat_moadian_invoice()["body"][0]
        self.assertEqual(line["sstid"], "2330009876543")

    def test_paid_online_without_goods_id_waits_to_be_registered(self):
        """The customer has paid: the invoice is posted, the tax ID waits."""
        self.env["ir.config_parameter"].sudo().set_param("sale.automatic_invoice", "1")
        course = self.env["product.product"].create(
            {"name": "Training course", "type": "service", "list_price": 5_000_000}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_a.id,
                "pricelist_id": self.pricelist.id,
                "order_line": [Command.create({"product_id": course.id})],
            }
        )
        self._pay_online(order, "moadian")
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.payment_state, "paid")
        self.assertTrue(invoice.qanat_moadian_to_register)
        self.assertFalse(invoice.qanat_moadian_tax_id)
        self.assertFalse(invoice.qanat_moadian_submission_ids)
        activity_type = self.env.ref("qanat_moadian.mail_activity_tax_registration")
        self.assertEqual(invoice.activity_ids.activity_type_id, activity_type)
        with self.assertRaisesRegex(UserError, "Training course"):
            invoice.with_user(self.accountant).action_qanat_moadian_register()
        course.qanat_moadian_sstid = "2330001234567"
        invoice.with_user(self.accountant).action_qanat_moadian_register()
        self.assertFalse(invoice.qanat_moadian_to_register)
        self.assertTrue(invoice.qanat_moadian_tax_id)
        self.assertEqual(invoice.qanat_moadian_submission_ids.state, "pending")
        self.assertFalse(invoice.activity_ids)
        self._run()
        self.assertEqual(invoice.qanat_moadian_submission_ids.state, "accepted")

    def test_contract_cron_posts_and_leaves_the_registration_waiting(self):
        product = self.env.ref("qanat_billing.product_service_contract")
        product.qanat_moadian_sstid = "2330001234567"
        with freeze_time("2025-12-01"):
            device = self._create_device(self.customer_a, "MD-CT-1")
            self._activate(device)
        contract = self.env["qanat.service.contract"].create(
            {
                "partner_id": self.customer_a.id,
                "device_ids": [Command.set(device.ids)],
                "monthly_price": 1_000_000,
                "date_start": datetime.date(2026, 12, 5),
            }
        )
        with freeze_time("2026-12-05"):
            contract.action_start()
        self.assertTrue(contract.invoice_ids.qanat_moadian_tax_id)
        product.qanat_moadian_sstid = False
        with freeze_time("2027-01-05"):
            second = self.env["qanat.service.contract"]._cron_invoice_periods()
        self.assertEqual(second.state, "posted")
        self.assertTrue(second.qanat_moadian_to_register)
        self.assertFalse(second.qanat_moadian_tax_id)

    def test_legal_buyer_needs_its_identity(self):
        clinic = self.env["res.partner"].create({"name": "Clinic", "is_company": True})
        self.assertEqual(clinic.qanat_moadian_buyer_type, "2")
        with self.assertRaises(UserError) as error:
            self._invoice(partner=clinic)
        self.assertIn("Clinic", str(error.exception))

    def test_invoice_type_follows_the_buyer_identity(self):
        header = self._invoice()._qanat_moadian_invoice()["header"]
        self.assertEqual(header["inty"], 1)
        self.assertEqual(header["tob"], 1)
        self.assertEqual(header["bid"], self.customer_a.national_code)
        anonymous = self.env["res.partner"].create({"name": "Walk-in buyer"})
        header = self._invoice(partner=anonymous)._qanat_moadian_invoice()["header"]
        self.assertEqual(header["inty"], 2)
        self.assertNotIn("tob", header)

    def test_amounts_in_integer_rials_add_up(self):
        packet = self._invoice()._qanat_moadian_invoice()
        [line] = packet["body"]
        self.assertEqual(line["prdis"], 10_000_000)
        self.assertEqual(line["dis"], 1_000_000)
        self.assertEqual(line["adis"], 9_000_000)
        self.assertEqual(line["vra"], 10)
        self.assertEqual(line["vam"], 900_000)
        self.assertEqual(line["mu"], "16113")
        header = packet["header"]
        self.assertEqual(header["tbill"], 9_900_000)
        self.assertEqual(header["setm"], 2)
        self.assertEqual(header["insp"], 9_900_000)

    def test_paid_invoice_carries_its_payment(self):
        invoice = self._invoice()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"communication": "SATNA-99"})._create_payments()
        packet = invoice._qanat_moadian_invoice()
        self.assertEqual(packet["header"]["setm"], 1)
        self.assertEqual(packet["header"]["cap"], 9_900_000)
        [payment] = packet["payments"]
        self.assertEqual(payment["pmt"], 7)
        self.assertEqual(payment["pv"], 9_900_000)
        self.assertEqual(payment["trn"], "SATNA-99")

    def test_keys_only_for_accounting_managers(self):
        with self.assertRaises(AccessError):
            self.env.company.with_user(self.accountant).read(
                ["qanat_moadian_private_key"]
            )

    def test_company_without_memory_id_posts_as_before(self):
        self.env.company.qanat_moadian_memory_id = False
        unknown = self.env["product.product"].create({"name": "Anything"})
        invoice = self._invoice(product=unknown)
        self.assertEqual(invoice.state, "posted")
        self.assertFalse(invoice.qanat_moadian_tax_id)
        self.assertFalse(invoice.qanat_moadian_submission_ids)


@tagged("post_install", "-at_install")
class TestSubmission(MoadianCase):
    """The queue sends each tax ID once, survives outages, shows rejections."""

    def test_accepted_by_the_tax_office(self):
        invoice = self._invoice()
        submission = invoice.qanat_moadian_submission_ids
        self.env["qanat.moadian.submission"]._queue_run()
        self.assertEqual(submission.state, "sent")
        self.assertTrue(submission.reference_number)
        # The fake decrypted the packet and verified its signature.
        [(tax_id, received)] = self.fake.received
        self.assertEqual(tax_id, invoice.qanat_moadian_tax_id)
        self.assertEqual(received["header"]["tins"], SELLER_ECONOMIC_CODE)
        self.env["qanat.moadian.submission"]._cron_inquire()
        self.assertEqual(submission.state, "accepted")
        self.assertEqual(invoice.qanat_moadian_state, "accepted")

    def test_rejection_shown_then_retried_after_correction(self):
        product = self.env["product.product"].create(
            {
                "name": "Unknown goods",
                "qanat_moadian_sstid": next(iter(UNKNOWN_GOODS_IDS)),
            }
        )
        invoice = self._invoice(product=product)
        submission = invoice.qanat_moadian_submission_ids
        self._run()
        self.assertEqual(submission.state, "rejected")
        self.assertIn("شناسه کالا/خدمت معتبر نیست", submission.authority_messages)
        self.assertIn("شناسه کالا/خدمت معتبر نیست", invoice.message_ids[0].body)
        first_uid = submission.uid
        product.qanat_moadian_sstid = "2330001234567"
        submission.action_retry()
        self.assertEqual(submission.state, "pending")
        self.assertNotEqual(submission.uid, first_uid)
        self._run()
        self.assertEqual(submission.state, "accepted")
        self.assertEqual(len(self.fake.received), 2)

    def test_outage_then_lost_answer_never_sends_twice(self):
        invoice = self._invoice()
        submission = invoice.qanat_moadian_submission_ids
        self.fake.down = True
        self.env["qanat.moadian.submission"]._queue_run()
        self.assertEqual(submission.state, "pending")
        self.assertEqual(submission.attempts, 1)
        self.assertGreater(submission.next_attempt_at, datetime.datetime.now())
        self.assertFalse(self.fake.received)
        # Back, but the answer of the sending is lost on the way.
        self.fake.down = False
        self.fake.lose_next_answer = True
        submission.next_attempt_at = fields.Datetime.now() - datetime.timedelta(
            seconds=1
        )
        self.env["qanat.moadian.submission"]._queue_run()
        self.assertEqual(submission.state, "pending")
        self.assertEqual(len(self.fake.received), 1)
        # The next run finds it by its request id instead of sending it again.
        submission.next_attempt_at = fields.Datetime.now() - datetime.timedelta(
            seconds=1
        )
        self._run()
        self.assertEqual(submission.state, "accepted")
        self.assertEqual(len(self.fake.received), 1)

    def test_handed_over_before_a_crash_is_looked_up_not_sent_again(self):
        invoice = self._invoice()
        submission = invoice.qanat_moadian_submission_ids
        # The worker stops after the tax office took the packet: its
        # transaction is lost, but not the mark committed before the call.
        with closing(self.env.cr.savepoint()):
            self.env["qanat.moadian.submission"]._queue_run()
            self.assertEqual(len(self.fake.received), 1)
        self.env.invalidate_all()
        self.assertEqual(submission.state, "pending")
        self.assertFalse(submission.attempts)
        submission.send_started_at = fields.Datetime.now()
        self._run()
        self.assertEqual(submission.state, "accepted")
        self.assertEqual(len(self.fake.received), 1)

    def test_credit_note_returns_the_registered_invoice(self):
        invoice = self._invoice()
        self._run()
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "date": invoice.invoice_date})
        )
        credit_note = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        credit_note.invoice_date = invoice.invoice_date
        credit_note.action_post()
        header = credit_note._qanat_moadian_invoice()["header"]
        self.assertEqual(header["ins"], 4)
        self.assertEqual(header["irtaxid"], invoice.qanat_moadian_tax_id)
        self.assertNotEqual(
            credit_note.qanat_moadian_tax_id, invoice.qanat_moadian_tax_id
        )
        self._run()
        self.assertEqual(credit_note.qanat_moadian_submission_ids.state, "accepted")

    def _correct(self, invoice):
        """Reverse and Create Invoice: the new draft invoice."""
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "date": invoice.invoice_date})
        )
        return self.env["account.move"].browse(reversal.modify_moves()["res_id"])

    def test_corrective_invoice_refers_to_the_corrected(self):
        invoice = self._invoice()
        self._run()
        correction = self._correct(invoice)
        self.assertEqual(correction.qanat_moadian_corrected_id, invoice)
        booking = invoice.reversal_move_ids
        self.assertTrue(booking.qanat_moadian_correction_reversal)
        self.assertFalse(booking.qanat_moadian_tax_id)
        self.assertFalse(booking.qanat_moadian_submission_ids)
        correction.invoice_line_ids.price_unit = 4_000_000
        correction.invoice_date = invoice.invoice_date
        correction.action_post()
        header = correction._qanat_moadian_invoice()["header"]
        self.assertEqual(header["ins"], 2)
        self.assertEqual(header["irtaxid"], invoice.qanat_moadian_tax_id)
        self.assertEqual(correction.qanat_moadian_submission_ids.subject, "2")
        self.assertNotEqual(
            correction.qanat_moadian_tax_id, invoice.qanat_moadian_tax_id
        )
        self._run()
        self.assertEqual(correction.qanat_moadian_submission_ids.state, "accepted")
        self.assertEqual(len(self.fake.received), 2)

    def test_corrective_invoice_keeps_the_buyer_and_goods(self):
        invoice = self._invoice()
        self._run()
        other = self.service.copy({"qanat_moadian_sstid": "2330007654321"})
        correction = self._correct(invoice)
        correction.invoice_line_ids.product_id = other
        correction.invoice_date = invoice.invoice_date
        with self.assertRaisesRegex(UserError, "goods/service IDs"):
            correction.action_post()
        self.assertEqual(correction.state, "draft")

    def test_correction_waits_for_the_tax_office(self):
        invoice = self._invoice()
        with self.assertRaisesRegex(UserError, "not accepted"):
            self._correct(invoice)
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertFalse(invoice.reversal_move_ids)

    def test_cancellation_is_its_own_invoice_referencing_the_cancelled(self):
        invoice = self._invoice()
        self._run()
        manager = new_test_user(
            self.env,
            login="moadian_manager",
            groups="account.group_account_manager,qanat_devices.group_qanat_user",
        )
        with self.assertRaises(UserError):
            invoice.with_user(self.accountant).action_qanat_moadian_cancel()
        invoice.with_user(manager).action_qanat_moadian_cancel()
        self.assertEqual(invoice.state, "cancel")
        cancellation = invoice.qanat_moadian_submission_ids.filtered(
            lambda s: s.subject == "3"
        )
        self.assertNotEqual(cancellation.tax_id, invoice.qanat_moadian_tax_id)
        self.assertEqual(cancellation.serial, invoice.qanat_moadian_serial + 1)
        self._run()
        self.assertEqual(cancellation.state, "accepted")
        header = self.fake.received[-1][1]["header"]
        self.assertEqual(header["ins"], 3)
        self.assertEqual(header["irtaxid"], invoice.qanat_moadian_tax_id)
        self.assertEqual(header["taxid"], cancellation.tax_id)


@tagged("post_install", "-at_install")
class TestDemoCompany(QanatBillingCase):
    """The demo company's invoices are registered, and accepted with the keys
    the demo made."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = FakeMoadian(MEMORY_ID)
        cls.addClassCleanup(cls.fake.stop)
        cls.env["ir.config_parameter"].sudo().set_param(
            "qanat.moadian.base_url", cls.fake.base_url
        )
        # QanatBillingCase takes the company out of the tax system.
        cls.env.company.qanat_moadian_memory_id = MEMORY_ID

    def test_demo_invoices_are_registered_and_accepted(self):
        invoices = self.env.ref(
            "qanat_moadian.invoice_registered_person", raise_if_not_found=False
        )
        if not invoices:
            self.skipTest("the database has no demo data")
        invoices |= self.env.ref("qanat_moadian.invoice_registered_company")
        for invoice in invoices:
            tax_id = invoice.qanat_moadian_tax_id
            self.assertTrue(tax_id.startswith(MEMORY_ID))
            day, serial = int(tax_id[6:11], 16), int(tax_id[11:21], 16)
            self.assertEqual(serial, invoice.qanat_moadian_serial)
            control = f"{_to_decimal(MEMORY_ID)}{day:06d}{serial:012d}"
            self.assertTrue(verhoeff_valid(control + tax_id[21]), tax_id)
            self.assertEqual(invoice.qanat_moadian_submission_ids.state, "pending")
            self.assertEqual(invoice._qanat_moadian_invoice()["header"]["inty"], 1)
        submissions = self.env["qanat.moadian.submission"]
        submissions._queue_run()
        submissions._cron_inquire()
        self.assertEqual(
            invoices.qanat_moadian_submission_ids.mapped("state"), ["accepted"] * 2
        )
