from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCoreTermCorrections(TransactionCase):
    """The suite's corrections of Odoo's own Persian terms (i18n_extra) win over
    the core translations, in the templates and in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")

    def _persian_arch(self, xmlid):
        return self.env.ref(xmlid).with_context(lang="fa_IR").arch_db

    def test_template_terms_reapplied_after_core_load(self):
        # Loading portal's own Persian file (an update, a new language) must
        # not leave its untranslated terms: the suite puts its own on top.
        self.env["ir.module.module"]._load_module_terms(
            ["portal"], ["fa_IR"], overwrite=True
        )
        arch = self._persian_arch("portal.frontend_layout")
        self.assertIn("رفتن به محتوا", arch)
        self.assertNotIn("Skip to Content", arch)

    def test_browser_terms_win_whatever_the_module_order(self):
        http = self.env["ir.http"]
        for modules in (["qanat_devices", "web", "mail"], ["mail", "web"]):
            translations, _params = http.get_translations_for_webclient(
                modules, "fa_IR"
            )
            # The browser merges the modules in this order, later ones winning.
            terms = {}
            for content in translations.values():
                terms.update(
                    {
                        message["id"]: message["string"]
                        for message in content["messages"]
                    }
                )
            # Empty in Odoo's mail catalogue.
            self.assertEqual(terms.get("The conversation is empty."), "گفتگو خالی است.")
            # Wrong in Odoo's web catalogue ("archive all").
            self.assertEqual(terms.get("Unarchive All"), "خارج کردن همه از بایگانی")
            for module, content in translations.items():
                if not module.startswith("qanat_"):
                    ids = {message["id"] for message in content["messages"]}
                    self.assertNotIn("Unarchive All", ids, module)

    def test_english_untouched(self):
        translations, _params = self.env["ir.http"].get_translations_for_webclient(
            ["web"], "en_US"
        )
        self.assertNotIn("qanat_devices", translations)
