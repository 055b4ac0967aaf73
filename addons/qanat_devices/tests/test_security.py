from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import NATIONAL_CODES, QanatDevicesCase


@tagged("post_install", "-at_install")
class TestPortalIsolation(QanatDevicesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.device_a = cls._create_device(cls.customer_a, "SEC-A")
        cls.device_b = cls._create_device(cls.customer_b, "SEC-B")
        cls.installation_a = cls._activate(cls.device_a)
        cls.installation_b = cls._create_installation(cls.device_b)
        cls.transfer_b = cls.env["qanat.device.transfer"].create(
            {
                "device_id": cls.device_b.id,
                "new_owner_name": "Buyer",
                "new_owner_national_code": NATIONAL_CODES[3],
                "new_owner_phone": "09125555555",
            }
        )

    def test_portal_reads_only_own_records(self):
        for model, own, other in (
            ("qanat.device", self.device_a, self.device_b),
            ("qanat.installation", self.installation_a, self.installation_b),
        ):
            records = self.env[model].with_user(self.portal_a)
            with self.subTest(model=model):
                self.assertEqual(records.search([]), own)
                with self.assertRaises(AccessError):
                    other.with_user(self.portal_a).read(["id"])
                own.with_user(self.portal_a).read(["id"])
        self.assertFalse(
            self.env["qanat.device.transfer"].with_user(self.portal_a).search([])
        )
        with self.assertRaises(AccessError):
            self.transfer_b.with_user(self.portal_a).read(["new_owner_name"])

    def test_portal_cannot_write_or_delete(self):
        device = self.device_a.with_user(self.portal_a)
        with self.assertRaises(AccessError):
            device.write({"identifier": "HACK"})
        with self.assertRaises(AccessError):
            device.unlink()
        with self.assertRaises(AccessError):
            self.env["qanat.device"].with_user(self.portal_a).create(
                {"partner_id": self.customer_a.id, "identifier": "NEW"}
            )
        with self.assertRaises(AccessError):
            self.installation_a.with_user(self.portal_a).write({"notes": "x"})
        with self.assertRaises(AccessError):
            device.action_set_pay_per_case()
        with self.assertRaises(AccessError):
            self.env["qanat.device.ownership"].with_user(self.portal_a).search([])

    def test_portal_cannot_confirm_other_installation(self):
        with self.assertRaises(AccessError):
            self.installation_b.with_user(self.portal_a).action_confirm()
        self.assertEqual(self.installation_b.state, "draft")

    def test_contacts_of_a_company_share_its_devices(self):
        company = self.env["res.partner"].create(
            {"name": "Clinic", "is_company": True, "legal_national_id": "10380284790"}
        )
        employee = self.env["res.partner"].create(
            {"name": "Clinic Employee", "parent_id": company.id}
        )
        user = new_test_user(
            self.env,
            login="portal_clinic",
            name="Clinic Employee",
            groups="base.group_portal",
            partner_id=employee.id,
        )
        clinic_device = self._create_device(company, "SEC-CLINIC")
        self.assertEqual(
            self.env["qanat.device"].with_user(user).search([]), clinic_device
        )

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        other_device = self.env["qanat.device"].create(
            {
                "partner_id": self.customer_a.id,
                "identifier": "SEC-OTHER-CO",
                "company_id": other_company.id,
            }
        )
        visible = (
            self.env["qanat.device"]
            .with_user(self.user_qanat)
            .search([("identifier", "like", "SEC-")])
        )
        self.assertNotIn(other_device, visible)
        self.assertIn(self.device_a, visible)
        with self.assertRaises(AccessError):
            other_device.with_user(self.user_qanat).read(["identifier"])
        # The customer's portal is limited to the company they belong to.
        self.assertNotIn(
            other_device, self.env["qanat.device"].with_user(self.portal_a).search([])
        )

    def test_device_types_readable_by_portal(self):
        self.assertIn(
            self.device_type,
            self.env["qanat.device.type"].with_user(self.portal_a).search([]),
        )
        with self.assertRaises(AccessError):
            self.device_type.with_user(self.portal_a).write({"name": "x"})
        with self.assertRaises(AccessError):
            self.device_type.with_user(self.user_qanat).write({"name": "x"})
