"""Qanat 18.0.1.0.0 switched Odoo's company-wide "automatic invoice" setting on for
every paid quotation; Qanat now invoices only its own pro-formas and leaves that
setting to the company. Give it back its default (off) where Qanat set it."""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    cr.execute(
        """
        DELETE FROM ir_model_data
         WHERE module = 'qanat_billing' AND name = 'config_sale_automatic_invoice'
     RETURNING res_id
        """
    )
    param_ids = [row[0] for row in cr.fetchall()]
    if param_ids:
        cr.execute(
            "DELETE FROM ir_config_parameter WHERE id = ANY(%s) AND value = 'True'",
            [param_ids],
        )
        _logger.info("sale.automatic_invoice set by Qanat: back to Odoo's default")
