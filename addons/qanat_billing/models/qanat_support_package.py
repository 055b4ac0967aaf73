from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from odoo.addons.qanat_devices.tools import persian
from odoo.addons.qanat_devices.tools.dates import company_today_default
from odoo.addons.qanat_devices.tools.language import in_user_language


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
    valid_from = fields.Date(required=True, default=company_today_default)
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
    def _valid_packages(self, partner, on_date):
        return self.search(
            [
                ("partner_id", "=", partner.commercial_partner_id.id),
                ("valid_from", "<=", on_date),
                ("valid_until", ">=", on_date),
                ("hours_left", ">", 0),
            ]
        )

    @api.model
    def _hours_left(self, partner, on_date):
        return sum(self._valid_packages(partner, on_date).mapped("hours_left"))

    @api.model
    def _consume(
        self, partner, hours, ticket, on_date, channel="ticket", description=False
    ):
        """Take ``hours`` from the customer's valid packages, oldest first.

        :return: the hours that no package covered
        """
        uses = []
        for package in self._valid_packages(partner, on_date):
            if hours <= 0:
                break
            taken = min(package.hours_left, hours)
            uses.append(
                {
                    "package_id": package.id,
                    "ticket_id": ticket.id if ticket else False,
                    "channel": channel,
                    "date": on_date,
                    "description": description,
                    "hours": taken,
                }
            )
            hours -= taken
        self.env["qanat.support.package.use"].create(uses)
        return max(hours, 0.0)

    @api.model
    @in_user_language
    def _log_phone_support(self, partner, hours, description, on_date):
        """A support call of ``hours`` deducted from the customer's packages;
        refused when their valid packages do not cover it (seed 002: phone
        support is for package holders)."""
        if not self.env.user.has_group("qanat_devices.group_qanat_user"):
            raise UserError(self.env._("Only support staff log phone support."))
        if hours <= 0:
            raise UserError(self.env._("Enter the length of the call in hours."))
        # Deducting is bookkeeping after the check above: agents only read packages.
        packages = self.sudo()
        left = packages._hours_left(partner, on_date)
        if float_compare(left, hours, precision_digits=2) < 0:
            raise UserError(
                self.env._(
                    "%(customer)s has %(left)s support hours left in valid packages, "
                    "less than this call (%(hours)s h): sell a package first, or "
                    "open a pay-per-case ticket.",
                    customer=partner.commercial_partner_id.display_name,
                    left=round(left, 2),
                    hours=round(hours, 2),
                )
            )
        packages._consume(partner, hours, False, on_date, "phone", description)
        partner.commercial_partner_id.message_post(
            body=self.env._(
                "Phone support: %(hours)s h deducted from the support packages. "
                "%(note)s",
                hours=round(hours, 2),
                note=description or "",
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True
