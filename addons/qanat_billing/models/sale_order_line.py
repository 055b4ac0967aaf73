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
