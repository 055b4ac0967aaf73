from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    qanat_device_id = fields.Many2one(
        "qanat.device", string="Device", index="btree_not_null", copy=False
    )
    qanat_renewal_applied = fields.Boolean(readonly=True, copy=False)

    def _qanat_apply_renewals(self):
        """Extend each covered device once, by its plan's length."""
        for line in self.filtered(
            lambda line: (
                line.qanat_device_id
                and not line.qanat_renewal_applied
                and line.product_id.qanat_plan_kind == "renewal"
            )
        ):
            line.qanat_device_id._renew_service(
                line.product_id.product_tmpl_id._qanat_plan_months(),
                reason=self.env._(
                    "Renewed by order %(order)s.", order=line.order_id.name
                ),
            )
            line.qanat_renewal_applied = True

    def _qanat_create_support_packages(self):
        lines = self.filtered(
            lambda line: (
                line.product_id.qanat_plan_kind == "support_hours"
                and not self.env["qanat.support.package"]
                .sudo()
                .search_count([("sale_line_id", "=", line.id)], limit=1)
            )
        )
        self.env["qanat.support.package"].sudo().create(
            [
                {
                    "partner_id": line.order_id.partner_id.commercial_partner_id.id,
                    "company_id": line.company_id.id,
                    "sale_line_id": line.id,
                    "hours": line.product_id.qanat_support_hours * line.product_uom_qty,
                }
                for line in lines
            ]
        )
