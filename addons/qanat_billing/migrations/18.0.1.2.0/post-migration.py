"""Qanat 18.0.1.2.0 stops storing the masked card number Zarinpal returns
(card data is never stored): the column and what it holds are dropped."""

from odoo.tools.sql import column_exists


def migrate(cr, version):
    if column_exists(cr, "payment_transaction", "zarinpal_card_pan"):
        cr.execute("ALTER TABLE payment_transaction DROP COLUMN zarinpal_card_pan")
