"""Helpers shared by the customer area's controllers."""

import jdatetime
from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.qanat_devices.tools import persian

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
PAGE_SIZE = 20


def get_own(model_name, record_id):
    """The customer's record, sudo-ed once the customer's own rights allowed it.

    Another customer's record and a missing one give the same 404.
    """
    record = request.env[model_name].browse(record_id)
    try:
        if not record.exists():
            raise MissingError(model_name)
        record.check_access("read")
    except (AccessError, MissingError):
        raise NotFound() from None
    return record.sudo()


def is_persian():
    return (request.env.lang or "").startswith("fa")


def digits(value):
    """Numbers in the reader's digits (Persian for Persian readers)."""
    text = "" if value is None or value is False else str(value)
    return persian.to_persian_digits(text) if is_persian() else text


def toman(amount_rial):
    return persian.format_amount(amount_rial, unit="toman", persian_digits=is_persian())


def read_upload(upload):
    """(name, bytes, mimetype) of an uploaded file, or None; refuses huge files."""
    if not upload or not getattr(upload, "filename", None):
        return None
    content = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValueError("too large")
    if not content:
        return None
    return upload.filename, content, upload.mimetype


def parse_jalali_date(text):
    """A Jalali date typed by a customer (Persian or Latin digits), or None."""
    parts = persian.to_ascii_digits(text or "").replace("-", "/").split("/")
    try:
        year, month, day = (int(part) for part in parts)
        return jdatetime.date(year, month, day).togregorian()
    except (TypeError, ValueError):
        return None
