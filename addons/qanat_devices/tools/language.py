import functools


def user_language(records):
    """Return ``records`` in the acting user's language when the context names none.

    Crons, module installation and scripts run without a language in the context:
    ``self.env._()`` then writes chatter notes in English, while Odoo's own ``_()``
    falls back to the user's language. This aligns both (OdooBot's language for
    crons and demo data).
    """
    if records.env.context.get("lang"):
        return records
    lang = records.env.user.lang
    if lang and records.env["res.lang"]._get_data(code=lang):
        return records.with_context(lang=lang)
    return records


def in_user_language(method):
    """Decorate a method that writes texts for people (chatter, activities):
    it runs in the acting user's language when the context names none."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        return method(user_language(self), *args, **kwargs)

    return wrapper
