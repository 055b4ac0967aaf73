from odoo.tests import TransactionCase, tagged

from odoo.addons.qanat_devices.tests.common import PersianTranslationMixin


@tagged("post_install", "-at_install")
class TestTranslations(PersianTranslationMixin, TransactionCase):
    def test_fa_po_is_complete(self):
        self.assert_fa_po_complete("qanat_portal")
