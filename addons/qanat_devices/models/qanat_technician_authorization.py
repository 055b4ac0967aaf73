from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..tools.dates import company_today, company_today_default


class QanatTechnicianAuthorization(models.Model):
    """Who may install and repair under warranty which devices, and until when.

    Seeds 000 and 004: installation and warranty repairs are done only by a
    technician the supplier authorised for the device type. A technician is a
    contact (an employee's user or an outside installer); an authorisation with
    no device type covers every type.
    """

    _name = "qanat.technician.authorization"
    _description = "Technician Authorisation"
    _inherit = ["mail.thread"]
    _order = "date_end desc, id desc"
    _check_company_auto = True
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Technician",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain=[("is_company", "=", False)],
    )
    device_type_ids = fields.Many2many(
        "qanat.device.type",
        string="Device Types",
        help="Leave empty to authorise the technician for every device type.",
    )
    date_start = fields.Date(
        string="Valid From", required=True, default=company_today_default
    )
    date_end = fields.Date(string="Valid Until", required=True, tracking=True)
    reference = fields.Char(
        string="Certificate Number",
        help="Number of the supplier's authorisation certificate.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True, tracking=True)
    notes = fields.Text()
    validity = fields.Selection(
        [("future", "Not yet valid"), ("valid", "Valid"), ("expired", "Expired")],
        compute="_compute_validity",
        search="_search_validity",
    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for authorization in self:
            if authorization.date_end < authorization.date_start:
                raise ValidationError(
                    self.env._("An authorisation cannot end before it starts.")
                )

    @api.depends("date_start", "date_end")
    def _compute_validity(self):
        today = company_today(self.env)
        for authorization in self:
            if authorization.date_start > today:
                authorization.validity = "future"
            elif authorization.date_end < today:
                authorization.validity = "expired"
            else:
                authorization.validity = "valid"

    def _search_validity(self, operator, value):
        if operator not in ("=", "in"):
            return NotImplemented
        values = {value} if operator == "=" else set(value)
        today = company_today(self.env)
        domains = {
            "future": [("date_start", ">", today)],
            "valid": [("date_start", "<=", today), ("date_end", ">=", today)],
            "expired": [("date_end", "<", today)],
        }
        return expression.OR([domains[name] for name in values if name in domains])

    @api.model
    def _valid_between(self, devices, date_from, date_to):
        """Authorisations of the devices' companies valid at some point between
        the two dates, read in one query; `_covering` then picks per device."""
        if not devices or not date_from:
            return self.browse()
        return self.sudo().search(
            [
                ("company_id", "in", devices.company_id.ids),
                ("date_start", "<=", date_to),
                ("date_end", ">=", date_from),
                "|",
                ("device_type_ids", "=", False),
                ("device_type_ids", "in", devices.device_type_id.ids),
            ]
        )

    def _covering(self, device, on_date):
        """Those of these authorisations that cover `device` on `on_date`."""
        return self.filtered(
            lambda a: (
                a.company_id == device.company_id
                and a.date_start <= on_date <= a.date_end
                and (
                    not a.device_type_ids or device.device_type_id in a.device_type_ids
                )
            )
        )

    @api.model
    def _authorized_technicians(self, device, on_date):
        """The contacts who may install or repair `device` on `on_date`."""
        return (
            self._valid_between(device, on_date, on_date)
            ._covering(device, on_date)
            .partner_id
        )

    @api.model
    def _is_authorized(self, partner, device, on_date):
        return bool(partner) and partner in self._authorized_technicians(
            device, on_date
        )
