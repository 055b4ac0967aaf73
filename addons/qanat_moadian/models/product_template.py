import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Units of measure of the tax system (mu), the common ones.
MOADIAN_UNITS = [
    ("1627", "Number (عدد)"),
    ("1631", "Device (دستگاه)"),
    ("1653", "Unit (واحد)"),
    ("1643", "Pair (جفت)"),
    ("1624", "Carton (کارتن)"),
    ("164", "Kilogram"),
    ("1622", "Gram"),
    ("165", "Metre"),
    ("1637", "Litre"),
    ("16103", "Hour (ساعت)"),
    ("16104", "Day (روز)"),
    ("16113", "Year (سال)"),
]


def check_goods_ids(records):
    """A goods/service ID (of a product or a category) has 13 digits."""
    for record in records.filtered("qanat_moadian_sstid"):
        if not re.fullmatch(r"\d{13}", record.qanat_moadian_sstid):
            raise ValidationError(
                records.env._("The goods/service ID has exactly 13 digits.")
            )


class ProductTemplate(models.Model):
    _inherit = "product.template"

    qanat_moadian_sstid = fields.Char(
        string="Goods/Service ID",
        size=13,
        help="شناسه کالا/خدمت: the 13-digit ID of the tax system for what is sold. "
        "Empty: the product category's.",
    )
    qanat_moadian_unit = fields.Selection(
        MOADIAN_UNITS,
        string="Tax System Unit",
        default="1627",
        help="The unit of measure code the tax system expects for this product.",
    )

    @api.constrains("qanat_moadian_sstid")
    def _check_qanat_moadian_sstid(self):
        check_goods_ids(self)

    def _qanat_moadian_goods_id(self):
        """The product's goods/service ID, or its category's (False for none,
        a line without product included)."""
        if not self:
            return False
        self.ensure_one()
        return self.qanat_moadian_sstid or self.categ_id._qanat_moadian_goods_id()
