from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    qanat_plan_kind = fields.Selection(
        [
            ("renewal", "Service renewal"),
            ("support_hours", "Support-hour package"),
        ],
        string="Service Plan",
        help="Renewal plans extend a device's service when paid; support-hour "
        "packages are consumed by pay-per-case tickets.",
    )
    qanat_plan_years = fields.Selection(
        [("1", "1 year"), ("2", "2 years"), ("3", "3 years")],
        string="Renewal Length",
    )
    qanat_support_hours = fields.Float(string="Support Hours")

    @api.constrains("qanat_plan_kind", "qanat_plan_years", "qanat_support_hours")
    def _check_qanat_plan(self):
        for template in self:
            if template.qanat_plan_kind == "renewal" and not template.qanat_plan_years:
                raise ValidationError(
                    self.env._("A renewal plan needs its length (1, 2 or 3 years).")
                )
            if (
                template.qanat_plan_kind == "support_hours"
                and template.qanat_support_hours <= 0
            ):
                raise ValidationError(
                    self.env._("A support-hour package needs a number of hours.")
                )

    def _qanat_plan_months(self):
        self.ensure_one()
        return int(self.qanat_plan_years or 0) * 12
