import datetime

from lxml import html

from odoo.tests import tagged

from odoo.addons.qanat_devices.tools import persian

from .common import QanatPortalCase


@tagged("post_install", "-at_install")
class TestSupportPackagesPage(QanatPortalCase):
    """Customers see their support-hour packages (hours left, Jalali validity)
    and buy one, paid online like any pro-forma."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.package_product = cls.env["product.template"].create(
            {
                "name": "10 support hours",
                "type": "service",
                "list_price": 30_000_000,
                "qanat_plan_kind": "support_hours",
                "qanat_support_hours": 10,
            }
        )
        Package = cls.env["qanat.support.package"]
        cls.a_package = Package.create(
            {
                "partner_id": cls.customer_a.id,
                "hours": 10,
                "valid_from": datetime.date(2026, 3, 21),  # 1 Farvardin 1405
            }
        )
        cls.b_package = Package.create(
            {"partner_id": cls.customer_b.id, "hours": 77, "valid_from": "2026-03-21"}
        )

    def test_own_packages_with_jalali_validity(self):
        self.login(self.portal_a)
        response = self.get("/my/packages")
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        rows = page.xpath("//tr[contains(@class, 'o_qanat_package')]")
        self.assertEqual(
            [row.get("data-package-id") for row in rows], [str(self.a_package.id)]
        )
        until = rows[0].xpath(".//td[contains(@class, 'o_qanat_package_until')]")
        # One Jalali year: the last day of Esfand 1405.
        self.assertIn(persian.to_persian_digits("1405/12/29"), until[0].text_content())
        left = rows[0].xpath(".//td[contains(@class, 'o_qanat_package_left')]")
        self.assertEqual(left[0].text_content().strip(), "۱۰")
        self.assertNotIn("77", "".join(row.text_content() for row in rows))
        self.assertTrue(
            page.xpath(
                f"//*[@data-product-id='{self.package_product.id}']"
                "//button[contains(@class, 'o_qanat_buy_package')]"
            )
        )

    def test_buy_a_package(self):
        self.login(self.portal_a)
        response = self.post(f"/my/packages/{self.package_product.id}/buy")
        self.assertEqual(response.status_code, 303)
        order = self.env["sale.order"].search(
            [
                ("partner_id", "=", self.customer_a.id),
                (
                    "order_line.product_id",
                    "=",
                    self.package_product.product_variant_id.id,
                ),
            ]
        )
        self.assertEqual(len(order), 1)
        self.assertIn(f"/my/orders/{order.id}", response.headers["Location"])
        # Buying again reuses the open quotation.
        self.post(f"/my/packages/{self.package_product.id}/buy")
        self.assertEqual(
            self.env["sale.order"].search_count(
                [
                    (
                        "order_line.product_id",
                        "=",
                        self.package_product.product_variant_id.id,
                    )
                ]
            ),
            1,
        )
        for product_id in (self.plan_1y.product_tmpl_id.id, 10**6):
            with self.subTest(product_id=product_id):
                response = self.post(f"/my/packages/{product_id}/buy")
                self.assertEqual(response.status_code, 404)
