from odoo.tests import tagged

from odoo.addons.qanat_devices.tools import persian

from .common import QanatPortalCase


@tagged("post_install", "-at_install")
class TestPages(QanatPortalCase):
    def test_home_dashboard(self):
        announcement = self.env["qanat.announcement"].create(
            {
                "name": "New firmware 4.2",
                "kind": "software_update",
                "summary": "Install firmware 4.2",
                "send_message": False,
            }
        )
        announcement.action_publish()
        self.login(self.portal_a)
        response = self.get("/my")
        self.assertEqual(response.status_code, 200)
        self.assertIn("qanat_announcements_banner", response.text)
        self.assertIn("New firmware 4.2", response.text)
        self.assertIn("qanat_service_status", response.text)
        self.assertIn("o_rtl", response.text)  # right to left

    def test_devices_in_jalali_with_persian_digits(self):
        self.login(self.portal_a)
        response = self.get("/my/devices")
        self.assertEqual(response.status_code, 200)
        for device in (self.a_live, self.a_expired, self.a_pending):
            self.assertIn(device.identifier, response.text)
        jalali = persian.format_jalali_date(self.a_live.service_end)
        self.assertIn(jalali, response.text)
        self.assertNotIn(str(self.a_live.service_end), response.text)
        detail = self.get(f"/my/devices/{self.a_live.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn(persian.format_jalali_date(self.a_live.warranty_end), detail.text)
        self.assertIn(self.a_live.brand, detail.text)
        self.assertIn(self.a_live.model, detail.text)

    def test_english_reader_keeps_gregorian_dates(self):
        self.portal_b.lang = "en_US"
        self.login(self.portal_b)
        response = self.get(f"/my/devices/{self.b_live.id}")
        self.assertNotIn(
            persian.format_jalali_date(self.b_live.service_end), response.text
        )
