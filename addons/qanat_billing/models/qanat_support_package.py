from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from odoo.addons.qanat_devices.tools import persian


class QanatSupportPackage(models.Model):
    """Prepaid support hours: valid one Jalali year from purchase, no carry-over."""

    _name = "qanat.support.package"
    _description = "Support-Hour Package"
    _order = "valid_from, id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    sale_line_id = fields.Many2one("sale.order.line", readonly=True)
    hours = fields.Float(required=True)
    hours_used = fields.Float(compute="_compute_hours_used", store=True)
    hours_left = fields.Float(compute="_compute_hours_used", store=True)
    valid_from = fields.Date(required=True, default=fields.Date.context_today)
    valid_until = fields.Date(compute="_compute_valid_until", store=True)
    consumption_ids = fields.One2many(
        "qanat.support.package.use", "package_id", string="Consumption"
    )

    @api.depends("valid_from")
    def _compute_valid_until(self):
        for package in self:
            package.valid_until = persian.add_jalali_years(
                package.valid_from, 1
            ) - relativedelta(days=1)

    @api.depends("hours", "consumption_ids.hours")
    def _compute_hours_used(self):
        used = dict(
            self.env["qanat.support.package.use"]._read_group(
                [("package_id", "in", self.ids)], ["package_id"], ["hours:sum"]
            )
        )
        for package in self:
            package.hours_used = used.get(package, 0.0)
            package.hours_left = max(package.hours - package.hours_used, 0.0)

    @api.model
    def _consume(self, partner, hours, ticket, on_date):
        """Take ``hours`` from the customer's valid packages, oldest first.

        :return: the hours that no package covered
        """
        packages = self.search(
            [
                ("partner_id", "=", partner.commercial_partner_id.id),
                ("valid_from", "<=", on_date),
                ("valid_until", ">=", on_date),
                ("hours_left", ">", 0),
            ]
        )
        uses = []
        for package in packages:
            if hours <= 0:
                break
            taken = min(package.hours_left, hours)
            uses.append(
                {"package_id": package.id, "ticket_id": ticket.id, "hours": taken}
            )
            hours -= taken
        self.env["qanat.support.package.use"].create(uses)
        return max(hours, 0.0)
