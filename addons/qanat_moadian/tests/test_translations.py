from odoo.tests import TransactionCase, tagged

from odoo.addons.qanat_devices.tests.common import PersianTranslationMixin


@tagged("post_install", "-at_install")
class TestPersianTranslations(PersianTranslationMixin, TransactionCase):
    def test_fa_po_translates_every_term(self):
        self.assert_fa_po_complete("qanat_moadian")
