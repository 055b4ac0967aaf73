from odoo.tests import tagged

from odoo.addons.qanat_devices.tests.common import NATIONAL_CODES

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
        self.customer_a.write({"is_company": True, "legal_national_id": "10380284790"})
        invoice = self._make_invoice(self.customer_a, 5_000_000)
        invoice.action_post()
        self.login(self.portal_a)
        response = self.get(f"/my/invoices/{invoice.id}/official")
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"/my/invoices/{invoice.id}", response.headers["Location"])
        page = self.get(invoice.get_portal_url())
        self.assertIn("o_qanat_official_refusal", page.text)
        self.assertNotIn("o_qanat_official_invoice", page.text)

    def test_receipt_upload(self):
        invoice = self._make_invoice(self.customer_a, 5_000_000)
        invoice.action_post()
        self.login(self.portal_a)
        form = self.get(f"/my/receipts/new?invoice_id={invoice.id}")
        self.assertIn(f'value="{invoice.id}" selected', form.text)
        data = {
            "invoice_id": invoice.id,
            "amount_toman": "۵۰۰٬۰۰۰",
            "payment_date": "1405/08/01",
            "bank_reference": "TRX-889",
        }
        response = self.post(
            "/my/receipts/new",
            data,
            files={"receipt_image": ("receipt.png", PNG, "image/png")},
        )
        self.assertEqual(response.status_code, 303)
        receipt = self.env["qanat.payment.receipt"].search(
            [("bank_reference", "=", "TRX-889")]
        )
        self.assertEqual(receipt.amount, 5_000_000)
        self.assertEqual(receipt.partner_id, self.customer_a)
        self.assertEqual(receipt.invoice_id, invoice)
        self.assertEqual(str(receipt.payment_date), "2026-10-23")
        self.assertIn("TRX-889", self.get("/my/receipts").text)

    def test_receipt_bad_input(self):
        self.login(self.portal_a)
        base = {
            "amount_toman": "1000",
            "payment_date": "1405/08/01",
            "bank_reference": "R",
        }
        cases = [
            ({**base, "invoice_id": self.b_invoice.id}, PNG),
            ({**base, "amount_toman": "abc"}, PNG),
            ({**base, "payment_date": "1405/13/40"}, PNG),
            ({**base, "payment_date": "1499/01/01"}, PNG),
            ({**base, "payment_date": "999999999/01/01"}, PNG),
            ({**base, "bank_reference": ""}, PNG),
            (base, None),
            (base, b"not an image"),
        ]
        for data, image in cases:
            with self.subTest(data=data):
                files = (
                    {"receipt_image": ("r.png", image, "image/png")} if image else None
                )
                response = self.post("/my/receipts/new", data, files=files)
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_qanat_form_error", response.text)
                self.assertNotIn(self.b_invoice.name, response.text)
        self.assertFalse(self.env["qanat.payment.receipt"].search([]))
