import re
from urllib.parse import parse_qs, urlsplit

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Video hosts whose player may be embedded in the knowledge base. The iframe's
# src is only ever built by video_embed_url() from an id these patterns accept,
# never taken from what an editor typed.
APARAT_HOSTS = frozenset({"aparat.com", "www.aparat.com"})
APARAT_EMBED_URL = "https://www.aparat.com/video/video/embed/videohash/{}/vt/frame"
APARAT_HASH_RE = re.compile(r"[A-Za-z0-9]{1,32}")
YOUTUBE_HOSTS = frozenset(
    {
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "youtube-nocookie.com",
        "www.youtube-nocookie.com",
    }
)
YOUTUBE_SHORT_HOSTS = frozenset({"youtu.be", "www.youtu.be"})
YOUTUBE_EMBED_URL = "https://www.youtube-nocookie.com/embed/{}?rel=0"
YOUTUBE_ID_RE = re.compile(r"[A-Za-z0-9_-]{11}")


def _aparat_hash(segments):
    # /v/<hash>, /v/<hash>/<slug>, or the player's own
    # /video/video/embed/videohash/<hash>/vt/frame
    if segments[:1] == ["v"] and len(segments) in (2, 3):
        return segments[1]
    if segments[:4] == ["video", "video", "embed", "videohash"] and len(segments) > 4:
        return segments[4]
    return None


def _youtube_id(host, segments, query):
    if host in YOUTUBE_SHORT_HOSTS:
        return segments[0] if len(segments) == 1 else None
    if segments == ["watch"]:
        return (parse_qs(query).get("v") or [None])[0]
    if len(segments) == 2 and segments[0] in ("embed", "shorts", "live", "v"):
        return segments[1]
    return None


def video_embed_url(url):
    """The player URL of an Aparat or YouTube video link, or None.

    Only https links on those hosts, without credentials or an unusual port,
    whose video id has the host's format, give a URL; the result is always
    built from a fixed https template and the id.

    >>> video_embed_url("https://www.aparat.com/v/Qn4tK?playlist=1")
    'https://www.aparat.com/video/video/embed/videohash/Qn4tK/vt/frame'
    """
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if (
        parts.scheme != "https"
        or parts.username is not None
        or parts.password is not None
        or port not in (None, 443)
    ):
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in APARAT_HOSTS:
        video_hash = _aparat_hash(segments)
        if video_hash and APARAT_HASH_RE.fullmatch(video_hash):
            return APARAT_EMBED_URL.format(video_hash)
    elif host in YOUTUBE_HOSTS | YOUTUBE_SHORT_HOSTS:
        video_id = _youtube_id(host, segments, parts.query)
        if video_id and YOUTUBE_ID_RE.fullmatch(video_id):
            return YOUTUBE_EMBED_URL.format(video_id)
    return None


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
        help="The link of an Aparat video (https://www.aparat.com/v/...) or a "
        "YouTube video; its player is shown in the page.",
    )
    video_embed_url = fields.Char(
        string="Player Link",
        compute="_compute_video_embed_url",
        help="Built from the video link for Aparat and YouTube only.",
    )
    sequence = fields.Integer(default=10)
    is_published = fields.Boolean(string="Published", tracking=True, index=True)
    published_at = fields.Datetime(readonly=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )

    @api.depends("video_url")
    def _compute_video_embed_url(self):
        for article in self:
            article.video_embed_url = video_embed_url(article.video_url) or False

    @api.constrains("video_url")
    def _check_video_url(self):
        for article in self.filtered("video_url"):
            if not video_embed_url(article.video_url):
                raise ValidationError(
                    self.env._(
                        "The video link %(link)s cannot be shown: give the https link "
                        "of an Aparat video (https://www.aparat.com/v/...) or of a "
                        "YouTube video.",
                        link=article.video_url,
                    )
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
