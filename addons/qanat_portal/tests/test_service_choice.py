import html
import re

from odoo.tests import tagged

from .common import QanatPortalCase


@tagged("post_install", "-at_install")
class TestServiceChoice(QanatPortalCase):
    def _url(self, device):
        return f"/my/devices/{device.id}/service"

    def test_page_shows_plans_debt_and_ceiling(self):
        self.login(self.portal_a)
        response = self.get(self._url(self.a_expired))
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'value="{self.plan_1y.id}"', response.text)
        self.assertIn(f'value="{self.plan_2y.id}"', response.text)
        self.assertIn("qanat_debt_summary", response.text)
        # 10,000,000 Toman ceiling by default, in Persian digits.
        self.assertIn("۱۰٬۰۰۰٬۰۰۰", response.text)

    def test_renew_makes_a_quotation_to_pay_online(self):
        self.login(self.portal_a)
        response = self.post(
            self._url(self.a_expired), {"choice": "renew", "plan_id": self.plan_2y.id}
        )
        self.assertEqual(response.status_code, 303)
        order = self.env["sale.order"].search(
            [("order_line.qanat_device_id", "=", self.a_expired.id)]
        )
        self.assertEqual(len(order), 1)
        self.assertIn(f"/my/orders/{order.id}", response.headers["Location"])
        self.assertIn(
            f"access_token={order.access_token}", response.headers["Location"]
        )
        self.assertTrue(order.require_payment)
        self.assertFalse(order.require_signature)
        self.assertEqual(order.amount_untaxed, 45_000_000)
        page = self.get(order.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn(order.qanat_tracking_code, page.text)
        # The unit price is money like the totals: Toman in Persian digits, not
        # a Rial float.
        self.assertNotIn("45,000,000.00", page.text)
        unit_cell = page.text.split('id="quote_qty_td"', 1)[1].split("</td>", 2)[1]
        self.assertIn("۴٬۵۰۰٬۰۰۰", unit_cell)
        # The choice page now points to the quotation waiting for payment, and
        # renewing again leads to it instead of making a second one.
        self.assertIn(order.name, self.get(self._url(self.a_expired)).text)
        again = self.post(
            self._url(self.a_expired), {"choice": "renew", "plan_id": self.plan_1y.id}
        )
        self.assertIn(f"/my/orders/{order.id}", again.headers["Location"])
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("order_line.qanat_device_id", "=", self.a_expired.id)]
            ),
            1,
        )

    def test_pay_per_case_and_cancel(self):
        self.login(self.portal_a)
        self.post(self._url(self.a_expired), {"choice": "per_case"})
        self.assertEqual(self.a_expired.service_state, "pay_per_case")
        response = self.post(self._url(self.a_live), {"choice": "cancel", "reason": ""})
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_qanat_form_error", response.text)
        self.assertEqual(self.a_live.service_state, "active")
        self.post(
            self._url(self.a_live), {"choice": "cancel", "reason": "Sold the clinic"}
        )
        self.assertEqual(self.a_live.service_state, "cancelled")

    def test_bad_choices_are_explained(self):
        self.login(self.portal_a)
        for data in (
            {"choice": "renew", "plan_id": "abc"},
            {"choice": "renew", "plan_id": self.product.id},
            {"choice": "anything"},
        ):
            with self.subTest(data=data):
                response = self.post(self._url(self.a_expired), data)
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_qanat_form_error", response.text)
        # A device waiting for installation cannot take a choice.
        response = self.post(self._url(self.a_pending), {"choice": "per_case"})
        self.assertIn("o_qanat_form_error", response.text)
        self.assertEqual(self.a_pending.service_state, "pending_installation")
        self.assertEqual(self.a_expired.service_state, "expired")

    def _debt_status(self, response):
        found = re.findall(r'data-debt-status="(\w+)"', response.text)
        return found[0] if found else None

    def test_close_to_and_over_the_ceiling_are_told_apart(self):
        self.login(self.portal_a)
        self.assertIsNone(self._debt_status(self.get(self._url(self.a_expired))))
        # 85,000,000 Rial: past the 80% warning, under the 100,000,000 ceiling.
        self._make_invoice(self.customer_a, 85_000_000).action_post()
        response = self.get(self._url(self.a_expired))
        self.assertEqual(self._debt_status(response), "close")
        self.assertNotIn("o_qanat_debt_over", response.text)
        # Far over the ceiling: not "close", and what it blocks is said.
        self._make_invoice(self.customer_a, 400_000_000).action_post()
        response = self.get(self._url(self.a_expired))
        self.assertEqual(self._debt_status(response), "over")
        self.assertNotIn("o_qanat_debt_close", response.text)
        self.assertIn("بدهی شما از سقف گذشته است", response.text)
        self.assertIn('href="/my/invoices"', response.text)

    def test_plan_prices_include_vat_as_the_quotation_charges(self):
        vat = self.env["account.tax"].create(
            {
                "name": "Test VAT 10%",
                "amount": 10,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": self.env.company.id,
            }
        )
        (self.plan_1y | self.plan_2y).taxes_id = vat
        self.login(self.portal_a)
        page = self.get(self._url(self.a_expired))
        money = self.env.company.with_context(lang="fa_IR")._qanat_format_money
        # 45,000,000 Rial + 10% = 4,950,000 Toman, with its VAT said.
        self.assertIn(money(49_500_000), page.text)
        self.assertIn(money(27_500_000), page.text)
        self.assertNotIn(money(45_000_000) + "<", page.text)
        self.assertIn(
            f"با احتساب مالیات بر ارزش افزوده ({money(4_500_000)})", page.text
        )
        self.post(
            self._url(self.a_expired), {"choice": "renew", "plan_id": self.plan_2y.id}
        )
        order = self.env["sale.order"].search(
            [("order_line.qanat_device_id", "=", self.a_expired.id)]
        )
        self.assertEqual(order.amount_total, 49_500_000)
        self.assertIn(money(order.amount_total), page.text)

    def test_plan_without_tax_says_so(self):
        (self.plan_1y | self.plan_2y).taxes_id = False
        self.login(self.portal_a)
        page = self.get(self._url(self.a_expired))
        self.assertIn("بدون مالیات بر ارزش افزوده", page.text)


@tagged("post_install", "-at_install")
class TestProformaLookup(QanatPortalCase):
    def test_lookup_by_tracking_code(self):
        order = self._renewal_order(self.a_expired)
        self.customer_a.write({"street": "Valiasr Street 12", "city": "Tehran"})
        response = self.post("/proforma", {"code": order.qanat_tracking_code.lower()})
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_qanat_proforma_pay", response.text)
        company = self.env.company
        self.assertTrue(
            any(
                company._qanat_format_money(order.amount_total, lang=lang)
                in response.text
                for lang in ("fa_IR", "en_US")
            )
        )
        # The code lets one pay, not read the customer's details or decline.
        for private in ("Customer A", "Valiasr", "a@example.com", "decline"):
            self.assertNotIn(private, response.text)
        pay = re.search(r'href="(/payment/pay\?[^"]+)"', response.text)
        self.assertTrue(pay, "a link to Odoo's payment page")
        page = self.get(html.unescape(pay.group(1)))
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("Valiasr", page.text)
        # A confirmed order is no pro-forma to pay any more.
        order.action_confirm()
        response = self.post("/proforma", {"code": order.qanat_tracking_code})
        self.assertIn("No pro-forma", self.text_of(response))

    def test_unknown_and_wrong_codes_get_the_same_answer(self):
        order = self._renewal_order(self.a_expired)
        order._action_cancel()
        answers = set()
        for code in ("ZZZZZZZZZZ", order.qanat_tracking_code, "", "<script>"):
            response = self.post("/proforma", {"code": code})
            self.assertEqual(response.status_code, 200)
            self.assertNotIn(order.name, response.text)
            answers.add(self.text_of(response).replace(code, "").count("No pro-forma"))
        self.assertEqual(answers, {1})

    def test_guessing_is_throttled(self):
        order = self._renewal_order(self.a_expired)
        for _attempt in range(10):
            self.post("/proforma", {"code": "ZZZZZZZZZZ"})
        response = self.post("/proforma", {"code": order.qanat_tracking_code})
        self.assertEqual(response.status_code, 200, "even a right code waits")
        self.assertIn("Too many attempts", response.text)
