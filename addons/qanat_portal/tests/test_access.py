from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import QanatPortalCase

MISSING_ID = 999_999_999


@tagged("post_install", "-at_install")
class TestRouteAccess(QanatPortalCase):
    """Every customer-area route refuses another customer's record, a missing
    id and a wrong token alike, and leaks nothing of the other customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.b_article = cls.env["qanat.kb.article"].create(
            {"name": "B-SECRET-77 draft article", "is_published": False}
        )
        cls.b_announcement = cls.env["qanat.announcement"].create(
            {
                "name": "B-SECRET-77 imaging notice",
                "kind": "legal_notice",
                "audience": "device_types",
                "device_type_ids": [(6, 0, cls.other_type.ids)],
                "send_message": False,
            }
        )
        cls.b_announcement.action_publish()
        cls.not_a_course = cls.plan_1y.product_tmpl_id
        cls.b_order = cls._device_order(cls.customer_b)

    def _get_routes(self):
        """(url pattern, id of customer B's record) of every GET route with an id."""
        return [
            ("/my/devices/%s", self.b_live.id),
            ("/my/devices/%s/service", self.b_live.id),
            ("/my/installations/%s", self.b_installation.id),
            ("/my/installations/%s/pdf", self.b_installation.id),
            ("/my/transfers/%s", self.b_transfer.id),
            ("/my/tickets/%s", self.b_ticket.id),
            ("/my/invoices/%s/official", self.b_invoice.id),
            ("/my/knowledge/%s", self.b_article.id),
            ("/my/announcements/%s", self.b_announcement.id),
            ("/my/orders/%s/delivery-change", self.b_order.id),
        ]

    def _post_routes(self):
        return [
            ("/my/devices/%s/service", self.b_live.id, {"choice": "per_case"}),
            ("/my/installations/%s/confirm", self.b_installation.id, {}),
            ("/my/tickets/%s/close", self.b_ticket.id, {}),
            ("/my/tickets/%s/rate", self.b_ticket.id, {"rate": "5"}),
            ("/my/courses/%s/buy", self.not_a_course.id, {}),
            ("/my/packages/%s/buy", self.not_a_course.id, {}),
            (
                "/my/orders/%s/delivery-change",
                self.b_order.id,
                {"phone": "09123334455"},
            ),
        ]

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http")
    def test_get_routes_refuse_other_missing_and_wrong_token(self):
        self.login(self.portal_a)
        for pattern, b_id in self._get_routes():
            for record_id in (b_id, MISSING_ID):
                for suffix in ("", "?access_token=wrong-token"):
                    with self.subTest(url=pattern % record_id + suffix):
                        self.assert_refused(self.get(pattern % record_id + suffix))

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http")
    def test_post_routes_refuse_other_and_missing(self):
        self.login(self.portal_a)
        for pattern, b_id, data in self._post_routes():
            for record_id in (b_id, MISSING_ID):
                with self.subTest(url=pattern % record_id):
                    self.assert_refused(self.post(pattern % record_id, data))
        # Nothing changed on B's side.
        self.assertEqual(self.b_live.service_state, "active")
        self.assertEqual(self.b_installation.state, "draft")
        self.assertEqual(self.b_ticket.state, "open")
        self.assertFalse(self.b_ticket.rating_ids.filtered("consumed"))
        self.assertFalse(self.b_order._qanat_pending_address_change())

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http")
    def test_odoo_document_routes_refuse_too(self):
        """Odoo's own quotation and invoice pages send A back to /my for B's
        records, missing ones and wrong tokens, with nothing of B."""
        b_order = self._renewal_order(self.b_live)
        self.login(self.portal_a)
        for pattern, b_id in (
            ("/my/orders/%s", b_order.id),
            ("/my/invoices/%s", self.b_invoice.id),
        ):
            for record_id in (b_id, MISSING_ID):
                for suffix in ("", "?access_token=wrong-token"):
                    url = pattern % record_id + suffix
                    with self.subTest(url=url):
                        response = self.get(url)
                        self.assert_refused(response, status=303)
                        self.assertTrue(response.headers["Location"].endswith("/my"))

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http")
    def test_forms_refuse_other_customers_records(self):
        """Forms posted with B's device or invoice are refused, create nothing
        and show nothing of B."""
        self.login(self.portal_a)
        response = self.post(
            "/my/tickets/new",
            {"device_id": self.b_live.id, "name": "Probe", "description": "x"},
        )
        self.assert_refused(response, status=200)
        self.assertIn("o_qanat_form_error", response.text)
        response = self.post(
            "/my/transfers/new",
            {
                "device_id": self.b_live.id,
                "new_owner_name": "Probe",
                "new_owner_national_code": "0499370899",
                "new_owner_phone": "09120000000",
                "current_owner_confirmed": "1",
            },
        )
        self.assert_refused(response, status=200)
        self.assertFalse(
            self.env["qanat.ticket"].search([("name", "=", "Probe")])
            or self.env["qanat.device.transfer"].search(
                [("new_owner_name", "=", "Probe")]
            )
        )

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http")
    def test_own_records_are_served(self):
        self.b_article.is_published = True
        self.login(self.portal_b)
        for pattern, b_id in self._get_routes():
            with self.subTest(url=pattern % b_id):
                response = self.get(pattern % b_id)
                self.assertEqual(response.status_code, 200, pattern)

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http")
    def test_tokens(self):
        """The right token opens a ticket or invoice without login; a wrong one,
        an empty one or the token of another record does not."""
        ticket_token = self.b_ticket._portal_ensure_token()
        invoice_token = self.b_invoice._portal_ensure_token()
        ticket_url = f"/my/tickets/{self.b_ticket.id}"
        invoice_url = f"/my/invoices/{self.b_invoice.id}/official"
        self.assertEqual(
            self.get(f"{ticket_url}?access_token={ticket_token}").status_code, 200
        )
        self.assertEqual(
            self.get(f"{invoice_url}?access_token={invoice_token}").status_code, 200
        )
        for token in ("wrong", invoice_token, ticket_token[:-1]):
            with self.subTest(token=token):
                self.assert_refused(self.get(f"{ticket_url}?access_token={token}"))
        for token in ("wrong", ticket_token, ""):
            with self.subTest(token=token):
                self.assert_refused(self.get(f"{invoice_url}?access_token={token}"))
        # Without token a visitor is asked to log in, nothing else.
        self.assert_refused(self.get(ticket_url), status=303)
        # A rotated token stops working.
        self.b_ticket.access_token = False
        self.assert_refused(self.get(f"{ticket_url}?access_token={ticket_token}"))
        # Customer A with B's valid token sees B's ticket: the token is the key
        # (Odoo's portal rule for shared links), but not with a wrong one.
        self.login(self.portal_a)
        self.assert_refused(self.get(f"{ticket_url}?access_token=wrong"))

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http")
    def test_list_pages_show_only_own_records(self):
        self.login(self.portal_a)
        for url in (
            "/my",
            "/my/devices",
            "/my/tickets",
            "/my/tickets?filterby=all&search=B",
            "/my/installations",
            "/my/transfers",
            "/my/receipts",
            "/my/receipts/new",
            "/my/tickets/new",
            "/my/transfers/new",
            "/my/knowledge?search=SECRET",
            "/my/announcements",
            "/my/courses",
            "/my/packages",
            "/my/profile",
            "/my/invoices",
        ):
            with self.subTest(url=url):
                response = self.get(url)
                self.assertEqual(response.status_code, 200, url)
                for secret in ("B-SECRET-77", "B secret problem", "B secret owner"):
                    self.assertNotIn(secret, response.text)

    def test_counters_are_own(self):
        self.login(self.portal_a)
        response = self.url_open(
            "/my/counters",
            data='{"jsonrpc": "2.0", "params": {"counters": ["qanat_device_count", '
            '"qanat_installation_count"]}}',
            headers={"Content-Type": "application/json"},
        )
        result = response.json()["result"]
        # Three devices, one form to confirm (Persian digits for a Persian reader).
        self.assertEqual(result["qanat_device_count"], "۳")
        self.assertEqual(result["qanat_installation_count"], "۱")
