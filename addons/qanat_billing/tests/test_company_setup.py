import datetime

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestIranianCompanySetup(TransactionCase):
    """The one action that makes a company Iranian, on a company with Odoo's
    generic chart (what a new Iranian database gets: Odoo has no Iranian chart)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.usd = cls.env.ref("base.USD")
        cls.rial = cls.env.ref("base.IRR")
        cls.company = cls._new_company("Iranian Test Co")
        cls.env.user.company_ids |= cls.company

    @classmethod
    def _new_company(cls, name):
        company = cls.env["res.company"].create(
            {"name": name, "currency_id": cls.usd.id}
        )
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=company, install_demo=False
        )
        return company

    def _invoice(self, company, on_date, price=1000.0):
        move = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "company_id": company.id,
                    "partner_id": self.env["res.partner"].create({"name": "Buyer"}).id,
                    "invoice_date": on_date,
                    "date": on_date,
                    "invoice_line_ids": [
                        Command.create({"name": "Service", "price_unit": price})
                    ],
                }
            )
        )
        move.action_post()
        return move

    def test_company_becomes_iranian(self):
        self.company.paperformat_id = self.env.ref("base.paperformat_us")
        self.company._qanat_setup_iran(vat_rate=10)
        company = self.company
        self.assertEqual(company.currency_id, self.rial)
        self.assertEqual(self.rial.rounding, 1.0)
        self.assertEqual(company.country_id, self.env.ref("base.ir"))
        self.assertEqual(company.partner_id.tz, "Asia/Tehran")
        self.assertEqual(company.partner_id.lang, "fa_IR")
        self.assertTrue(self.env["res.lang"]._lang_get("fa_IR").active)
        self.assertEqual(
            company.resource_calendar_id,
            self.env.ref("qanat_helpdesk.resource_calendar_iran_support"),
        )
        self.assertEqual(
            (company.fiscalyear_last_month, company.fiscalyear_last_day), ("3", 20)
        )
        sale_tax = company.account_sale_tax_id
        self.assertEqual((sale_tax.amount, sale_tax.type_tax_use), (10, "sale"))
        self.assertFalse(sale_tax.price_include)
        self.assertEqual(company.account_purchase_tax_id.amount, 10)
        self.assertIn("ارزش افزوده", sale_tax.with_context(lang="fa_IR").name)
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
        )
        self.assertEqual(journal.code, "ف")
        self.assertTrue(journal.qanat_jalali_sequence)
        self.assertEqual(journal.with_context(lang="fa_IR").name, "فروش")
        self.assertTrue(company.qanat_iranian_setup_date)
        self.assertEqual(company.paperformat_id, self.env.ref("base.paperformat_euro"))

    def test_settings_action_makes_persian_the_default_language(self):
        self.company.action_qanat_setup_iran()
        self.assertEqual(
            self.env["ir.default"]._get(
                "res.partner", "lang", company_id=self.company.id
            ),
            "fa_IR",
        )
        partner = (
            self.env["res.partner"]
            .with_company(self.company)
            .create({"name": "New customer"})
        )
        self.assertEqual(partner.lang, "fa_IR")

    def test_chosen_paper_format_is_kept(self):
        a5 = self.env["report.paperformat"].create({"name": "A5", "format": "A5"})
        self.company.paperformat_id = a5
        self.company._qanat_setup_iran(vat_rate=10)
        self.assertEqual(self.company.paperformat_id, a5)

    def test_setup_twice_duplicates_nothing(self):
        self.company._qanat_setup_iran(vat_rate=10)
        taxes = self.env["account.tax"].with_context(active_test=False)
        domain = [("company_id", "=", self.company.id)]
        count = taxes.search_count(domain)
        self.company._qanat_setup_iran(vat_rate=10)
        self.assertEqual(taxes.search_count(domain), count)

    def test_existing_vat_tax_is_reused(self):
        """A chart that already has the VAT (e.g. OCA's l10n_ir_account) keeps it."""
        existing = self.company.account_sale_tax_id.copy(
            {"name": "مالیات بر ارزش افزوده فروش ۱۰٪", "amount": 10}
        )
        self.company._qanat_setup_iran(vat_rate=10)
        self.assertEqual(self.company.account_sale_tax_id, existing)
        self.assertEqual(
            self.env["account.tax"].search_count(
                [
                    ("company_id", "=", self.company.id),
                    ("type_tax_use", "=", "sale"),
                    ("amount", "=", 10),
                ]
            ),
            1,
        )

    def test_products_move_to_the_vat(self):
        old_tax = self.company.account_sale_tax_id
        product = (
            self.env["product.template"]
            .with_company(self.company)
            .create({"name": "Service visit", "taxes_id": [Command.set(old_tax.ids)]})
        )
        self.company._qanat_setup_iran(vat_rate=10)
        own_taxes = product.taxes_id.filtered(lambda t: t.company_id == self.company)
        self.assertEqual(own_taxes, self.company.account_sale_tax_id)

    def test_invoice_numbers_follow_the_jalali_year(self):
        self.company._qanat_setup_iran(vat_rate=10)
        # 2026-12-02 is 11 Azar 1405; 2027-03-20 is 29 Esfand 1405, the day before
        # 1 Farvardin 1406.
        first = self._invoice(self.company, datetime.date(2026, 12, 2))
        second = self._invoice(self.company, datetime.date(2027, 3, 20))
        new_year = self._invoice(self.company, datetime.date(2027, 3, 21))
        self.assertEqual(first.name, "ف/1405/00001")
        self.assertEqual(second.name, "ف/1405/00002")
        self.assertEqual(new_year.name, "ف/1406/00001")
        refund = first._reverse_moves()
        refund.action_post()
        self.assertTrue(refund.name.endswith("/1405/00001"), refund.name)

    def test_company_with_foreign_entries_is_refused(self):
        company = self._new_company("US Books Co")
        self.env.user.company_ids |= company
        self._invoice(company, datetime.date(2026, 12, 1))
        with self.assertRaisesRegex(UserError, "USD"):
            company._qanat_setup_iran()
        self.assertEqual(company.currency_id, self.usd)

    def test_only_administrators_run_the_action(self):
        user = self.env["res.users"].create(
            {
                "name": "Accountant",
                "login": "setup_accountant",
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("account.group_account_manager").id,
                        ]
                    )
                ],
                "company_ids": [Command.set(self.company.ids)],
                "company_id": self.company.id,
            }
        )
        with self.assertRaises(UserError):
            self.company.with_user(user).action_qanat_setup_iran()

    def test_demo_company_is_iranian(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.currency_id, self.rial)
        self.assertEqual(company.partner_id.economic_code, "10320841002")
        self.assertEqual(company.account_sale_tax_id.amount, 10)
        invoice = self.env.ref("qanat_billing.invoice_overdue")
        self.assertRegex(invoice.name, r"^ف/14\d\d/\d{5}$")
        self.assertEqual(invoice.currency_id, self.rial)


@tagged("post_install", "-at_install")
class TestShebaAccounts(TransactionCase):
    def test_iranian_accounts_are_valid_shebas(self):
        partner = self.env["res.partner"].create({"name": "Sheba owner"})
        accounts = self.env["res.partner.bank"]
        valid = accounts.create(
            {"partner_id": partner.id, "acc_number": "IR03 0120 0000 0402 1345 6789 01"}
        )
        self.assertTrue(valid)
        for wrong in ("IR030120000004021345678902", "IR0301200000040213456789"):
            with self.subTest(number=wrong), self.assertRaises(ValidationError):
                accounts.create({"partner_id": partner.id, "acc_number": wrong})
        # Accounts of other countries are Odoo's business.
        self.assertTrue(
            accounts.create(
                {"partner_id": partner.id, "acc_number": "DE89370400440532013000"}
            )
        )
