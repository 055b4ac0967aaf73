from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.qanat_devices.tests.common import JsonRpcMixin
from odoo.addons.qanat_devices.tools import persian

from .common import QanatPortalCase


@tagged("post_install", "-at_install")
class TestAccounts(JsonRpcMixin, QanatPortalCase):
    """Accounts come from an administrator; customers read, never edit, identity."""

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http")
    def test_no_self_signup(self):
        response = self.get("/web/signup")
        self.assertEqual(response.status_code, 404)
        response = self.post(
            "/web/signup",
            {"login": "intruder@example.com", "name": "X", "password": "secret-123"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(
            self.env["res.users"].search([("login", "=", "intruder@example.com")])
        )

    def test_password_reset_works(self):
        self.assertEqual(self.get("/web/reset_password").status_code, 200)
        response = self.post("/web/reset_password", {"login": self.portal_a.login})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.portal_a.partner_id.signup_type == "reset")

    def test_details_form_is_read_only(self):
        self.login(self.portal_a)
        response = self.get("/my/account")
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my/profile"))
        self.post("/my/account", {"name": "Hacker", "email": "x@example.com"})
        self.assertEqual(self.customer_a.name, "Customer A")
        self.assertEqual(self.customer_a.email, "a@example.com")

    def test_company_may_let_customers_edit_their_details(self):
        self.env.company.qanat_portal_details_editable = True
        self.login(self.portal_a)
        response = self.get("/my/account")
        self.assertEqual(response.status_code, 200)
        home = self.get("/my")
        self.assertIn('href="/my/account"', home.text)
        self.assertIn('href="/my/profile"', home.text)
        self.env.company.qanat_portal_details_editable = False
        home = self.get("/my")
        self.assertNotIn('href="/my/account"', home.text)

    @mute_logger("odoo.http")
    def test_identity_cannot_be_changed_by_rpc(self):
        self.login(self.portal_a)
        answer = self.call_kw(
            "res.users", "write", [[self.portal_a.id], {"name": "Renamed"}]
        )
        self.assertIn("error", answer)
        answer = self.call_kw(
            "res.partner",
            "write",
            [[self.customer_a.id], {"national_code": "0499370899"}],
        )
        self.assertIn("error", answer)
        self.assertEqual(self.customer_a.name, "Customer A")
        # Preferences that are not identity stay the user's own.
        answer = self.call_kw(
            "res.users", "write", [[self.portal_a.id], {"tz": "Asia/Tehran"}]
        )
        self.assertNotIn("error", answer)

    @mute_logger("odoo.http")
    def test_national_codes_are_no_oracle(self):
        """Writing or creating a partner with another customer's national code
        over RPC tells a customer nothing about whose code it is."""
        self.login(self.portal_a)
        taken = self.customer_b.national_code
        for model, method, args in (
            ("res.partner", "write", [[self.customer_a.id], {"national_code": taken}]),
            ("res.partner", "create", [{"name": "Probe", "national_code": taken}]),
        ):
            with self.subTest(method=method):
                answer = self.call_kw(model, method, args)
                self.assertIn("error", answer)
                text = str(answer["error"])
                self.assertNotIn(self.customer_b.name, text)
                self.assertNotIn("already used", text)
        self.assertNotEqual(self.customer_a.national_code, taken)

    def test_profile_shows_identity_in_persian(self):
        self.customer_a.write(
            {
                "device_operator_name": "Dr. Operator",
                "city": "Tehran",
                "street": "Valiasr",
            }
        )
        self.login(self.portal_a)
        response = self.get("/my/profile")
        self.assertEqual(response.status_code, 200)
        text = self.text_of(response)
        self.assertIn(persian.to_persian_digits(self.customer_a.national_code), text)
        self.assertIn("Dr. Operator", text)
        self.assertIn("Valiasr", text)
        self.assertIn("o_rtl", response.text)  # right to left
        self.assertNotIn('name="national_code"', response.text)  # no form field
