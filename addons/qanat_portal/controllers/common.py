"""Helpers shared by the customer area's controllers."""

from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.qanat_devices.tools import persian

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
PAGE_SIZE = 20


def form_text(value):
    """A text field of a form, trimmed, without the NUL characters PostgreSQL
    cannot store (a forged request, never typed by a person)."""
    return (value if isinstance(value, str) else "").replace("\x00", "").strip()


def form_id(value):
    """The id a form's select chose: 0 for none, -1 for anything that is not an
    id (a forged value is refused as no record of the customer's, never taken
    for "none")."""
    text = value.strip() if isinstance(value, str) else ""
    return int(text) if text.isdecimal() else (-1 if text else 0)


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


def paged_search(model_name, url, page, domain=None, order=None, url_args=None):
    """One page of the customer's records (their rights apply) and its pager.

    The records come back sudo-ed for rendering, after the rights filtered them.
    """
    model = request.env[model_name]
    domain = domain or []
    # ?page= comes as typed: only ASCII digits make a page ("²" is a digit to
    # Python but not to int()).
    if not isinstance(page, int):
        text = page if isinstance(page, str) else ""
        page = int(text) if text.isascii() and text.isdecimal() else 1
    page = min(max(page, 1), 10**6)
    pager = portal_pager(
        url=url,
        url_args=url_args,
        total=model.search_count(domain),
        page=page,
        step=PAGE_SIZE,
    )
    records = model.search(domain, order=order, limit=PAGE_SIZE, offset=pager["offset"])
    return records.sudo(), pager


def render(controller, template, **values):
    """Render a customer-area page with the portal layout's values."""
    page_values = controller._prepare_portal_layout_values()
    page_values.update(values)
    return request.render(template, page_values)


def is_persian():
    return (request.env.lang or "").startswith("fa")


def digits(value):
    """Numbers in the reader's digits (Persian for Persian readers)."""
    text = "" if value is None or value is False else str(value)
    return persian.to_persian_digits(text) if is_persian() else text


def money(amount_rial):
    """An amount stored in Rial in the company's display unit and reader's digits."""
    return request.env.company._qanat_format_money(amount_rial)


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
        return persian.jalali_to_gregorian(year, month, day)
    except (TypeError, ValueError, OverflowError):
        return None
