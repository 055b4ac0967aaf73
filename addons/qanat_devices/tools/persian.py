"""Persian and Iranian helpers: Jalali dates, Persian digits, Rial/Toman amounts,
amounts in words and validators for Iranian identifiers.

Pure functions with no Odoo dependency, so billing, helpdesk, the portal and QWeb
reports can share them. Validation rules come from persian-tools where it has them.
"""

import datetime
import math
import re
import unicodedata

import jdatetime
import pytz
from persian_tools import digits as fa_digits
from persian_tools import legal_id as fa_legal_id
from persian_tools import national_id as fa_national_id
from persian_tools import phone_number as fa_phone
from persian_tools.bank import sheba as fa_sheba

PERSIAN_THOUSANDS_SEPARATOR = "\u066c"  # «٬»
RIAL_LABEL = "ریال"
TOMAN_LABEL = "تومان"
RIALS_PER_TOMAN = 10

_ARABIC_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_MOBILE_RE = re.compile(r"^(?:\+98|0098|98|0)?(9\d{9})$")
# Iranian postal codes: 10 digits, the first five never contain 0 or 2 and the
# first four are not one repeated digit (Iran Post's published format).
_POSTAL_CODE_RE = re.compile(r"^(?!(\d)\1{3})[13-9]{4}[1346-9][013-9]{5}$")
_SEPARATORS_RE = re.compile(r"[\s\-_./\u200c]+")


# -- digits ---------------------------------------------------------------


def to_ascii_digits(value):
    """Return ``value`` as a string with Persian and Arabic digits made ASCII."""
    if value is None or value is False:
        return ""
    text = str(value)
    return fa_digits.convert_to_en(text).translate(_ARABIC_TO_ASCII)


def to_persian_digits(value):
    """Return ``value`` as a string with ASCII digits written in Persian."""
    if value is None or value is False:
        return ""
    return fa_digits.convert_to_fa(str(value))


def only_digits(value):
    """ASCII digits of ``value`` with spaces, dashes, dots and slashes removed."""
    return _SEPARATORS_RE.sub("", to_ascii_digits(value).strip())


# -- dates ----------------------------------------------------------------


def _as_date_or_datetime(value):
    if isinstance(value, str):
        value = value.strip()
        if len(value) > 10:
            return datetime.datetime.fromisoformat(value)
        return datetime.date.fromisoformat(value)
    return value


def format_jalali_date(value, date_format="%Y/%m/%d", persian_digits=True):
    """Format a Gregorian date (or ISO string) as a Jalali date.

    >>> format_jalali_date(datetime.date(2024, 3, 20))
    '۱۴۰۳/۰۱/۰۱'
    """
    if not value:
        return ""
    value = _as_date_or_datetime(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    text = jdatetime.date.fromgregorian(date=value).strftime(date_format)
    return to_persian_digits(text) if persian_digits else text


def format_jalali_datetime(
    value, tz_name="Asia/Tehran", datetime_format="%Y/%m/%d %H:%M", persian_digits=True
):
    """Format a naive UTC datetime (Odoo's storage) as Jalali in ``tz_name``."""
    if not value:
        return ""
    value = _as_date_or_datetime(value)
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    if value.tzinfo is None:
        value = pytz.utc.localize(value)
    local = value.astimezone(pytz.timezone(tz_name or "Asia/Tehran"))
    text = jdatetime.datetime.fromgregorian(datetime=local).strftime(datetime_format)
    return to_persian_digits(text) if persian_digits else text


def jalali_year(value=None):
    """The Jalali year of a Gregorian date (today when not given)."""
    value = value or datetime.date.today()
    return jdatetime.date.fromgregorian(date=value).year


JALALI_SEASONS = ("بهار", "تابستان", "پاییز", "زمستان")


def jalali_period(start, granularity):
    """The Jalali period starting on the Gregorian date ``start`` (a month, a
    season or a year): the Gregorian start of the next one and a Persian label
    ('آذر ۱۴۰۵', 'پاییز ۱۴۰۵', '۱۴۰۵')."""
    jalali = jdatetime.date.fromgregorian(date=start)
    months = {"month": 1, "quarter": 3, "year": 12}[granularity]
    index = jalali.year * 12 + jalali.month - 1 + months
    following = jdatetime.date(index // 12, index % 12 + 1, 1).togregorian()
    year = to_persian_digits(str(jalali.year))
    if granularity == "month":
        label = f"{jdatetime.date.j_months_fa[jalali.month - 1]} {year}"
    elif granularity == "quarter":
        label = f"{JALALI_SEASONS[(jalali.month - 1) // 3]} {year}"
    else:
        label = year
    return following, label


def jalali_day_label(value):
    """A Jalali day in Persian: '۱۲ آذر ۱۴۰۵'."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    jalali = jdatetime.date.fromgregorian(date=value)
    month = jdatetime.date.j_months_fa[jalali.month - 1]
    day, year = to_persian_digits(str(jalali.day)), to_persian_digits(str(jalali.year))
    return f"{day} {month} {year}"


def jalali_week_label(week_start):
    """A week (given its first day) named by its rank in the Jalali year of that
    day, weeks counted from the one holding 1 Farvardin: 'هفته ۳۸ ۱۴۰۵'."""
    if isinstance(week_start, datetime.datetime):
        week_start = week_start.date()
    year = jdatetime.date.fromgregorian(date=week_start).year
    new_year = jdatetime.date(year, 1, 1).togregorian()
    # The first week is the one, of the same weekday rhythm, holding Nowruz.
    first_week = new_year - datetime.timedelta(days=(new_year - week_start).days % 7)
    rank = (week_start - first_week).days // 7 + 1
    return f"هفته {to_persian_digits(str(rank))} {to_persian_digits(str(year))}"


def jalali_month_starts(first_year=1300, last_year=1500):
    """(Gregorian start, Jalali year, Jalali month) of every month of the years."""
    return [
        (jdatetime.date(year, month, 1).togregorian(), year, month)
        for year in range(first_year, last_year + 1)
        for month in range(1, 13)
    ]


def jalali_to_gregorian(year, month, day):
    """The Gregorian date of a Jalali one; ValueError when it does not exist."""
    return jdatetime.date(year, month, day).togregorian()


def add_jalali_years(value, years):
    """The same Jalali day ``years`` later; 30 Esfand of a leap year becomes
    29 Esfand when the target year has no 30th."""
    start = jdatetime.date.fromgregorian(date=value)
    try:
        return start.replace(year=start.year + years).togregorian()
    except ValueError:
        return start.replace(year=start.year + years, day=29).togregorian()


def jalali_year_bounds(value):
    """Gregorian first and last day of the Jalali year that contains ``value``."""
    jalali_year = jdatetime.date.fromgregorian(date=value).year
    first = jdatetime.date(jalali_year, 1, 1).togregorian()
    last = jdatetime.date(jalali_year + 1, 1, 1).togregorian() - datetime.timedelta(1)
    return first, last


# -- money ----------------------------------------------------------------


def round_half_up(value):
    """Round to a whole number, halves away from zero (as accountants do)."""
    value = value or 0
    rounded = math.floor(abs(value) + 0.5)
    return -rounded if value < 0 else rounded


def rial_to_toman(amount_rial):
    return round_half_up((amount_rial or 0) / RIALS_PER_TOMAN)


def toman_to_rial(amount_toman):
    return round_half_up((amount_toman or 0) * RIALS_PER_TOMAN)


def format_amount(amount_rial, unit="rial", persian_digits=True, with_label=True):
    """Format an amount stored in Rial, shown in Rial or Toman.

    >>> format_amount(12500000, unit="toman")
    '۱٬۲۵۰٬۰۰۰ تومان'
    """
    amount = round_half_up(amount_rial)
    if unit == "toman":
        amount, label = rial_to_toman(amount), TOMAN_LABEL
    else:
        label = RIAL_LABEL
    sign = "-" if amount < 0 else ""
    text = sign + f"{abs(amount):,}".replace(",", PERSIAN_THOUSANDS_SEPARATOR)
    if persian_digits:
        text = to_persian_digits(text)
    return f"{text} {label}" if with_label else text


def number_to_words(number):
    """A whole number in Persian words, e.g. 1250 -> «یک هزار و دویست و پنجاه»."""
    number = round_half_up(number)
    words = fa_digits.convert_to_word(abs(number))
    return f"منفی {words}" if number < 0 else words


def amount_to_words(amount_rial, unit="rial"):
    """Amount in Persian words with its unit, e.g. «یک میلیون ریال»."""
    amount = round_half_up(amount_rial)
    if unit == "toman":
        amount, label = rial_to_toman(amount), TOMAN_LABEL
    else:
        label = RIAL_LABEL
    return f"{number_to_words(amount)} {label}"


# -- validators -----------------------------------------------------------


def _is_one_repeated_digit(code):
    return len(set(code)) == 1


def normalize_national_code(value):
    return only_digits(value)


def is_valid_national_code(value):
    """Iranian national code (کد ملی): 10 digits with its check digit."""
    code = normalize_national_code(value)
    if len(code) != 10 or not code.isdecimal() or _is_one_repeated_digit(code):
        return False
    return fa_national_id.validate(code)


def is_valid_legal_id(value):
    """Legal national id of a company (شناسه ملی): 11 digits with check digit."""
    code = only_digits(value)
    if len(code) != 11 or not code.isdecimal() or _is_one_repeated_digit(code):
        return False
    return fa_legal_id.validate(code)


def is_valid_economic_code(value):
    """Economic code (کد اقتصادی): 11 digits for companies, 14 for individuals."""
    code = only_digits(value)
    return (
        code.isdecimal() and len(code) in (11, 14) and not _is_one_repeated_digit(code)
    )


def is_valid_postal_code(value):
    """Iranian postal code: 10 digits in Iran Post's format."""
    return bool(_POSTAL_CODE_RE.match(only_digits(value)))


def normalize_mobile(value):
    """Return an Iranian mobile number as ``09xxxxxxxxx``, or ``""`` if invalid."""
    match = _MOBILE_RE.match(only_digits(value).replace("(", "").replace(")", ""))
    if not match:
        return ""
    local = "0" + match.group(1)
    return local if fa_phone.validate(local) else ""


def is_valid_mobile(value):
    return bool(normalize_mobile(value))


def normalize_sheba(value):
    code = only_digits(value).upper()
    if code and not code.startswith("IR"):
        code = "IR" + code
    return code


def is_valid_sheba(value):
    """Iranian IBAN (شبا): IR + 24 digits with its ISO 7064 check."""
    code = normalize_sheba(value)
    if not re.fullmatch(r"IR\d{24}", code):
        return False
    return fa_sheba.validate(code)


def pdf_words(text):
    """``text`` as words, each word as parts to print in their own inline
    element in a PDF: wkhtmltopdf's QtWebKit neither wraps a long Persian run
    nor measures one that mixes letters and punctuation («انقلاب،»), which it
    draws over its neighbours. So words are separate elements (lines break
    between them) and punctuation stuck to Persian letters is split off.
    """
    words = []
    for word in str(text or "").split():
        if not any(
            "\u0600" <= char <= "\u06ff" and unicodedata.category(char)[0] == "L"
            for char in word
        ):
            words.append([word])
            continue
        parts, kind = [], None
        for char in word:
            char_kind = unicodedata.category(char)[0] in "PS"
            if parts and char_kind == kind:
                parts[-1] += char
            else:
                parts.append(char)
            kind = char_kind
        words.append(parts)
    return words
