import logging

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from ..models.zarinpal_const import RETURN_ROUTE

_logger = logging.getLogger(__name__)


class ZarinpalController(http.Controller):
    @http.route(
        RETURN_ROUTE,
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
    )
    def zarinpal_return(self, **data):
        """The customer's browser comes back from Zarinpal (Authority, Status, ref).

        Nothing in the callback is trusted: the transaction is verified with
        Zarinpal for the stored amount; forged or replayed callbacks change nothing.
        """
        _logger.info("Zarinpal return: %s", {k: data.get(k) for k in ("ref", "Status")})
        try:
            request.env["payment.transaction"].sudo()._handle_notification_data(
                "zarinpal", data
            )
        except ValidationError as error:
            _logger.warning("Zarinpal return refused: %s", error)
        return request.redirect("/payment/status")
