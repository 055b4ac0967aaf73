from odoo import api, fields, models

from .product_template import check_goods_ids


class ProductCategory(models.Model):
    _inherit = "product.category"

    qanat_moadian_sstid = fields.Char(
        string="Goods/Service ID",
        size=13,
        help="شناسه کالا/خدمت of the products of this category (and its "
        "subcategories) that have none of their own.",
    )

    @api.constrains("qanat_moadian_sstid")
    def _check_qanat_moadian_sstid(self):
        check_goods_ids(self)

    def _qanat_moadian_goods_id(self):
        """The goods/service ID of the category or of its nearest parent."""
        self.ensure_one()
        category = self
        while category:
            if category.qanat_moadian_sstid:
                return category.qanat_moadian_sstid
            category = category.parent_id
        return False
