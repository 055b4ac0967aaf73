import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

from odoo.addons.qanat_devices.tools.language import in_user_language

ANNOUNCEMENT_KINDS = [
    ("software_update", "Software update"),
    ("terms_change", "Change in service terms"),
    ("legal_notice", "Legal or official notice"),
]
NOTIFY_BATCH_SIZE = 200
SMS_SUMMARY_LENGTH = 160


class QanatAnnouncement(models.Model):
    """An important announcement: on the customers' dashboard and sent by
    SMS/WhatsApp through the messaging entry point when published."""

    _name = "qanat.announcement"
    _description = "Customer Announcement"
    _inherit = ["mail.thread"]
    _order = "published_at desc, id desc"

    name = fields.Char(string="Title", required=True, tracking=True)
    kind = fields.Selection(ANNOUNCEMENT_KINDS, required=True, tracking=True)
    body = fields.Html(sanitize=True)
    summary = fields.Char(
        string="Message Text",
        size=SMS_SUMMARY_LENGTH,
        help="The short text sent by SMS/WhatsApp; the dashboard shows the full body.",
    )
    audience = fields.Selection(
        [("all", "All customers"), ("device_types", "Owners of some device types")],
        required=True,
        default="all",
        tracking=True,
    )
    device_type_ids = fields.Many2many("qanat.device.type", string="Device Types")
    send_message = fields.Boolean(
        string="Send by SMS/WhatsApp",
        default=True,
        help="Send the message text to every recipient when publishing.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("archived", "Archived")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        index=True,
    )
    published_at = fields.Datetime(readonly=True, copy=False)
    published_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    # Customers are messaged in id order by a cron; this is where it got to.
    notify_last_partner_id = fields.Integer(readonly=True, copy=False)
    notify_done = fields.Boolean(readonly=True, copy=False)
    notified_count = fields.Integer(
        string="Customers Notified", readonly=True, copy=False
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )

    @api.constrains("audience", "device_type_ids")
    def _check_audience(self):
        for announcement in self:
            if (
                announcement.audience == "device_types"
                and not announcement.device_type_ids
            ):
                raise ValidationError(
                    self.env._("Choose the device types whose owners are told.")
                )

    def _message_text(self):
        self.ensure_one()
        text = self.summary or html2plaintext(self.body or "")
        return re.sub(r"\s+", " ", text).strip()[:SMS_SUMMARY_LENGTH]

    def _recipient_device_domain(self):
        self.ensure_one()
        domain = [("service_state", "!=", "cancelled")]
        if self.company_id:
            domain.append(("company_id", "=", self.company_id.id))
        if self.audience == "device_types":
            domain.append(("device_type_id", "in", self.device_type_ids.ids))
        return domain

    def _recipient_partners(self, after_id=0, limit=None):
        """Owners of a matching device, in id order from ``after_id``."""
        return (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("id", ">", after_id),
                    ("qanat_device_ids", "any", self._recipient_device_domain()),
                ],
                order="id",
                limit=limit,
            )
        )

    def action_publish(self):
        for announcement in self:
            if announcement.state != "draft":
                raise UserError(
                    self.env._("Only a draft announcement can be published.")
                )
            if announcement.send_message and not announcement._message_text():
                raise UserError(
                    self.env._("Write the message text sent by SMS/WhatsApp.")
                )
        for announcement in self:
            announcement.write(
                {
                    "summary": announcement._message_text(),
                    "state": "published",
                    "published_at": fields.Datetime.now(),
                    "published_by_id": self.env.uid,
                    "notify_done": not announcement.send_message,
                }
            )
        if not all(self.mapped("notify_done")):
            self.env.ref("qanat_portal.ir_cron_send_announcements")._trigger()
        return True

    def action_archive_announcement(self):
        self.filtered(lambda a: a.state == "published").write({"state": "archived"})
        return True

    def action_reset_to_draft(self):
        for announcement in self:
            if announcement.state != "archived" or announcement.notified_count:
                raise UserError(
                    self.env._(
                        "An announcement already sent to customers cannot go back to "
                        "draft; write a new one."
                    )
                )
        self.write({"state": "draft", "notify_done": False})
        return True

    @api.model
    @in_user_language
    def _cron_send_announcements(self, batch_size=NOTIFY_BATCH_SIZE):
        """Message the recipients of published announcements, a batch at a time."""
        announcements = self.search(
            [("state", "=", "published"), ("notify_done", "=", False)], order="id"
        )
        notifications = self.env["qanat.notification"]
        done = 0
        for announcement in announcements:
            limit = batch_size - done
            partners = announcement._recipient_partners(
                after_id=announcement.notify_last_partner_id, limit=limit
            )
            for partner in partners:
                notifications.notify(
                    "announcement",
                    announcement,
                    partner=partner,
                    values={"title": announcement.name},
                )
            done += len(partners)
            announcement.write(
                {
                    "notify_last_partner_id": partners[-1:].id
                    or announcement.notify_last_partner_id,
                    "notified_count": announcement.notified_count + len(partners),
                    "notify_done": len(partners) < limit,
                }
            )
            if done >= batch_size:
                break
        remaining = self.search_count(
            [("state", "=", "published"), ("notify_done", "=", False)]
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _qanat_visible_domain(self):
        """Published announcements (record rules narrow them for customers)."""
        return [("state", "=", "published")]
