import datetime

import markupsafe
from lxml import html

from odoo.tests import tagged

from odoo.addons.qanat_devices.tests.common import NATIONAL_CODES
from odoo.addons.qanat_devices.tools import persian
from odoo.addons.qanat_devices.tools.dates import company_today

from .common import QanatPortalCase
from .test_tickets import PNG

CHECKLIST = {
    "item_device_installed": "1",
    "item_connections_installed": "1",
    "item_training_given": "1",
    "customer_all_done": "1",
}


@tagged("post_install", "-at_install")
class TestInstallationConfirmation(QanatPortalCase):
    def test_confirm_then_read_only(self):
        self.login(self.portal_a)
        url = f"/my/installations/{self.a_installation.id}"
        self.assertIn("o_qanat_installation_form", self.get(url).text)
        # Every item must be ticked; nothing is saved otherwise.
        partial = dict(CHECKLIST, item_training_given="")
        response = self.post(f"{url}/confirm", partial)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_qanat_form_error", response.text)
        self.assertEqual(self.a_installation.state, "draft")
        self.assertFalse(self.a_installation.item_device_installed)
        response = self.post(f"{url}/confirm", CHECKLIST)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.a_installation.state, "confirmed")
        self.assertEqual(self.a_installation.confirmed_by_id, self.portal_a)
        self.assertEqual(self.a_installation.confirmed_channel, "portal")
        self.assertEqual(self.a_pending.service_state, "active")
        page = self.get(url)
        self.assertIn("qanat_installation_confirmed", page.text)
        self.assertNotIn("o_qanat_installation_form", page.text)
        # Posting again changes nothing.
        content_hash = self.a_installation.content_hash
        self.post(f"{url}/confirm", {})
        self.assertEqual(self.a_installation.content_hash, content_hash)
        self.assertTrue(self.a_installation.hash_verified)


@tagged("post_install", "-at_install")
class TestTransferRequest(QanatPortalCase):
    def _request(self, **values):
        data = {
            "device_id": self.a_live.id,
            "new_owner_name": "Dr. New Owner",
            "new_owner_national_code": NATIONAL_CODES[5],
            "new_owner_phone": "09125556666",
            "current_owner_confirmed": "1",
            **values,
        }
        return self.post("/my/transfers/new", data)

    def test_request_submitted_then_status(self):
        self.login(self.portal_a)
        response = self._request(new_owner_national_code="۷۱۸۵۵۱۵۹۵۵")
        self.assertEqual(response.status_code, 303)
        transfer = self.env["qanat.device.transfer"].search(
            [("device_id", "=", self.a_live.id)]
        )
        self.assertEqual(transfer.state, "submitted")
        self.assertEqual(transfer.new_owner_national_code, NATIONAL_CODES[5])
        page = self.get(f"/my/transfers/{transfer.id}")
        self.assertIn('data-state="submitted"', page.text)
        # A second request for the same device is not offered.
        self.assertNotIn(
            f'value="{self.a_live.id}"', self.get("/my/transfers/new").text
        )
        transfer.with_user(self.manager).action_approve()
        self.assertIn(
            'data-state="approved"', self.get(f"/my/transfers/{transfer.id}").text
        )

    def test_nul_characters_are_dropped_not_an_error(self):
        self.login(self.portal_a)
        response = self._request(new_owner_name="Dr. New\x00 Owner", note="a\x00b")
        self.assertEqual(response.status_code, 303)
        transfer = self.env["qanat.device.transfer"].search(
            [("device_id", "=", self.a_live.id)], order="id desc", limit=1
        )
        self.assertEqual(transfer.new_owner_name, "Dr. New Owner")

    def test_invalid_requests_explained_and_kept(self):
        self.login(self.portal_a)
        for values in (
            {"new_owner_national_code": "1234567890"},
            {"new_owner_phone": "12345"},
            {"current_owner_confirmed": ""},
            {"device_id": self.b_live.id},
            {"new_owner_name": ""},
        ):
            with self.subTest(values=values):
                response = self._request(**values)
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_qanat_form_error", response.text)
                self.assertNotIn("B-SECRET-77", response.text)
        self.assertFalse(
            self.env["qanat.device.transfer"].search(
                [("new_owner_name", "=", "Dr. New Owner")]
            )
        )


@tagged("post_install", "-at_install")
class TestInstallationFormPdf(QanatPortalCase):
    def test_confirmed_form_downloads_as_pdf(self):
        device = self._create_device(self.customer_a, "A-PDF-1")
        installation = self._create_installation(device, installed_by="رضا نصاب")
        installation.with_user(self.portal_a).action_confirm()
        self.login(self.portal_a)
        page = self.get(f"/my/installations/{installation.id}")
        self.assertIn("o_qanat_installation_pdf", page.text)
        response = self.get(f"/my/installations/{installation.id}/pdf?download=1")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])


class TestInvoicesAndReceipts(QanatPortalCase):
    def test_official_invoice_pdf(self):
        invoice = self._make_invoice(self.customer_a, 5_000_000)
        invoice.action_post()
        self.login(self.portal_a)
        page = self.get(invoice.get_portal_url())
        self.assertIn("o_qanat_official_invoice", page.text)
        response = self.get(f"/my/invoices/{invoice.id}/official")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content)

    def test_official_invoice_of_a_company_waits_for_payment(self):
        self.customer_a.write(
            {
                "is_company": True,
                "legal_national_id": "10380284790",
                "economic_code": "10380284790",
                "zip": "1434843631",
                "state_id": self.env.company.partner_id.state_id.id,
                "city": "Tehran",
                "street": "Enghelab Street 7",
            }
        )
        invoice = self._make_invoice(self.customer_a, 5_000_000)
        invoice.action_post()
        self.login(self.portal_a)
        response = self.get(f"/my/invoices/{invoice.id}/official")
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"/my/invoices/{invoice.id}", response.headers["Location"])
        page = self.get(invoice.get_portal_url())
        self.assertIn("o_qanat_official_refusal", page.text)
        self.assertNotIn("o_qanat_official_invoice", page.text)

    def _jalali(self, days_ago, persian_digits=False):
        """(typed Jalali date, Gregorian date) ``days_ago`` before the customer's
        today (negative: in the future)."""
        receipts = self.env["qanat.payment.receipt"].with_user(self.portal_a)
        day = company_today(receipts.env) - datetime.timedelta(days=days_ago)
        return persian.format_jalali_date(day, persian_digits=persian_digits), day

    def _own_receipts(self):
        return self.env["qanat.payment.receipt"].search(
            [("partner_id", "=", self.customer_a.id)]
        )

    def _post_receipt(self, data, image=PNG):
        files = {"receipt_image": ("r.png", image, "image/png")} if image else None
        return self.post("/my/receipts/new", data, files=files)

    def test_receipt_upload(self):
        invoice = self._make_invoice(self.customer_a, 5_000_000)
        invoice.action_post()
        self.login(self.portal_a)
        form = self.get(f"/my/receipts/new?invoice_id={invoice.id}")
        self.assertIn(f'value="{invoice.id}" selected', form.text)
        self.assertIn("مبلغ پرداختی (تومان)", form.text)
        jalali, day = self._jalali(10, persian_digits=True)
        data = {
            "invoice_id": invoice.id,
            "amount": "۵۰۰٬۰۰۰",
            "payment_date": jalali,
            "bank_reference": "TRX-۸۸۹ ۰۱",
        }
        response = self._post_receipt(data)
        self.assertEqual(response.status_code, 303)
        receipt = self.env["qanat.payment.receipt"].search(
            [("bank_reference", "=", "TRX-88901")]
        )
        self.assertEqual(receipt.amount, 5_000_000)
        self.assertEqual(receipt.partner_id, self.customer_a)
        self.assertEqual(receipt.invoice_id, invoice)
        self.assertEqual(receipt.payment_date, day)
        self.assertIn("TRX-88901", self.get("/my/receipts").text)

    def test_receipt_amount_in_rial_when_the_company_shows_rial(self):
        self.env.company.qanat_money_unit = "rial"
        self.login(self.portal_a)
        self.assertIn("مبلغ پرداختی (ریال)", self.get("/my/receipts/new").text)
        response = self._post_receipt(
            {
                "amount": "1,500,000",
                "payment_date": self._jalali(1)[0],
                "bank_reference": "665544",
            }
        )
        self.assertEqual(response.status_code, 303)
        receipt = self.env["qanat.payment.receipt"].search(
            [("bank_reference", "=", "665544")]
        )
        self.assertEqual(receipt.amount, 1_500_000)

    def test_receipt_refusals_say_why(self):
        """The model's rules reach the customer with its own words."""
        invoice = self._make_invoice(self.customer_a, 5_000_000)
        invoice.action_post()
        self.login(self.portal_a)
        base = {
            "invoice_id": invoice.id,
            "amount": "100000",
            "payment_date": self._jalali(2)[0],
            "bank_reference": "TRX-1001",
        }
        future = self._jalali(-3)[0]
        cases = [
            ({"payment_date": future}, "تاریخ پرداخت نمی‌تواند در آینده باشد."),
            ({"payment_date": "0001/01/01"}, "نمی‌تواند بیش از یک سال پیش"),
            ({"payment_date": "۱/۰۱/۰۱"}, "نمی‌تواند بیش از یک سال پیش"),
            # 5,000,000 Rial left: 500,001 Toman is more.
            ({"amount": "500001"}, "۵۰۰٬۰۰۰ تومان"),
            ({"bank_reference": "!!!"}, "شمارهٔ پیگیری بانکی"),
            ({"bank_reference": ""}, "شمارهٔ پیگیری بانکی"),
        ]
        for values, message in cases:
            with self.subTest(values=values):
                response = self._post_receipt({**base, **values})
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_qanat_form_error", response.text)
                self.assertIn(message, response.text)
                self.assertNotIn("۱۴۰۳/۰۵/۱۲", response.text)  # the format hint
        self.assertFalse(self._own_receipts())
        # A second receipt beyond what is left names the one waiting.
        self.assertEqual(
            self._post_receipt({**base, "amount": "300000"}).status_code, 303
        )
        first = self._own_receipts()
        response = self._post_receipt(
            {**base, "amount": "300000", "bank_reference": "TRX-1002"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            markupsafe.escape(first.with_context(lang="fa_IR").display_name),
            response.text,
        )
        self.assertEqual(self._own_receipts(), first)

    def test_receipt_bad_input(self):
        self.login(self.portal_a)
        base = {
            "amount": "1000",
            "payment_date": self._jalali(5)[0],
            "bank_reference": "TRX-1001",
        }
        cases = [
            ({**base, "invoice_id": self.b_invoice.id}, PNG),
            ({**base, "amount": "abc"}, PNG),
            ({**base, "amount": "1.5"}, PNG),
            ({**base, "payment_date": "1405/13/40"}, PNG),
            ({**base, "payment_date": "1499/01/01"}, PNG),
            ({**base, "payment_date": "999999999/01/01"}, PNG),
            ({**base, "bank_reference": ""}, PNG),
            (base, None),
            (base, b"not an image"),
            # Unicode digits that str.isdigit() takes and int() refuses, a NUL
            # byte, and an SVG sent as image/png.
            ({**base, "invoice_id": "\u00b2"}, PNG),
            ({**base, "amount": "\u2460"}, PNG),
            ({**base, "amount": "\u00b2\u2070\u2070\u2070"}, PNG),
            ({**base, "bank_reference": "TRX\x001001"}, PNG),
            (base, b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ]
        for data, image in cases:
            with self.subTest(data=data):
                response = self._post_receipt(data, image)
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_qanat_form_error", response.text)
                self.assertNotIn(self.b_invoice.name, response.text)
        self.assertFalse(self._own_receipts())


@tagged("post_install", "-at_install")
class TestInstallationRequestFromThePortal(QanatPortalCase):
    """The customer of a delivered device requests its installation from the
    device page; another customer's device is refused, nothing leaked."""

    def test_request_installation_of_a_delivered_device(self):
        delivered = self._create_device(self.customer_a, "A-DELIVERED-9")
        self.login(self.portal_a)
        page = html.fromstring(self.get(f"/my/devices/{delivered.id}").content)
        [link] = page.xpath("//a[contains(@class, 'o_qanat_request_installation')]")
        form_page = self.get(link.get("href"))
        self.assertEqual(form_page.status_code, 200)
        form = html.fromstring(form_page.content)
        self.assertEqual(
            form.xpath("//input[@name='request_kind']/@value"), ["installation"]
        )
        self.assertEqual(
            form.xpath("//select[@name='device_id']/option[@selected]/@value"),
            [str(delivered.id)],
        )
        response = self.post(
            "/my/tickets/new",
            {
                "request_kind": "installation",
                "device_id": delivered.id,
                "name": "Installation",
                "description": "Delivered yesterday, please install.",
            },
        )
        self.assertEqual(response.status_code, 303)
        ticket = self.env["qanat.ticket"].search([("device_id", "=", delivered.id)])
        self.assertEqual(ticket.request_kind, "installation")
        # Another customer's device, a bogus kind: refused on the form.
        for data in (
            {"request_kind": "installation", "device_id": self.b_pending.id},
            {"request_kind": "everything", "device_id": delivered.id},
        ):
            response = self.post(
                "/my/tickets/new",
                {"name": "x", "description": "y", **data},
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn("o_qanat_form_error", response.text)
            self.assertNotIn("B-PENDING-77", response.text)
        self.assertEqual(
            self.env["qanat.ticket"].search_count(
                [("device_id", "in", (delivered | self.b_pending).ids)]
            ),
            1,
        )


@tagged("post_install", "-at_install")
class TestDeliveryChangeFromThePortal(QanatPortalCase):
    """Before dispatch, the customer asks from the order page for another
    delivery address or phone; the request is a ticket staff apply."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._device_order(cls.customer_a)
        cls.url = f"/my/orders/{cls.order.id}/delivery-change"

    def test_request_from_the_order_page(self):
        self.login(self.portal_a)
        page = html.fromstring(self.get(self.order.get_portal_url()).content)
        [link] = page.xpath("//a[contains(@class, 'o_qanat_delivery_change_link')]")
        self.assertEqual(link.get("href"), self.url)
        self.assertIn("o_qanat_delivery_change_form", self.get(self.url).text)
        data = {
            "street": "خیابان ولیعصر، پلاک ۱۲",
            "city": "تهران",
            "zip": "۱۵۹۱۶۳۴۳۱۱",
            "phone": "۰۹۱۲۳۳۳۴۴۵۵",
            "note": "لطفاً به مطب جدید بفرستید.",
        }
        # A wrong postal code: explained in Persian, the typed values kept.
        response = self.post(self.url, dict(data, zip="123"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_qanat_form_error", response.text)
        self.assertIn("کد پستی", response.text)
        self.assertIn("خیابان ولیعصر", response.text)
        self.assertFalse(self.order._qanat_pending_address_change())
        response = self.post(self.url, data)
        self.assertEqual(response.status_code, 303)
        ticket = self.order._qanat_pending_address_change()
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/tickets/{ticket.id}?created=1")
        )
        self.assertEqual(ticket.partner_id, self.customer_a)
        self.assertEqual(self.get(f"/my/tickets/{ticket.id}").status_code, 200)
        # The page now points to the open request.
        self.assertIn("o_qanat_delivery_change_pending", self.get(self.url).text)
        ticket.with_user(self.user_qanat).action_qanat_apply_address_change()
        self.assertEqual(self.order.partner_shipping_id.zip, "1591634311")
        self.assertEqual(self.order.partner_shipping_id.mobile, "09123334455")

    def test_refused_once_dispatched(self):
        self.order.sudo().write({"qanat_delivery_state": "dispatched"})
        self.login(self.portal_a)
        page = self.get(self.order.get_portal_url()).text
        self.assertNotIn("o_qanat_delivery_change_link", page)
        self.assertIn("o_qanat_delivery_change_refused", self.get(self.url).text)
        response = self.post(self.url, {"phone": "09123334455"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_qanat_form_error", response.text)
        self.assertFalse(
            self.env["qanat.ticket"].search([("qanat_order_id", "=", self.order.id)])
        )


@tagged("post_install", "-at_install")
class TestRefundFromThePortal(QanatPortalCase):
    """A customer asks for a refund of a paid invoice; bad input is explained and
    kept, another customer's invoice is refused, nothing is stored then."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.paid = cls._make_paid_invoice(cls.customer_a, 20_000_000)

    def _refunds(self):
        return self.env["qanat.refund.request"].search(
            [("commercial_partner_id", "=", self.customer_a.id)]
        )

    def test_ask_for_a_refund(self):
        self.login(self.portal_a)
        page = html.fromstring(self.get("/my/refunds/new").content)
        self.assertEqual(
            page.xpath("//select[@name='invoice_id']/option/@value"),
            ["", str(self.paid.id)],
        )
        data = {
            "reason": "unused_service",
            "invoice_id": self.paid.id,
            "amount": "۲۰۰٬۰۰۰",
            "method": "cash",
            "sheba": "IR82 0540 1026 8002 0817 9090 02",
            "account_holder": "مشتری الف",
            "description": "سرویس استفاده نشد.",
        }
        for bad, message in (
            ({"amount": "abc"}, "مبلغ"),
            ({"sheba": "IR123"}, "شبا"),
            ({"invoice_id": self.b_invoice.id}, "صورتحساب"),
            ({"amount": "۵٬۰۰۰٬۰۰۰"}, "حداکثر"),
            ({"reason": "anything"}, "دلیل"),
        ):
            with self.subTest(bad=bad):
                response = self.post("/my/refunds/new", dict(data, **bad))
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_qanat_form_error", response.text)
                self.assertIn(message, response.text)
                self.assertIn("مشتری الف", response.text)
                self.assertNotIn("B-SECRET", response.text)
        self.assertFalse(self._refunds())
        response = self.post("/my/refunds/new", data)
        self.assertEqual(response.status_code, 303)
        refund = self._refunds()
        self.assertEqual(refund.amount, 2_000_000)  # 200,000 Toman in Rial
        self.assertEqual(refund.sheba, "IR820540102680020817909002")
        listing = self.get(f"/my/refunds?submitted={refund.id}").text
        self.assertIn("o_qanat_refund_submitted", listing)
        self.assertIn("o_qanat_refund_row", listing)


@tagged("post_install", "-at_install")
class TestContractsPage(QanatPortalCase):
    """The customer reads their service contracts, never another's."""

    def test_own_contracts_only(self):
        contracts = self.env["qanat.service.contract"]
        own = contracts.create(
            {
                "partner_id": self.customer_a.id,
                "device_ids": [(6, 0, self.a_live.ids)],
                "period": "quarterly",
                "monthly_price": 1_000_000,
            }
        )
        other = contracts.create(
            {
                "partner_id": self.customer_b.id,
                "device_ids": [(6, 0, self.b_live.ids)],
                "monthly_price": 7_000_000,
            }
        )
        self.login(self.portal_a)
        self.assertIn("/my/contracts", self.get("/my").text)
        page = self.get("/my/contracts")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_qanat_contract_row", page.text)
        self.assertIn(persian.to_persian_digits(own.name), page.text)
        self.assertIn("سه‌ماهه", page.text)
        self.assertNotIn(persian.to_persian_digits(other.name), page.text)
        self.assertNotIn("B-SECRET", page.text)
        self.assertFalse(
            contracts.with_user(self.portal_a).search([("id", "=", other.id)])
        )
