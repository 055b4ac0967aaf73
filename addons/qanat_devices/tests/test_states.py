from odoo.tests import TransactionCase, tagged
from odoo.tools import convert_file

STATE_FILE = "data/res_country_state_data.xml"


@tagged("post_install", "-at_install")
class TestIranStates(TransactionCase):
    def _iran_states(self):
        return self.env["res.country.state"].search(
            [("country_id", "=", self.env.ref("base.ir").id)]
        )

    def _load_state_file(self, mode):
        convert_file(self.env, "qanat_devices", STATE_FILE, {}, mode=mode, kind="data")

    def test_31_provinces_with_iso_codes(self):
        states = self._iran_states()
        self.assertEqual(len(states), 31)
        self.assertEqual(sorted(states.mapped("code")), [f"{n:02d}" for n in range(31)])
        for state in states:
            self.assertEqual(
                self.env.ref(f"qanat_devices.state_ir_{state.code}"), state
            )
        tehran = self.env.ref("qanat_devices.state_ir_23")
        self.assertEqual(tehran.name, "تهران")
        self.assertEqual(self.env.ref("qanat_devices.state_ir_09").name, "خراسان رضوی")
        self.assertEqual(self.env.ref("qanat_devices.state_ir_30").name, "البرز")
        self.assertEqual(self.env.ref("qanat_devices.state_ir_00").name, "مرکزی")

    def test_iranian_address_names_the_province(self):
        partner = self.env["res.partner"].create(
            {
                "name": "Address test",
                "street": "Valiasr Street 12",
                "city": "Tehran",
                "zip": "1513843411",
                "state_id": self.env.ref("qanat_devices.state_ir_23").id,
                "country_id": self.env.ref("base.ir").id,
            }
        )
        address = partner._display_address(without_company=True)
        self.assertIn("Tehran تهران 1513843411", address)
        self.assertNotIn(" 23 ", address)

    def test_province_of_another_module_is_adopted(self):
        """A province created by another module (same code, no Qanat XML id) is
        reused by an install or an update: no duplicate-key error, no twin."""
        for mode in ("init", "update"):
            with self.subTest(mode=mode):
                alborz = self.env.ref("qanat_devices.state_ir_30")
                self.env["ir.model.data"].search(
                    [("module", "=", "qanat_devices"), ("name", "=", "state_ir_30")]
                ).unlink()
                alborz.name = "Alborz"  # as l10n_ir_states would name it
                self.env.registry.clear_cache()
                self._load_state_file(mode)
                self.assertEqual(len(self._iran_states()), 31)
                self.assertEqual(self.env.ref("qanat_devices.state_ir_30"), alborz)
                # An install gives it the Persian name, an update leaves it.
                expected = "البرز" if mode == "init" else "Alborz"
                self.assertEqual(alborz.name, expected)

    def test_reload_is_idempotent(self):
        tehran = self.env.ref("qanat_devices.state_ir_23")
        tehran.name = "تهران بزرگ"
        self._load_state_file("update")
        self.assertEqual(len(self._iran_states()), 31)
        self.assertEqual(tehran.name, "تهران بزرگ", "noupdate: a manual rename stays")
