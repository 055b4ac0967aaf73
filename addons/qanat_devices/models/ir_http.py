from odoo import api, models
from odoo.tools.translate import code_translations

from ..tools import core_terms


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # The portal chatter is mail's code: without mail's terms a customer
        # reads its buttons and messages in English.
        return [*super()._get_translation_frontend_modules_name(), "mail"]

    @api.model
    def get_translations_for_webclient(self, modules, lang):
        """The suite's JavaScript terms win over the same terms of core
        modules (the browser merges all modules in one dictionary, in an order
        that is not defined), on the portal as in the backend."""
        translations, lang_params = super().get_translations_for_webclient(
            modules, lang
        )
        lang = lang or self.env.context.get("lang")
        if not lang or lang == "en_US":
            return translations, lang_params
        ours = {}
        for module in core_terms.qanat_modules(self.env):
            for message in code_translations.get_web_translations(module, lang)[
                "messages"
            ]:
                ours[message["id"]] = message["string"]
        if not ours:
            return translations, lang_params
        translations = {
            module: {
                **content,
                "messages": tuple(
                    message
                    for message in content["messages"]
                    if message["id"] not in ours
                ),
            }
            for module, content in translations.items()
        }
        translations["qanat_devices"] = {
            "messages": tuple(
                {"id": term, "string": string} for term, string in ours.items()
            )
        }
        return translations, lang_params
