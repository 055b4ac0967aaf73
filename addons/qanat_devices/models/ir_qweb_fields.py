from markupsafe import Markup

from odoo import api, fields, models


class IrQwebFieldMonetary(models.AbstractModel):
    """Rial amounts on every QWeb page (Odoo's portal, payment pages, reports) in
    the company's display unit, so one debt reads the same everywhere."""

    _inherit = "ir.qweb.field.monetary"

    @api.model
    def value_to_html(self, value, options):
        display_currency = options.get("display_currency")
        if (
            not display_currency
            or display_currency.name != "IRR"
            or not isinstance(value, (int, float))
        ):
            return super().value_to_html(value, options)
        company = self.env["res.company"].browse(options.get("company_id"))
        company = company.exists() or self.env.company
        if options.get("from_currency"):
            value = options["from_currency"]._convert(
                value,
                display_currency,
                company,
                options.get("date") or fields.Date.today(),
            )
        amount = company._qanat_format_money(value, with_label=False)
        label = company._qanat_money_unit_label()
        return Markup(
            '<span class="oe_currency_value">{amount}</span>\N{NO-BREAK SPACE}{label}'
        ).format(amount=amount, label=label)
