import re

from odoo import models
from odoo.http import request

# Pages where a customer acts (confirm an installation, cancel a service, pay) or
# that carry access tokens in their links.
CUSTOMER_PATHS = ("/my", "/proforma", "/payment")
LANGUAGE_PREFIX_RE = re.compile(r"^/[a-z]{2}(?:_[A-Za-z]{2,4})?(?=/)")


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _post_dispatch(cls, response):
        super()._post_dispatch(response)
        path = request.httprequest.path
        paths = (path, LANGUAGE_PREFIX_RE.sub("", path))  # with or without /fa
        if any(
            path == prefix or path.startswith(prefix + "/")
            for path in paths
            for prefix in CUSTOMER_PATHS
        ):
            headers = response.headers
            # Not framed by another site (clickjacking a confirmation button).
            headers.setdefault("X-Frame-Options", "SAMEORIGIN")
            headers.setdefault("Content-Security-Policy", "frame-ancestors 'self'")
            headers.setdefault("X-Content-Type-Options", "nosniff")
            # Links with access tokens are not told to other sites.
            headers.setdefault("Referrer-Policy", "same-origin")
