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


@tagged("post_install", "-at_install")
class TestProformaLookup(QanatPortalCase):
    def test_lookup_by_tracking_code(self):
        order = self._renewal_order(self.a_expired)
        response = self.post("/proforma", {"code": order.qanat_tracking_code.lower()})
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"/my/orders/{order.id}", response.headers["Location"])
        page = self.get(response.headers["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertIn(order.qanat_tracking_code, page.text)

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
