from odoo import api, models

from ..tools import core_terms


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(
        self, modules, langs, overwrite=False, imported_module=False
    ):
        super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        # Loading a core module's Persian file (install, update, a new language)
        # brings back its wrong terms: put the suite's corrections back on top.
        core_terms.apply_corrections(self.env, langs)

    @api.model
    def _qanat_load_terms_for_demo(self, module_name):
        """Load a module's translations before its demo data.

        Odoo loads them after the demo, so the demo records' chatter would name
        the documents in English ("Customer Device created").
        """
        langs = [
            code
            for code, _name in self.env["res.lang"].get_installed()
            if code != "en_US"
        ]
        if langs:
            self._load_module_terms([module_name], langs)
