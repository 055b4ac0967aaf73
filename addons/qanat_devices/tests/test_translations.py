import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

MODULE = "qanat_devices"


@tagged("post_install", "-at_install")
class TestPersianTranslations(TransactionCase):
    def test_fa_po_translates_every_term(self):
        """Every term Odoo would export for the module has a Persian translation."""
        po_path = os.path.join(get_module_path(MODULE), "i18n", "fa.po")
        translated = {
            entry.msgid
            for entry in polib.pofile(po_path)
            if entry.msgstr.strip()
            and not entry.obsolete
            and "fuzzy" not in entry.flags
        }
        reader = TranslationModuleReader(self.env.cr, modules=[MODULE])
        missing = sorted(
            {source for _m, _t, _n, _r, source, _v, _c in reader} - translated
        )
        self.assertFalse(
            missing,
            "Terms without a Persian translation in i18n/fa.po "
            "(export the .pot and translate them):\n" + "\n".join(missing),
        )
