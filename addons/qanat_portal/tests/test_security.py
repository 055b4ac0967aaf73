from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.qanat_devices.tests.common import JsonRpcMixin

from .common import QanatPortalCase


@tagged("post_install", "-at_install")
class TestPortalModelSecurity(JsonRpcMixin, QanatPortalCase):
    """The customer area's models through the ORM and JSON-RPC, as a customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        order = cls.env["sale.order"]._qanat_single_product_quotation(
            cls.customer_b, cls.course.product_variant_id
        )
        order.action_confirm()
        cls.b_licence = order.qanat_licence_ids
        cls.article = cls.env["qanat.kb.article"].create({"name": "Draft article"})
        cls.announcement = cls.env["qanat.announcement"].create(
            {"name": "Draft notice", "kind": "legal_notice", "summary": "x"}
        )

    def test_orm_rules(self):
        licences = self.env["qanat.course.licence"].with_user(self.portal_a)
        self.assertFalse(licences.search([]))
        with self.assertRaises(AccessError):
            self.b_licence.with_user(self.portal_a).read(["licence_key"])
        with self.assertRaises(AccessError):
            self.b_licence.with_user(self.portal_b).write({"state": "pending"})
        self.assertFalse(
            self.env["qanat.kb.article"]
            .with_user(self.portal_a)
            .search([("id", "=", self.article.id)])
        )
        with self.assertRaises(AccessError):
            self.env["qanat.proforma.lookup"].with_user(self.portal_a).search([])

    @mute_logger("odoo.http")
    def test_public_methods_refused_over_rpc(self):
        self.authenticate("portal_a", "portal_a")
        calls = [
            ("qanat.kb.article", "action_publish", [self.article.id]),
            ("qanat.announcement", "action_publish", [self.announcement.id]),
            ("qanat.announcement", "action_reset_to_draft", [self.announcement.id]),
            ("qanat.course.licence", "action_retry", [self.b_licence.id]),
            ("qanat.course.licence", "write", [self.b_licence.id]),
        ]
        for model, method, ids in calls:
            with self.subTest(method=f"{model}.{method}"):
                args = [ids, {"state": "issued"}] if method == "write" else [ids]
                answer = self.call_kw(model, method, args)
                self.assertIn("error", answer)
        self.assertFalse(self.article.is_published)
        self.assertEqual(self.announcement.state, "draft")
        self.assertEqual(self.b_licence.state, "pending")


@tagged("post_install", "-at_install")
class TestCustomerPageHeaders(QanatPortalCase):
    def test_customer_pages_cannot_be_framed_by_other_sites(self):
        self.login(self.portal_a)
        for url in ("/my", "/my/devices", "/proforma"):
            with self.subTest(url=url):
                response = self.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.headers.get("X-Frame-Options"), "SAMEORIGIN")
                self.assertIn(
                    "frame-ancestors 'self'",
                    response.headers.get("Content-Security-Policy", ""),
                )
                self.assertEqual(response.headers.get("Referrer-Policy"), "same-origin")
                self.assertEqual(
                    response.headers.get("X-Content-Type-Options"), "nosniff"
                )
