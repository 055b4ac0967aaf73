from odoo import models

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
