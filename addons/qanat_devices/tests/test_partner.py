from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import NATIONAL_CODES, QanatDevicesCase


@tagged("post_install", "-at_install")
class TestPartnerIdentity(QanatDevicesCase):
    def test_national_code_normalised(self):
        partner = self.env["res.partner"].create(
            {"name": "Persian Digits", "national_code": "۶۶۳۶-۲۱۶۰۶۹"}
        )
        self.assertEqual(partner.national_code, "6636216069")

    def test_invalid_national_codes_refused(self):
        for code in ("0684159415", "1111111111", "12345", "abcdefghij"):
            with self.subTest(code=code), self.assertRaises(ValidationError) as error:
                self.env["res.partner"].create({"name": "Bad", "national_code": code})
            self.assertIn("national code", str(error.exception))

    def test_national_code_unique_among_active(self):
        with self.assertRaises(ValidationError) as error:
            self.env["res.partner"].create(
                {"name": "Twin", "national_code": NATIONAL_CODES[0]}
            )
        self.assertIn("Customer A", str(error.exception))
        # An archived partner keeps its code without blocking a new customer.
        archived = self.env["res.partner"].create(
            {"name": "Old", "national_code": NATIONAL_CODES[4], "active": False}
        )
        fresh = self.env["res.partner"].create(
            {"name": "New", "national_code": NATIONAL_CODES[4]}
        )
        self.assertTrue(archived.exists() and fresh.exists())
        with self.assertRaises(ValidationError):
            archived.active = True

    def test_national_code_searchable(self):
        found = self.env["res.partner"].search(
            [("national_code", "=", NATIONAL_CODES[1])]
        )
        self.assertEqual(found, self.customer_b)
        found_view = self.env["res.partner"].search(
            [("national_code", "ilike", NATIONAL_CODES[1][:6])]
        )
        self.assertIn(self.customer_b, found_view)

    def test_legal_id_and_economic_code(self):
        company = self.env["res.partner"].create(
            {
                "name": "Pars Clinic",
                "is_company": True,
                "legal_national_id": "10380284790",
                "economic_code": "10380284790",
            }
        )
        contact = self.env["res.partner"].create(
            {"name": "Clinic Manager", "parent_id": company.id}
        )
        self.assertEqual(contact.economic_code, "10380284790")
        with self.assertRaises(ValidationError):
            company.legal_national_id = "11053639140"
        with self.assertRaises(ValidationError):
            company.economic_code = "123"

    def test_postal_code_and_mobile(self):
        partner = self.env["res.partner"].create(
            {"name": "Mobile", "mobile": "+98 912 345 6789", "zip": "1619735744"}
        )
        self.assertEqual(partner.mobile, "09123456789")
        with self.assertRaises(ValidationError):
            partner.mobile = "0912345"
        with self.assertRaises(ValidationError):
            partner.zip = "0000000000"
        # Foreign customers keep their own formats.
        partner.write(
            {
                "country_id": self.env.ref("base.de").id,
                "zip": "10115",
                "mobile": "+49 1512 3456789",
            }
        )
        self.assertEqual(partner.zip, "10115")

    def test_persian_error_message(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["qanat_devices"], ["fa_IR"])
        partner_fa = self.env["res.partner"].with_context(lang="fa_IR")
        with self.assertRaises(ValidationError) as error:
            partner_fa.create({"name": "Bad", "national_code": "0684159415"})
        self.assertIn("کد ملی", str(error.exception))

    def test_device_count_and_form(self):
        self._create_device(self.customer_a, "CNT-1")
        self._create_device(self.customer_a, "CNT-2")
        partners = self.customer_a | self.customer_b
        partners.invalidate_recordset(["qanat_device_count"])
        self.assertEqual(partners.mapped("qanat_device_count"), [2, 0])
        action = self.customer_a.action_view_qanat_devices()
        self.assertEqual(self.env["qanat.device"].search_count(action["domain"]), 2)
        with Form(self.customer_b.with_user(self.user_qanat)) as form:
            form.device_operator_name = "Operator"
        self.assertEqual(self.customer_b.device_operator_name, "Operator")
