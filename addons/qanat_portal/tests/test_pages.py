import datetime

from lxml import html

from odoo.tests import tagged

from odoo.addons.qanat_devices.tools import persian
from odoo.addons.qanat_devices.tools.dates import company_today

from .common import QanatPortalCase


@tagged("post_install", "-at_install")
class TestPages(QanatPortalCase):
    def test_home_dashboard(self):
        announcement = self.env["qanat.announcement"].create(
            {
                "name": "New firmware 4.2",
                "kind": "software_update",
                "summary": "Install firmware 4.2",
                "send_message": False,
            }
        )
        announcement.action_publish()
        self.login(self.portal_a)
        response = self.get("/my")
        self.assertEqual(response.status_code, 200)
        self.assertIn("qanat_announcements_banner", response.text)
        self.assertIn("New firmware 4.2", response.text)
        self.assertIn("qanat_service_status", response.text)
        self.assertIn("o_rtl", response.text)  # right to left

    def test_devices_in_jalali_with_persian_digits(self):
        self.login(self.portal_a)
        response = self.get("/my/devices")
        self.assertEqual(response.status_code, 200)
        for device in (self.a_live, self.a_expired, self.a_pending):
            self.assertIn(device.identifier, response.text)
        jalali = persian.format_jalali_date(self.a_live.service_end)
        self.assertIn(jalali, response.text)
        self.assertNotIn(str(self.a_live.service_end), response.text)
        detail = self.get(f"/my/devices/{self.a_live.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn(persian.format_jalali_date(self.a_live.warranty_end), detail.text)
        self.assertIn(self.a_live.brand, detail.text)
        self.assertIn(self.a_live.model, detail.text)

    def test_english_reader_keeps_gregorian_dates(self):
        self.portal_b.lang = "en_US"
        self.login(self.portal_b)
        response = self.get(f"/my/devices/{self.b_live.id}")
        self.assertNotIn(
            persian.format_jalali_date(self.b_live.service_end), response.text
        )


@tagged("post_install", "-at_install")
class TestOrderDelivery(QanatPortalCase):
    def test_customer_sees_where_the_delivery_stands(self):
        chair = self.env["product.product"].create(
            {"name": "Dental chair", "type": "consu", "qanat_is_device": True}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_a.id,
                "pricelist_id": self.pricelist.id,
                "order_line": [(0, 0, {"product_id": chair.id, "price_unit": 900})],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        order.action_qanat_register_with_supplier()
        order.action_qanat_dispatch()
        self.login(self.portal_a)
        page = self.get(order.get_portal_url())
        self.assertEqual(page.status_code, 200)
        row = html.fromstring(page.content).xpath(
            "//tr[contains(@class, 'o_qanat_delivery_state')]"
        )
        self.assertEqual(len(row), 1)
        self.assertIn("ارسال شد", row[0].text_content())


class TestInvoicePage(QanatPortalCase):
    """Odoo's invoice page as Qanat's customers read it."""

    def _posted_invoice(self, days_ago=0):
        invoice = self._make_invoice(self.customer_a, 5_000_000)
        invoice.invoice_date = company_today(self.env) - datetime.timedelta(
            days=days_ago
        )
        invoice.action_post()
        return invoice

    def test_qanat_buttons_sit_in_odoo_sidebar(self):
        invoice = self._posted_invoice()
        self.login(self.portal_a)
        page = self.get(invoice.get_portal_url())
        self.assertEqual(page.status_code, 200)
        tree = html.fromstring(page.content)
        actions = tree.xpath("//*[contains(@class, 'o_qanat_invoice_actions')]")
        self.assertEqual(len(actions), 1)
        # In the sidebar, next to Download: not a third block of the row that
        # holds the sidebar and the invoice, which broke the two columns.
        self.assertTrue(actions[0].xpath("ancestor::*[@id='sidebar_content']"))
        row = tree.xpath("//div[@id='invoice_content']/..")[0]
        self.assertEqual(len(row), 2, "sidebar and invoice, nothing in between")
        self.assertTrue(
            actions[0].xpath(".//*[contains(@class, 'o_qanat_official_invoice')]")
        )
        self.assertTrue(
            actions[0].xpath(".//a[contains(@href, '/my/receipts/new?invoice_id=')]")
        )

    def _due_days(self, invoice):
        return (invoice.invoice_date_due - company_today(self.env)).days

    def test_due_date_in_persian_digits(self):
        invoice = self._posted_invoice()
        days = self._due_days(invoice)
        self.assertGreater(days, 0)  # the first invoice's payment term
        self.login(self.portal_a)
        page = self.get(invoice.get_portal_url())
        due = f"سررسید: {persian.to_persian_digits(days)} روز دیگر"
        self.assertIn(due, page.text)
        # Odoo's script would write «تحویل در 30 روز» (Latin digits) there.
        self.assertNotIn("o_portal_sidebar_timeago", page.text)

    def test_overdue_in_persian_digits(self):
        invoice = self._posted_invoice(days_ago=100)
        days = -self._due_days(invoice)
        self.assertGreater(days, 0)
        self.login(self.portal_a)
        page = self.get(invoice.get_portal_url())
        overdue = f"{persian.to_persian_digits(days)} روز از سررسید گذشته"
        self.assertIn(overdue, page.text)

    def test_posted_invoice_is_not_titled_proforma(self):
        invoice = self._posted_invoice()
        self.assertFalse(invoice.invoice_pdf_report_id)  # Odoo's "PROFORMA" case
        self.login(self.portal_a)
        document = self.get(f"/my/invoices/{invoice.id}?report_type=html")
        self.assertEqual(document.status_code, 200)
        text = document.content.decode()  # served without a charset
        self.assertIn("صورتحساب فروش", text)
        self.assertNotIn("پیش‌فاکتور", text)
        self.assertNotIn("PROFORMA", text)

    def test_draft_invoice_is_a_proforma(self):
        draft = self._make_invoice(self.customer_a, 5_000_000)
        self.customer_a.lang = "fa_IR"
        html_text = (
            self.env["ir.actions.report"]
            .with_context(proforma_invoice=True)
            ._render_qweb_html("account.account_invoices", draft.ids)[0]
            .decode()
        )
        self.assertIn("پیش‌فاکتور", html_text)
        self.assertNotIn("صورتحساب فروش", html_text)
