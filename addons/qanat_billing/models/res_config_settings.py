from odoo import fields, models

from .qanat_billing_settings import default


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    qanat_vat_rate = fields.Float(
        string="VAT Rate (%)",
        default=default("vat_rate"),
        config_parameter="qanat.billing.vat_rate",
        help="The value-added tax rate in force, used as the default sale and "
        "purchase tax by the Iranian company setup.",
    )
    qanat_iranian_setup_date = fields.Datetime(
        related="company_id.qanat_iranian_setup_date"
    )

    def action_qanat_setup_iran(self):
        self.ensure_one()
        self.execute()  # the VAT rate being set is the one to use
        self.company_id.action_qanat_setup_iran()
        return {"type": "ir.actions.client", "tag": "reload"}

    qanat_debt_ceiling = fields.Float(
        string="Debt Ceiling (Rial)",
        digits=(16, 0),
        default=default("debt_ceiling"),
        config_parameter="qanat.billing.debt_ceiling",
        help="In Rial, like every amount Odoo stores. Above this debt no new "
        "pay-per-case ticket can be opened.",
    )
    qanat_debt_warning_percent = fields.Float(
        string="Debt Warning at (% of the ceiling)",
        default=default("debt_warning_percent"),
        config_parameter="qanat.billing.debt_warning_percent",
        help="The customer is warned by SMS/WhatsApp when the debt reaches this "
        "share of the ceiling.",
    )
    qanat_debt_ceiling_grace_days = fields.Integer(
        string="Pay-per-case Suspended After (days over the ceiling)",
        default=default("debt_ceiling_grace_days"),
        config_parameter="qanat.billing.debt_ceiling_grace_days",
        help="A customer whose debt stays at or above the ceiling this many days "
        "after being told has pay-per-case service suspended until the debt is "
        "back below it.",
    )
    qanat_per_case_invoicing = fields.Selection(
        [("ticket", "When each ticket is closed"), ("monthly", "Once a month")],
        string="Invoice Pay-per-case Tickets",
        default=default("per_case_invoicing"),
        config_parameter="qanat.billing.per_case_invoicing",
    )
    qanat_per_case_hourly_rate = fields.Float(
        string="Hourly Rate (Rial)",
        digits=(16, 0),
        default=default("per_case_hourly_rate"),
        config_parameter="qanat.billing.per_case_hourly_rate",
    )
    qanat_contract_discount_quarterly = fields.Float(
        string="Quarterly Contract Discount (%)",
        default=default("contract_discount_quarterly"),
        config_parameter="qanat.billing.contract_discount_quarterly",
    )
    qanat_contract_discount_yearly = fields.Float(
        string="Yearly Contract Discount (%)",
        default=default("contract_discount_yearly"),
        config_parameter="qanat.billing.contract_discount_yearly",
    )
    qanat_contract_due_days = fields.Integer(
        string="Contract Invoices Due After (days)",
        default=default("contract_due_days"),
        config_parameter="qanat.billing.contract_due_days",
        help="Invoices of a contract period after the first are due this many "
        "days after the period starts, and never after it ends.",
    )
    qanat_refund_credit_limit = fields.Float(
        string="Credit Refund Limit (Rial)",
        digits=(16, 0),
        default=default("refund_credit_limit"),
        config_parameter="qanat.billing.refund_credit_limit",
        help="Credit refunds above this amount are approved by an accounting manager.",
    )
    qanat_refund_cash_limit = fields.Float(
        string="Cash Refund Limit (Rial)",
        digits=(16, 0),
        default=default("refund_cash_limit"),
        config_parameter="qanat.billing.refund_cash_limit",
        help="Cash refunds to a Sheba above this amount are approved by an "
        "accounting manager.",
    )
    qanat_proforma_validity_days = fields.Integer(
        related="company_id.qanat_proforma_validity_days", readonly=False
    )
    qanat_renewal_window_days = fields.Integer(
        string="Renewal Window (days)",
        default=default("renewal_window_days"),
        config_parameter="qanat.billing.renewal_window_days",
        help="How many days before the end of the service the customer may renew "
        "or choose pay per case.",
    )
