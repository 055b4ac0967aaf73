from odoo import fields, models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    qanat_jalali_sequence = fields.Boolean(
        string="Number by Jalali Year",
        help="Entries are numbered CODE/JALALI-YEAR/NUMBER (e.g. ف/1405/00001) and "
        "the numbering restarts on 1 Farvardin.",
    )
