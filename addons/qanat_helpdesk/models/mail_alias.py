from odoo import models

# Key under which qanat.ticket leaves its refusal in the gateway's message_dict.
REFUSAL_KEY = "qanat_ticket_refusal"
REFUSAL_LANG_KEY = "qanat_ticket_refusal_lang"


class MailAlias(models.Model):
    _inherit = "mail.alias"

    def _get_alias_bounced_body(self, message_dict):
        """Explain to the sender why their email did not open a ticket."""
        refusal = message_dict.get(REFUSAL_KEY)
        if not refusal:
            return super()._get_alias_bounced_body(message_dict)
        lang = message_dict.get(REFUSAL_LANG_KEY) or self.env.lang
        return (
            self.env["ir.qweb"]
            .with_context(lang=lang)
            ._render(
                "qanat_helpdesk.mail_bounce_ticket_refused",
                {
                    "body": refusal,
                    "message": message_dict,
                    "company": self.env.company,
                    "lang": lang,
                },
                minimal_qcontext=True,
            )
        )
