from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    qanat_is_device = fields.Boolean(
        string="Is a Device",
        help="Sold devices of this product are registered in Qanat with warranty "
        "and after-sales service dates.",
    )
    qanat_device_type_id = fields.Many2one(
        "qanat.device.type", string="Device Type", index="btree_not_null"
    )
    qanat_brand = fields.Char(string="Brand")
    qanat_model = fields.Char(string="Model")
    qanat_warranty_months = fields.Integer(string="Warranty (months)", default=24)
    qanat_service_months = fields.Integer(
        string="Included Service (months)",
        default=12,
        help="After-sales service included from the installation confirmation.",
    )

    _sql_constraints = [
        (
            "qanat_warranty_months_positive",
            "CHECK(qanat_warranty_months >= 0)",
            "The warranty length cannot be negative.",
        ),
        (
            "qanat_service_months_positive",
            "CHECK(qanat_service_months >= 0)",
            "The included service length cannot be negative.",
        ),
    ]
