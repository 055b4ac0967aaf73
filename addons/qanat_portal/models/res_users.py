from odoo import models

# Identity is entered by the company; a customer may not rename themselves.
_IDENTITY_FIELDS = ("name", "email")


class ResUsers(models.Model):
    _inherit = "res.users"

    @property
    def SELF_WRITEABLE_FIELDS(self):
        fields_list = super().SELF_WRITEABLE_FIELDS
        if self.env.user.share:
            return [name for name in fields_list if name not in _IDENTITY_FIELDS]
        return fields_list
