import datetime

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import QanatBillingCase


@tagged("post_install", "-at_install")
class TestPhoneSupport(QanatBillingCase):
    """Phone support time is logged by support staff and deducted from the
    customer's valid packages, oldest first; more than is left is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Package = cls.env["qanat.support.package"]
        cls.old = Package.create(
            {"partner_id": cls.customer_a.id, "hours": 2, "valid_from": "2026-01-10"}
        )
        cls.new = Package.create(
            {"partner_id": cls.customer_a.id, "hours": 5, "valid_from": "2026-06-01"}
        )
        cls.expired = Package.create(
            {"partner_id": cls.customer_a.id, "hours": 9, "valid_from": "2024-01-01"}
        )
        cls.agent = new_test_user(
            cls.env, login="phone_agent", groups="qanat_devices.group_qanat_user"
        )

    def _log(self, hours, user=None):
        wizard = (
            self.env["qanat.phone.support.wizard"]
            .with_user(user or self.agent)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "hours": hours,
                    "date": datetime.date(2026, 12, 1),
                    "description": "Calibration over the phone",
                }
            )
        )
        return wizard, wizard.action_log()

    def test_call_deducted_oldest_package_first(self):
        wizard, _action = self._log(3)
        self.assertEqual(wizard.hours_left, 4)
        self.assertEqual((self.old.hours_left, self.new.hours_left), (0, 4))
        self.assertEqual(self.expired.hours_left, 9)
        uses = self.env["qanat.support.package.use"].search(
            [("partner_id", "=", self.customer_a.id)]
        )
        self.assertEqual(set(uses.mapped("channel")), {"phone"})
        self.assertEqual(sorted(uses.mapped("hours")), [1, 2])
        self.assertEqual(uses.user_id, self.agent)

    def test_more_than_left_is_refused(self):
        with self.assertRaises(UserError) as error:
            self._log(8)
        self.assertIn("7", str(error.exception))
        self.assertEqual(self.new.hours_left, 5)
        with self.assertRaises(UserError):
            self._log(0)

    def test_only_support_staff_log_calls(self):
        portal = new_test_user(
            self.env, login="phone_portal", groups="base.group_portal"
        )
        with self.assertRaises(UserError):
            self.env["qanat.support.package"].with_user(portal)._log_phone_support(
                self.customer_a, 1, "x", datetime.date(2026, 12, 1)
            )
