"""Users of Odoo's standard Sales and Accounting groups, without any after-sales
right, work as they would without Qanat."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import QanatBillingCase

STANDARD_GROUPS = {
    "Sales / User": "sales_team.group_sale_salesman",
    "Sales / Administrator": "sales_team.group_sale_manager",
    "Invoicing / Billing": "account.group_account_invoice",
    "Accounting / Accountant": "account.group_account_user",
}


@tagged("post_install", "-at_install")
class TestStandardOdooUsers(QanatBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.standard_users = {
            name: new_test_user(
                cls.env,
                login=f"std_{group.rsplit('.', 1)[1]}",
                # Odoo's default user template gives Contact Creation to all.
                groups=f"base.group_user,base.group_partner_manager,{group}",
            )
            for name, group in STANDARD_GROUPS.items()
        }
        for user in cls.standard_users.values():
            assert not user.has_group("qanat_devices.group_qanat_user")
        # A customer Qanat follows for its device (no identity number on file),
        # with the Didar sync switched on.
        cls.device_owner = cls.env["res.partner"].create(
            {"name": "Device Owner", "mobile": "09125556677"}
        )
        cls._create_device(cls.device_owner, "STD-USERS-1")
        cls.env["ir.config_parameter"].sudo().set_param("qanat.didar.enabled", "True")
        cls.service = cls.env["product.product"].create(
            {"name": "Dental chair repair", "type": "service", "list_price": 1_000_000}
        )

    def _quotation(self, user, **values):
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "order_line": [Command.create({"product_id": self.service.id})],
                }
                | values
            )
        )

    def test_they_edit_customers(self):
        """Name, e-mail, phone and mobile of a customer with a device (whose
        Didar sync reads its devices) are theirs to change."""
        for name, user in self.standard_users.items():
            with self.subTest(user=name):
                self.env.invalidate_all()  # read as the user, not from the cache
                customer = self.device_owner.with_user(user)
                customer.write(
                    {
                        "name": f"Device Owner ({name})",
                        "email": "owner@example.com",
                        "phone": "02188776655",
                        "mobile": "09123334455",
                    }
                )
                self.assertEqual(self.device_owner.name, f"Device Owner ({name})")
        jobs = self.env["qanat.crm.sync.job"].search(
            [("partner_id", "=", self.device_owner.id)]
        )
        self.assertTrue(jobs, "Didar still learns of the change")

    def test_they_read_orders_without_a_field_list(self):
        """RPC integrations read every field of an order, licences included."""
        for name in ("Sales / User", "Sales / Administrator"):
            with self.subTest(user=name):
                user = self.standard_users[name]
                order = self._quotation(user)
                values = order.with_user(user).read()[0]
                self.assertEqual(values["id"], order.id)
                self.assertNotIn("qanat_licence_ids", values)

    def test_quotation_validity_is_the_companys(self):
        user = self.standard_users["Sales / User"]
        # Odoo dates a quotation by its author's day (their time zone).
        today = fields.Date.context_today(user)
        self.env.company.quotation_validity_days = 0
        self.assertFalse(self._quotation(user).validity_date, "0 never expires")
        self.env.company.quotation_validity_days = 30
        self.assertEqual(
            self._quotation(user).validity_date, today + timedelta(days=30)
        )

    @freeze_time("2026-11-26 06:30:00")  # Thursday
    def test_qanat_proformas_keep_their_working_days(self):
        self.env.company.quotation_validity_days = 30
        renewal = self._renewal_order(self._expired_device("STD-USERS-EXP"))
        self.assertTrue(renewal.qanat_proforma)
        self.assertEqual(renewal.validity_date, date(2026, 12, 3))
        # A quotation sent with its payment link becomes a pro-forma.
        quotation = self._quotation(self.standard_users["Sales / User"])
        self.assertEqual(quotation.validity_date, date(2026, 12, 26))
        quotation.action_qanat_send_payment_link()
        self.assertTrue(quotation.qanat_proforma)
        self.assertEqual(quotation.validity_date, date(2026, 12, 3))
        # 0 working days: Odoo's own validity.
        self.env.company.qanat_proforma_validity_days = 0
        renewal = self._renewal_order(self._expired_device("STD-USERS-EXP2"))
        self.assertEqual(renewal.validity_date, date(2026, 12, 26))

    def test_automatic_invoice_is_the_companys_choice(self):
        params = self.env["ir.config_parameter"].sudo()
        self.assertFalse(params.get_param("sale.automatic_invoice"))
        quotation = self._quotation(self.standard_users["Sales / User"])
        self._pay_online(quotation, "std")
        self.assertEqual(quotation.state, "sale")
        self.assertFalse(quotation.invoice_ids, "Odoo's setting is off")
        renewal = self._renewal_order(self._expired_device("STD-USERS-PAID"))
        self._pay_online(renewal, "std")
        self.assertEqual(renewal.state, "sale")
        self.assertEqual(renewal.invoice_ids.state, "posted")
        self.assertIn(renewal.invoice_ids.payment_state, ("paid", "in_payment"))

    def test_they_register_payments(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer_a.id,
                "invoice_line_ids": [
                    Command.create({"product_id": self.service.id, "price_unit": 500})
                ],
            }
        )
        invoice.action_post()
        for name in ("Invoicing / Billing", "Accounting / Accountant"):
            with self.subTest(user=name):
                user = self.standard_users[name]
                self.env["account.payment.register"].with_user(user).with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create({"amount": 100})._create_payments()
        self.assertAlmostEqual(invoice.amount_residual, invoice.amount_total - 200)
