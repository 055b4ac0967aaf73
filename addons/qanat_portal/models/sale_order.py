from odoo import fields, models

from odoo.addons.qanat_devices.tools.dates import company_today


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Licences are readable by after-sales staff and their owners only: without
    # groups, a Sales user's read() of an order (RPC, exports) would fail.
    qanat_licence_ids = fields.One2many(
        "qanat.course.licence",
        "order_id",
        string="Course Licences",
        groups="qanat_devices.group_qanat_user,base.group_portal",
    )

    def _qanat_is_own_order(self):
        return super()._qanat_is_own_order() or bool(
            self.order_line.product_id.filtered("qanat_is_course")
        )

    def _action_confirm(self):
        result = super()._action_confirm()
        course_lines = self.order_line.filtered(
            lambda line: line.product_id.qanat_is_course
        )
        if course_lines:
            self.env["qanat.course.licence"].sudo()._create_for_sale_lines(course_lines)
        return result

    def _qanat_single_product_quotation(self, partner, product):
        """The customer's open quotation for ``product`` alone (a course, a
        support-hour package), or a new one to pay online."""
        partner = partner.commercial_partner_id
        order = self.sudo().search(
            [
                ("partner_id", "=", partner.id),
                ("state", "in", ("draft", "sent")),
                ("order_line.product_id", "=", product.id),
                ("validity_date", ">=", company_today(self.env)),
            ],
            limit=1,
            order="id desc",
        )
        if order and len(order.order_line) == 1:
            return order
        return self.sudo().create(
            {
                "partner_id": partner.id,
                "require_payment": True,
                "require_signature": False,
                "prepayment_percent": 1.0,
                "order_line": [
                    fields.Command.create(
                        {"product_id": product.id, "product_uom_qty": 1}
                    )
                ],
            }
        )
