from odoo import api, fields, models

BUYER_TYPES = [
    ("1", "Natural person"),
    ("2", "Legal entity"),
    ("3", "Civic participation"),
    ("4", "Foreign national"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    qanat_moadian_buyer_type = fields.Selection(
        BUYER_TYPES,
        string="Buyer Type (Tax System)",
        compute="_compute_qanat_moadian_buyer_type",
        store=True,
        readonly=False,
        help="How the tax system classes the buyer: from the contact's kind "
        "unless set.",
    )
    qanat_moadian_passport = fields.Char(
        string="Passport Number", help="For a foreign buyer, on the tax invoice."
    )

    @api.depends("is_company")
    def _compute_qanat_moadian_buyer_type(self):
        for partner in self:
            if (
                not partner.qanat_moadian_buyer_type
                or partner.qanat_moadian_buyer_type
                in (
                    "1",
                    "2",
                )
            ):
                partner.qanat_moadian_buyer_type = "2" if partner.is_company else "1"
