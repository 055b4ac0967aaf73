from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestAccountTermCorrections(TransactionCase):
    def test_wrong_core_terms_corrected_after_overwrite(self):
        """Odoo's account catalogue says «تعداد فاکتور» ("number of invoices")
        for the invoice number column; reloading it with overwrite (what an
        update with --i18n-overwrite does) keeps the suite's correction."""
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(
            ["account"], ["fa_IR"], overwrite=True
        )
        arch = (
            self.env.ref("account.portal_my_invoices")
            .with_context(lang="fa_IR")
            .arch_db
        )
        self.assertIn("شماره فاکتور", arch)
        self.assertNotIn("تعداد فاکتور", arch)
        menu = (
            self.env.ref("account.portal_my_home_menu_invoice")
            .with_context(lang="fa_IR")
            .arch_db
        )
        self.assertNotIn("قیض", menu)
