from odoo import models

from ..tools.language import user_language


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        # Odoo's _() words the note in the user's language when the context has
        # none (crons, installation, scripts): name the document in that language.
        return super(MailThread, user_language(self))._creation_message()
