from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    qanat_portal_details_editable = fields.Boolean(
        string="Customers Edit Their Details",
        help="Off (the default): customers read their identity and contact details "
        "on «My identity» and the company keeps them up to date. On: customers get "
        "Odoo's editable account page (name, e-mail, phone, address); their national "
        "code and legal identity stay read-only.",
    )
