from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    qanat_vat_rate = fields.Float(
        string="VAT Rate (%)",
        default=10.0,
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
        default=100_000_000,
        config_parameter="qanat.billing.debt_ceiling",
        help="In Rial, like every amount Odoo stores. Above this debt no new "
        "pay-per-case ticket can be opened.",
    )
    qanat_debt_warning_percent = fields.Float(
        string="Debt Warning at (% of the ceiling)",
        default=80,
        config_parameter="qanat.billing.debt_warning_percent",
        help="The customer is warned by SMS/WhatsApp when the debt reaches this "
        "share of the ceiling.",
    )
    qanat_per_case_invoicing = fields.Selection(
        [("ticket", "When each ticket is closed"), ("monthly", "Once a month")],
        string="Invoice Pay-per-case Tickets",
        default="ticket",
        config_parameter="qanat.billing.per_case_invoicing",
    )
    qanat_per_case_hourly_rate = fields.Float(
        string="Hourly Rate (Rial)",
        digits=(16, 0),
        default=5_000_000,
        config_parameter="qanat.billing.per_case_hourly_rate",
    )
    qanat_proforma_validity_days = fields.Integer(
        related="company_id.qanat_proforma_validity_days", readonly=False
    )
    qanat_renewal_window_days = fields.Integer(
        string="Renewal Window (days)",
        default=30,
        config_parameter="qanat.billing.renewal_window_days",
        help="How many days before the end of the service the customer may renew "
        "or choose pay per case.",
    )
