from odoo import api, models

# Each billing setting once: its type and its default (what an unset or
# unreadable parameter means). The settings form takes its defaults from here.
BILLING_SETTINGS = {
    "vat_rate": (float, 10.0),
    "debt_ceiling": (float, 100_000_000),  # Rial
    "debt_warning_percent": (float, 80.0),
    "debt_ceiling_grace_days": (int, 7),
    "per_case_invoicing": (str, "ticket"),
    "per_case_hourly_rate": (float, 5_000_000),  # Rial
    "renewal_window_days": (int, 30),
    "first_invoice_days": (int, 30),
    "receipt_max_on_account": (float, 10_000_000_000),  # Rial
    # Refunds (seed 004): credit under 500,000 Toman and cash up to 3,000,000
    # Toman without a manager; in Rial.
    # Period contracts (seed 001): longer periods get discounts, in percent;
    # invoices after the first are due this many days into their period.
    "contract_discount_quarterly": (float, 5.0),
    "contract_discount_yearly": (float, 15.0),
    "contract_due_days": (int, 15),
    "refund_credit_limit": (float, 5_000_000),
    "refund_cash_limit": (float, 30_000_000),
}


def default(key):
    return BILLING_SETTINGS[key][1]


class QanatBillingSettings(models.AbstractModel):
    """The one reader of the billing settings (``qanat.billing.*`` parameters)."""

    _name = "qanat.billing.settings"
    _description = "Qanat Billing Settings"

    @api.model
    def _get(self, key):
        kind, fallback = BILLING_SETTINGS[key]
        value = self.env["ir.config_parameter"].sudo().get_param(f"qanat.billing.{key}")
        if value in (None, False, ""):
            return fallback
        try:
            return kind(float(value)) if kind is int else kind(value)
        except ValueError:
            return fallback
