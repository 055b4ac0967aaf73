"""The 22-character tax ID of an invoice (شماره منحصر به فرد مالیاتی).

memory ID (6) + UTC day since the epoch in hex (5) + serial in hex (10) + a
Verhoeff check digit over the decimal form (letters of the memory ID as their
ASCII codes, the day on 6 digits, the serial on 12), upper case.
"""

_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_VERHOEFF_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)
MAX_SERIAL = 16**10 - 1


def verhoeff_check_digit(digits):
    """The Verhoeff check digit to append to the decimal string ``digits``."""
    check = 0
    for index, digit in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[(index + 1) % 8][int(digit)]]
    return _VERHOEFF_INV[check]


def _to_decimal(memory_id):
    """Digits stay, letters become their ASCII codes (A -> 65)."""
    return "".join(char if char.isdigit() else str(ord(char)) for char in memory_id)


def utc_day(moment):
    """Days since 1970-01-01 of ``moment`` (an aware datetime) in UTC."""
    if moment.tzinfo is None:
        raise ValueError("the invoice time must carry its time zone")
    return int(moment.timestamp() // 86400)


def make_tax_id(memory_id, moment, serial):
    """The tax ID of the invoice numbered ``serial`` by memory ``memory_id``,
    issued at ``moment`` (an aware datetime)."""
    memory_id = (memory_id or "").strip().upper()
    if len(memory_id) != 6 or not memory_id.isalnum() or not memory_id.isascii():
        raise ValueError("the memory ID has 6 Latin letters and digits")
    if not 0 < serial <= MAX_SERIAL:
        raise ValueError("the serial is out of range")
    day = utc_day(moment)
    control = f"{_to_decimal(memory_id)}{day:06d}{serial:012d}"
    check = verhoeff_check_digit(control)
    return f"{memory_id}{day:05x}{serial:010x}{check}".upper()
