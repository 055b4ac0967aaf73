from lxml import html

from odoo.tests import HttpCase, tagged

from ..tools import persian
from .common import QanatDevicesCase

REPORT = "qanat_devices.report_installation_confirmation"


@tagged("post_install", "-at_install")
class TestInstallationReport(QanatDevicesCase, HttpCase):
    """The installation confirmation prints as a Persian form from the frozen
    record: Jalali dates, the checklist, who confirmed when, the hash."""

    def _html(self, installation):
        content, _format = self.env["ir.actions.report"]._render_qweb_html(
            REPORT, installation.ids
        )
        return html.fromstring(content)

    def _text(self, tree, css_class):
        return [
            " ".join(node.text_content().split())
            for node in tree.xpath(f"//*[contains(@class, '{css_class}')]")
        ]

    def test_confirmed_form(self):
        device = self._create_device(self.customer_a, "PDF-SERIAL-1")
        installation = self._create_installation(
            device, installed_by="رضا نصاب", installation_date="2026-11-22"
        )
        installation.action_confirm()
        tree = self._html(installation)
        self.assertEqual(self._text(tree, "qanat-installation-date"), ["۱۴۰۵/۰۹/۰۱"])
        self.assertEqual(self._text(tree, "qanat-device-identifier"), ["PDF-SERIAL-1"])
        self.assertEqual(self._text(tree, "qanat-technician"), ["رضا نصاب"])
        self.assertEqual(self._text(tree, "qanat-hash"), [installation.content_hash])
        self.assertEqual(
            self._text(tree, "qanat-confirmed-at"),
            [
                persian.format_jalali_datetime(
                    installation.confirmed_at,
                    self.env.company.partner_id.tz or "Asia/Tehran",
                )
            ],
        )
        items = tree.xpath("//tr[contains(@class, 'qanat-checklist-item')]")
        self.assertEqual(len(items), 4)
        self.assertEqual({item.get("data-done") for item in items}, {"1"})
        self.assertIn("یکسان است", self._text(tree, "qanat-integrity")[0])
        self.assertFalse(tree.xpath("//*[contains(@class, 'qanat-not-confirmed')]"))

    def test_draft_form_says_it_is_not_confirmed(self):
        device = self._create_device(self.customer_a, "PDF-SERIAL-2")
        installation = self._create_installation(device, item_training_given=False)
        tree = self._html(installation)
        self.assertTrue(tree.xpath("//*[contains(@class, 'qanat-not-confirmed')]"))
        self.assertFalse(tree.xpath("//table[contains(@class, 'qanat-confirmation')]"))
        done = [
            item.get("data-done")
            for item in tree.xpath("//tr[contains(@class, 'qanat-checklist-item')]")
        ]
        self.assertEqual(done.count("0"), 1)

    def test_pdf_is_rendered(self):
        device = self._create_device(self.customer_a, "PDF-SERIAL-3")
        installation = self._create_installation(device)
        installation.action_confirm()
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _format = report._render_qweb_pdf(REPORT, installation.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))
