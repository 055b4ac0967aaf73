from odoo import fields, models


class QanatNotificationEvent(models.Model):
    """What a customer is told, and on which channels, when something happens.

    Each module declares its own events (with their SMS template) in its data.
    """

    _name = "qanat.notification.event"
    _description = "Customer Notification Event"
    _order = "name"

    code = fields.Char(required=True, help="Technical name used by the modules.")
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sms_template_id = fields.Many2one(
        "sms.template",
        string="SMS Template",
        help="Rendered in the customer's language (Persian by default).",
    )
    whatsapp_template = fields.Char(
        string="WhatsApp Template",
        help="Name of the approved WhatsApp Cloud template; empty: SMS only.",
    )
    whatsapp_language = fields.Char(string="WhatsApp Language", default="fa")
    whatsapp_parameters = fields.Char(
        string="WhatsApp Parameters",
        help="Comma-separated names of the values passed, in the template's order.",
    )
    notification_count = fields.Integer(compute="_compute_notification_count")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A notification event code must be unique."),
    ]

    def _compute_notification_count(self):
        counts = dict(
            self.env["qanat.notification"]._read_group(
                [("event_id", "in", self.ids)], ["event_id"], ["__count"]
            )
        )
        for event in self:
            event.notification_count = counts.get(event, 0)

    def _whatsapp_values(self, values):
        self.ensure_one()
        names = [name.strip() for name in (self.whatsapp_parameters or "").split(",")]
        return [str((values or {}).get(name, "")) for name in names if name]
