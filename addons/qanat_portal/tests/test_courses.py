from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import QanatPortalCase


@tagged("post_install", "-at_install")
class TestCourseStore(QanatPortalCase):
    def _paid_order(self, partner=None):
        order = self.env["sale.order"]._qanat_single_product_quotation(
            partner or self.customer_a, self.course.product_variant_id
        )
        order.action_confirm()
        return order

    def test_buy_makes_a_quotation_to_pay(self):
        self.login(self.portal_a)
        response = self.post(f"/my/courses/{self.course.id}/buy")
        self.assertEqual(response.status_code, 303)
        order = self.env["sale.order"].search(
            [("order_line.product_id", "=", self.course.product_variant_id.id)]
        )
        self.assertIn(f"/my/orders/{order.id}", response.headers["Location"])
        self.assertTrue(order.require_payment)
        # Clicking twice reuses the open quotation.
        self.post(f"/my/courses/{self.course.id}/buy")
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("order_line.product_id", "=", self.course.product_variant_id.id)]
            ),
            1,
        )

    def test_licence_issued_once_after_payment(self):
        order = self._paid_order()
        licence = order.qanat_licence_ids
        self.assertEqual(licence.state, "pending")
        self.env["qanat.course.licence"]._cron_issue_licences()
        self.assertEqual(licence.state, "issued")
        self.assertTrue(licence.licence_key.startswith("SPK-"))
        self.assertEqual(self.spotplayer.licences[0][0], licence.name)
        self.assertEqual(self.spotplayer.licences[0][2], ["5d2ee35bcddc092a304ae5eb"])
        # Reruns, a second confirmation hook, a direct call: still one licence.
        self.env["qanat.course.licence"]._cron_issue_licences()
        self.env["qanat.course.licence"]._create_for_sale_lines(order.order_line)
        licence._issue(self.env["qanat.course.licence"]._spotplayer_client())
        self.assertEqual(len(self.spotplayer.licences), 1)
        self.assertEqual(len(order.qanat_licence_ids), 1)
        self.login(self.portal_a)
        page = self.get("/my/courses")
        self.assertIn(licence.licence_key, page.text)
        self.assertIn(licence.licence_url, page.text)
        self.login(self.portal_b)
        self.assertNotIn(licence.licence_key, self.get("/my/courses").text)

    def test_outage_is_retried_without_duplicates(self):
        order = self._paid_order()
        licence = order.qanat_licence_ids
        self.spotplayer.fail_next = [503, 502]
        self.env["qanat.course.licence"]._cron_issue_licences()
        self.assertEqual(licence.state, "pending")
        self.assertEqual(licence.attempts, 1)
        self.assertIn("server error", licence.error)
        # Not due yet: nothing is sent.
        self.env["qanat.course.licence"]._cron_issue_licences()
        self.assertEqual(len(self.spotplayer.requests), 1)
        for _attempt in range(2):
            licence.next_attempt_at = "2000-01-01 00:00:00"
            self.env["qanat.course.licence"]._cron_issue_licences()
        self.assertEqual(licence.state, "issued")
        self.assertEqual(len(self.spotplayer.licences), 1)
        self.login(self.portal_a)
        self.assertIn(licence.licence_key, self.get("/my/courses").text)

    def test_lost_answer_is_checked_by_a_person_not_sent_again(self):
        order = self._paid_order()
        licence = order.qanat_licence_ids
        self.env["ir.config_parameter"].sudo().set_param("qanat.http.timeout", "1")
        # Odoo's test runner raises any HTTP timeout under 10 s to 10 s.
        self.spotplayer.delay = 10.5  # takes the request, answers too late
        self.addCleanup(setattr, self.spotplayer, "delay", 0)
        self.env["qanat.course.licence"]._cron_issue_licences()
        self.assertEqual(licence.state, "failed")
        self.assertIn("SpotPlayer panel", licence.error)
        self.assertTrue(licence.activity_ids)
        licence.next_attempt_at = "2000-01-01 00:00:00"
        self.env["qanat.course.licence"]._cron_issue_licences()
        self.assertEqual(len(self.spotplayer.requests), 1)

    def test_refusal_needs_a_person(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "qanat.spotplayer.api_key", "wrong"
        )
        licence = self._paid_order().qanat_licence_ids
        self.env["qanat.course.licence"]._cron_issue_licences()
        self.assertEqual(licence.state, "failed")
        self.assertIn("Invalid API key", licence.error)
        self.assertTrue(licence.activity_ids)
        self.env["ir.config_parameter"].sudo().set_param(
            "qanat.spotplayer.api_key", "test-spotplayer-key"
        )
        licence.action_retry()
        self.env["qanat.course.licence"]._cron_issue_licences()
        self.assertEqual(licence.state, "issued")

    @mute_logger("odoo.addons.qanat_portal.models.qanat_course_licence")
    def test_not_configured_waits(self):
        self.env["ir.config_parameter"].sudo().set_param("qanat.spotplayer.api_key", "")
        licence = self._paid_order().qanat_licence_ids
        self.env["qanat.course.licence"]._cron_issue_licences()
        self.assertEqual(licence.state, "pending")
        self.assertFalse(self.spotplayer.requests)

    def test_course_needs_spotplayer_ids(self):
        with self.assertRaises(ValidationError):
            self.course.qanat_spotplayer_course_ids = "not-an-id"
