from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from odoo.addons.qanat_devices.tools.dates import company_today

from .common import QanatDevicesCase


@tagged("post_install", "-at_install")
class TestSystemLanguage(QanatDevicesCase):
    """Crons, installation and scripts run without a language in the context: the
    notes they write follow the acting user's language, as Odoo's own _() does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        # The cron's user (OdooBot) of a Persian company reads Persian.
        cls.env.user.lang = "fa_IR"

    def _bodies(self, record):
        return record.message_ids.mapped("body")

    def test_cron_writes_chatter_in_user_language(self):
        device = self._create_device(self.customer_a, "LANG-1")
        self._activate(
            device, installation_date=company_today(self.env) - relativedelta(years=2)
        )
        devices = self.env["qanat.device"].with_context(lang=None)
        devices._cron_expire_services()
        self.assertEqual(device.service_state, "expired")
        expiry = next(
            body
            for body in self._bodies(device)
            if "منقضی" in body or "Expired" in body
        )
        self.assertIn("وضعیت خدمات", expiry)
        self.assertNotIn("Service state", expiry)

    def test_creation_note_names_document_in_user_language(self):
        device = (
            self.env["qanat.device"]
            .with_context(lang=None)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "product_id": self.product.id,
                    "identifier": "LANG-2",
                }
            )
        )
        device.flush_recordset()
        self.assertTrue(any("دستگاه مشتری" in body for body in self._bodies(device)))

    def test_context_language_is_kept(self):
        device = self._create_device(self.customer_a, "LANG-3")
        self._activate(device)
        device.with_context(lang="en_US")._change_service_state(
            "suspended", reason="test"
        )
        self.assertTrue(any("Service state" in body for body in self._bodies(device)))
