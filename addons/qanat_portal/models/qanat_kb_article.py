from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.web_editor.tools import get_video_embed_code


class QanatKbArticle(models.Model):
    """A training article or video of the buyers' knowledge base."""

    _name = "qanat.kb.article"
    _description = "Knowledge Base Article"
    _inherit = ["mail.thread"]
    _order = "sequence, id desc"

    name = fields.Char(string="Title", required=True, translate=True, tracking=True)
    kind = fields.Selection(
        [("article", "Article"), ("video", "Video")],
        required=True,
        default="article",
    )
    device_type_ids = fields.Many2many(
        "qanat.device.type",
        string="Device Types",
        help="Leave empty for articles about every device.",
    )
    summary = fields.Text(translate=True)
    body = fields.Html(translate=True, sanitize=True)
    video_url = fields.Char(
        string="Video Link",
        help="A YouTube, Vimeo or Dailymotion link is shown in the page; any other "
        "https link opens in a new tab (e.g. Aparat).",
    )
    video_embed_code = fields.Html(compute="_compute_video_embed_code", sanitize=False)
    sequence = fields.Integer(default=10)
    is_published = fields.Boolean(string="Published", tracking=True, index=True)
    published_at = fields.Datetime(readonly=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )

    @api.depends("video_url")
    def _compute_video_embed_code(self):
        for article in self:
            article.video_embed_code = (
                get_video_embed_code(article.video_url) if article.video_url else False
            )

    @api.constrains("video_url")
    def _check_video_url(self):
        for article in self.filtered("video_url"):
            if not article.video_url.startswith("https://"):
                raise ValidationError(
                    self.env._("The video link must start with https://.")
                )

    def write(self, vals):
        if vals.get("is_published"):
            vals = dict(vals, published_at=fields.Datetime.now())
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("is_published"):
                vals.setdefault("published_at", fields.Datetime.now())
        return super().create(vals_list)

    def action_publish(self):
        self.filtered(lambda a: not a.is_published).write({"is_published": True})
        return True

    def action_unpublish(self):
        self.write({"is_published": False})
        return True

    @api.model
    def _qanat_portal_sections(self, partner, search=None):
        """Published articles grouped by device type, the customer's types first.

        Returns [(device type or empty recordset, articles)]; two queries whatever
        the number of articles.
        """
        domain = [("is_published", "=", True)]
        if search:
            domain += [
                "|",
                "|",
                ("name", "ilike", search),
                ("summary", "ilike", search),
                ("body", "ilike", search),
            ]
        articles = self.search(domain)
        owned_types = (
            self.env["qanat.device"]
            .sudo()
            ._read_group(
                [("commercial_partner_id", "=", partner.commercial_partner_id.id)],
                ["device_type_id"],
            )
        )
        owned = (
            self.env["qanat.device.type"]
            .sudo()
            .browse([device_type.id for (device_type,) in owned_types if device_type])
        )
        by_type = {}
        general = self.browse()
        for article in articles:
            if not article.device_type_ids:
                general |= article
            for device_type in article.device_type_ids:
                by_type.setdefault(device_type, self.browse())
                by_type[device_type] |= article
        ordered_types = sorted(
            by_type, key=lambda t: (t not in owned, t.sequence, t.name or "", t.id)
        )
        sections = [
            (device_type, by_type[device_type]) for device_type in ordered_types
        ]
        if general:
            sections.append((self.env["qanat.device.type"], general))
        return sections, owned
