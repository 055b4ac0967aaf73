from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import NATIONAL_CODES, create_device, create_installation


@tagged("post_install", "-at_install")
class TestJalaliNumbers(TransactionCase):
    """References a customer reads carry the Jalali year, not the Gregorian one."""

    def test_installation_number_has_the_jalali_year(self):
        customer = self.env["res.partner"].create(
            {"name": "Numbered Customer", "national_code": NATIONAL_CODES[2]}
        )
        device = create_device(self.env, customer, "JALALI-NUM-1")
        with freeze_time("2026-12-03 08:00:00"):
            installation = create_installation(self.env, device)
        self.assertRegex(installation.name, r"^INS/1405/\d{5}$")

    def test_sequence_date_and_new_year(self):
        sequence = self.env.ref("qanat_devices.seq_qanat_device_transfer")
        # 20 March 2026 is 29 Esfand 1404; Nowruz 1405 starts at Tehran midnight.
        self.assertTrue(
            sequence.with_context(ir_sequence_date="2026-03-20")
            .next_by_id()
            .startswith("TRF/1404/")
        )
        with freeze_time("2026-03-20 20:31:00"):  # 00:01 on 1 Farvardin, Tehran
            self.assertTrue(sequence.next_by_id().startswith("TRF/1405/"))
        sequence.prefix = "TRF/%(year)s/"  # Odoo's own placeholders still work
        self.assertTrue(
            sequence.with_context(ir_sequence_date="2026-03-20")
            .next_by_id()
            .startswith("TRF/2026/")
        )
