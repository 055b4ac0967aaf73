import datetime

from odoo.tests import BaseCase, tagged

from ..tools import persian


@tagged("post_install", "-at_install")
class TestPersianToolkit(BaseCase):
    def test_national_code(self):
        self.assertTrue(persian.is_valid_national_code("0499370899"))
        self.assertFalse(persian.is_valid_national_code("0684159415"))
        self.assertFalse(persian.is_valid_national_code("1111111111"))
        # Persian digits and separators are accepted, short or long codes are not.
        self.assertTrue(persian.is_valid_national_code("۰۴۹۹۳۷۰۸۹۹"))
        self.assertTrue(persian.is_valid_national_code("049-937089-9"))
        self.assertFalse(persian.is_valid_national_code("499370899"))
        self.assertFalse(persian.is_valid_national_code("04993708990"))
        self.assertFalse(persian.is_valid_national_code("04993a0899"))
        self.assertFalse(persian.is_valid_national_code(""))
        self.assertFalse(persian.is_valid_national_code(False))

    def test_legal_id(self):
        self.assertTrue(persian.is_valid_legal_id("10380284790"))
        self.assertFalse(persian.is_valid_legal_id("11053639140"))
        self.assertFalse(persian.is_valid_legal_id("00000000000"))
        self.assertFalse(persian.is_valid_legal_id("1038028479"))

    def test_economic_code(self):
        self.assertTrue(persian.is_valid_economic_code("10380284790"))
        self.assertTrue(persian.is_valid_economic_code("41148563214785"))
        self.assertFalse(persian.is_valid_economic_code("123456789012"))
        self.assertFalse(persian.is_valid_economic_code("11111111111"))

    def test_postal_code(self):
        self.assertTrue(persian.is_valid_postal_code("1619735744"))
        self.assertTrue(persian.is_valid_postal_code("۱۶۱۹۷-۳۵۷۴۴"))
        self.assertFalse(persian.is_valid_postal_code("0619735744"))
        self.assertFalse(persian.is_valid_postal_code("1111111111"))
        self.assertFalse(persian.is_valid_postal_code("161973574"))

    def test_mobile(self):
        for raw in ("09121234567", "+989121234567", "00989121234567", "9121234567"):
            self.assertEqual(persian.normalize_mobile(raw), "09121234567", raw)
        self.assertEqual(persian.normalize_mobile("۰۹۱۲ ۱۲۳ ۴۵۶۷"), "09121234567")
        self.assertFalse(persian.is_valid_mobile("0912123456"))
        self.assertFalse(persian.is_valid_mobile("02188776655"))
        self.assertFalse(persian.is_valid_mobile("08121234567"))

    def test_sheba(self):
        self.assertTrue(persian.is_valid_sheba("IR820540102680020817909002"))
        self.assertTrue(persian.is_valid_sheba("ir82 0540 1026 8002 0817 9090 02"))
        self.assertFalse(persian.is_valid_sheba("IR820540102680020817909003"))
        self.assertFalse(persian.is_valid_sheba("IR8205401026800208179090"))

    def test_digits(self):
        self.assertEqual(persian.to_persian_digits("1403/01/02"), "۱۴۰۳/۰۱/۰۲")
        self.assertEqual(persian.to_ascii_digits("۱۴۰۳ و ٤٥"), "1403 و 45")
        self.assertEqual(persian.to_persian_digits(False), "")

    def test_jalali_dates(self):
        self.assertEqual(
            persian.format_jalali_date(datetime.date(2024, 3, 20)), "۱۴۰۳/۰۱/۰۱"
        )
        self.assertEqual(
            persian.format_jalali_date("2026-11-22", persian_digits=False),
            "1405/09/01",
        )
        # 20:45 UTC is 00:15 the next day in Tehran (UTC+03:30).
        self.assertEqual(
            persian.format_jalali_datetime(datetime.datetime(2024, 3, 20, 20, 45)),
            "۱۴۰۳/۰۱/۰۲ ۰۰:۱۵",
        )
        self.assertEqual(persian.format_jalali_date(False), "")
        first, last = persian.jalali_year_bounds(datetime.date(2026, 11, 22))
        self.assertEqual(first, datetime.date(2026, 3, 21))
        self.assertEqual(last, datetime.date(2027, 3, 20))

    def test_amounts(self):
        self.assertEqual(
            persian.format_amount(12500000, unit="toman"), "۱٬۲۵۰٬۰۰۰ تومان"
        )
        self.assertEqual(persian.format_amount(12500000), "۱۲٬۵۰۰٬۰۰۰ ریال")
        self.assertEqual(
            persian.format_amount(-1000, persian_digits=False, with_label=False),
            "-1٬000",
        )
        self.assertEqual(persian.rial_to_toman(15), 2)
        self.assertEqual(persian.rial_to_toman(25), 3)
        self.assertEqual(persian.toman_to_rial(1250000), 12500000)

    def test_amount_in_words(self):
        self.assertEqual(
            persian.amount_to_words(1250000), "یک میلیون و دویست و پنجاه هزار ریال"
        )
        self.assertEqual(
            persian.amount_to_words(12500000, unit="toman"),
            "یک میلیون و دویست و پنجاه هزار تومان",
        )
        self.assertEqual(persian.amount_to_words(0), "صفر ریال")
        self.assertEqual(persian.amount_to_words(-1000), "منفی یک هزار ریال")
        self.assertEqual(persian.number_to_words(1250), "یک هزار و دویست و پنجاه")
