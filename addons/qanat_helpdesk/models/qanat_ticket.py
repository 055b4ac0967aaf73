import base64
import logging

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import email_normalize

from odoo.addons.mail.tools.alias_error import AliasError
from odoo.addons.qanat_devices.models.qanat_device import LIVE_SERVICE_STATES
from odoo.addons.qanat_devices.tools import access, persian
from odoo.addons.qanat_devices.tools.dates import company_today
from odoo.addons.qanat_devices.tools.deadlines import run_deadline_batch
from odoo.addons.qanat_devices.tools.language import in_user_language
from odoo.addons.qanat_devices.tools.write_guard import WriteGuard

from .mail_alias import REFUSAL_KEY, REFUSAL_LANG_KEY

_logger = logging.getLogger(__name__)

TICKET_PRIORITIES = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Urgent"),
]
TICKET_STATES = [
    ("open", "Open"),
    ("in_review", "Under review"),
    ("answered", "Answered"),
    ("closed", "Closed"),
]
SLA_STATES = [
    ("running", "Running"),
    ("at_risk", "At risk"),
    ("met", "Met"),
    ("failed", "Failed"),
]
# Support under the service; the delivered device's installation; repairs
# under warranty (seeds 000 and 004).
REQUEST_KINDS = [
    ("support", "Support"),
    ("installation", "Installation request"),
    ("warranty", "Warranty repair"),
]
# What a customer may fill in when opening a ticket (portal, RPC).
CUSTOMER_FIELDS = frozenset(
    {"name", "description", "priority", "device_id", "partner_id", "request_kind"}
)
# Files a customer attaches to a ticket outside its messages (photos of the
# device, a log file): how many and how large.
MAX_CUSTOMER_FILES = 5
MAX_CUSTOMER_FILE_BYTES = 10 * 1024 * 1024
# Written only by the ticket's own SLA and service logic.
_SYSTEM_FIELDS = frozenset(
    {
        "sla_hours",
        "sla_start",
        "sla_deadline",
        "sla_risk_at",
        "sla_state",
        "first_response_at",
        "first_response_hours",
        "billing_mode",
        "service_override_by_id",
        "number",
    }
)
SYSTEM_GUARD = WriteGuard("ticket_system")
SLA_CRON_BATCH_SIZE = 500


class QanatTicket(models.Model):
    _name = "qanat.ticket"
    _description = "Support Ticket"
    _inherit = [
        "portal.mixin",
        "mail.thread.cc",
        "mail.activity.mixin",
        "rating.mixin",
    ]
    _order = "priority desc, id desc"
    _rec_names_search = ["number", "name"]
    _check_company_auto = True

    number = fields.Char(
        required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    name = fields.Char(string="Title", required=True, tracking=True)
    description = fields.Html(sanitize=True, sanitize_style=True)
    priority = fields.Selection(
        TICKET_PRIORITIES, default="1", required=True, tracking=True, index=True
    )
    state = fields.Selection(
        TICKET_STATES,
        default="open",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand="_read_group_expand_states",
    )
    team_id = fields.Many2one(
        "qanat.helpdesk.team",
        string="Team",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env["qanat.helpdesk.team"].sudo()._default_team(),
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    partner_email = fields.Char(related="partner_id.email", string="Customer Email")
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    device_id = fields.Many2one(
        "qanat.device",
        string="Device",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    device_service_state = fields.Selection(
        related="device_id.service_state", string="Device Service"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
    )
    request_kind = fields.Selection(
        REQUEST_KINDS,
        string="Request",
        default="support",
        required=True,
        index=True,
        tracking=True,
        help="Support follows the device's service; an installation request is "
        "for a delivered device waiting for installation; a warranty repair for "
        "a device under warranty, never billed.",
    )
    tag_ids = fields.Many2many("qanat.ticket.tag", string="Tags")
    billing_mode = fields.Selection(
        [("covered", "Covered by the service"), ("per_case", "Pay per case")],
        readonly=True,
        copy=False,
        help="Set when the ticket is opened: pay-per-case tickets are invoiced by "
        "difficulty and effort.",
    )
    service_override_reason = fields.Text(
        string="Reason for Opening without Live Service",
        copy=False,
        help="Only a Qanat manager can open a ticket for a device without live "
        "service, and must say why.",
    )
    service_override_by_id = fields.Many2one(
        "res.users", string="Opened without Live Service By", readonly=True, copy=False
    )
    # SLA: first response within N working hours of the team's support calendar.
    sla_start = fields.Datetime(string="SLA Start", readonly=True, copy=False)
    sla_hours = fields.Float(
        string="SLA (working hours)", readonly=True, copy=False, aggregator=False
    )
    sla_deadline = fields.Datetime(
        string="First Response Deadline", readonly=True, copy=False, index=True
    )
    sla_risk_at = fields.Datetime(string="At Risk From", readonly=True, copy=False)
    sla_state = fields.Selection(
        SLA_STATES, string="SLA", readonly=True, copy=False, index=True
    )
    first_response_at = fields.Datetime(readonly=True, copy=False)
    first_response_hours = fields.Float(
        string="First Response (working hours)",
        readonly=True,
        copy=False,
        aggregator="avg",
    )
    answered_at = fields.Datetime(string="Last Answered On", readonly=True, copy=False)
    closed_at = fields.Datetime(string="Closed On", readonly=True, copy=False)
    # Per-case effort, recorded for billing.
    difficulty_id = fields.Many2one(
        "qanat.ticket.difficulty", string="Difficulty", tracking=True
    )
    effort_line_ids = fields.One2many(
        "qanat.ticket.effort", "ticket_id", string="Effort"
    )
    effort_hours = fields.Float(
        string="Effort (hours)", compute="_compute_effort_hours", store=True
    )

    _sql_constraints = [
        ("number_uniq", "unique(number)", "The ticket number must be unique."),
    ]

    # -- computes ---------------------------------------------------------------

    @api.depends("number", "name")
    def _compute_display_name(self):
        for ticket in self:
            ticket.display_name = f"[{ticket.number}] {ticket.name or ''}".strip()

    def _compute_access_url(self):
        super()._compute_access_url()
        for ticket in self:
            ticket.access_url = f"/my/tickets/{ticket.id}"

    @api.depends("effort_line_ids.hours")
    def _compute_effort_hours(self):
        totals = dict(
            self.env["qanat.ticket.effort"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["hours:sum"]
            )
        )
        for ticket in self:
            ticket.effort_hours = totals.get(ticket, 0.0)

    @api.model
    def _read_group_expand_states(self, states, domain):
        return [key for key, _label in TICKET_STATES]

    # -- the service rule ---------------------------------------------------------

    def _get_service_refusal(self, partner, device, kind="support"):
        """Why ``partner`` may not open a ticket of ``kind`` (for ``device``),
        or False.

        The one place every creation path asks; billing extends it (debt ceiling).
        """
        device = device.sudo()
        if kind == "installation":
            return self._installation_request_refusal(device)
        if kind == "warranty":
            return self._warranty_request_refusal(device)
        if device:
            if device.service_state in LIVE_SERVICE_STATES:
                return False
            return self._service_refusal_message(device)
        live_devices = (
            self.env["qanat.device"]
            .sudo()
            .search_count(
                [
                    ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                    ("service_state", "in", LIVE_SERVICE_STATES),
                ],
                limit=1,
            )
        )
        if live_devices:
            return False
        return self.env._(
            "Tickets can be opened only while one of your devices has live service "
            "(active, renewed or pay per case). Please renew your service or choose "
            "pay per case in your customer area."
        )

    def _installation_request_refusal(self, device):
        if not device:
            return self.env._("Please choose the device to install.")
        if device.service_state != "pending_installation":
            return self.env._(
                "Device %(device)s is already installed: for a problem, open a "
                "support ticket or, under warranty, a warranty repair request.",
                device=device.name,
            )
        pending = self.sudo().search(
            [
                ("device_id", "=", device.id),
                ("request_kind", "=", "installation"),
                ("state", "!=", "closed"),
                ("id", "not in", self.ids),
            ],
            limit=1,
        )
        if pending:
            return self.env._(
                "The installation of device %(device)s is already requested "
                "(ticket %(ticket)s).",
                device=device.name,
                ticket=pending.number,
            )
        return False

    def _warranty_request_refusal(self, device):
        if not device:
            return self.env._("Please choose the device to repair.")
        if device.is_under_warranty:
            return False
        if device.warranty_end:
            return self.env._(
                "The warranty of device %(device)s ended on %(date)s: open a support "
                "ticket instead (covered by the service or pay per case).",
                device=device.name,
                date=persian.format_jalali_date(device.warranty_end),
            )
        return self.env._(
            "Device %(device)s is not under warranty (its warranty starts at "
            "installation): request its installation, or open a support ticket.",
            device=device.name,
        )

    def _service_refusal_message(self, device):
        state_label = device._service_state_label(device.service_state)
        advice = {
            "pending_installation": self.env._(
                "Please confirm its installation form first."
            ),
            "suspended": self.env._(
                "Please pay your overdue invoices to restore the service."
            ),
            "cancelled": self.env._(
                "Please renew the service contract to resume support."
            ),
        }.get(
            device.service_state,
            self.env._(
                "Please renew the service for 1, 2 or 3 years, or choose pay per case, "
                "in your customer area."
            ),
        )
        return self.env._(
            "A ticket cannot be opened for device %(device)s because its service is "
            "%(state)s. %(advice)s",
            device=device.name,
            state=state_label,
            advice=advice,
        )

    @api.model
    def _customer_fields(self):
        """What a customer may give when opening a ticket; kinds add theirs."""
        return CUSTOMER_FIELDS

    def _check_service_rule(self, vals, existing_device_ids=None):
        """Apply the service rule to creation values; return the billing mode.

        ``existing_device_ids``: the devices known to exist (a batch checks
        them in one query)."""
        partner = self.env["res.partner"].browse(vals.get("partner_id")).sudo()
        device = self.env["qanat.device"].sudo().browse(vals.get("device_id"))
        if existing_device_ids is None:
            exists = bool(device.exists())
        else:
            exists = device.id in existing_device_ids
        if device and (
            not exists or device.commercial_partner_id != partner.commercial_partner_id
        ):
            raise UserError(self.env._("Please choose one of your devices."))
        kind = vals.get("request_kind") or "support"
        refusal = self._get_service_refusal(partner, device, kind)
        if refusal:
            reason = (vals.get("service_override_reason") or "").strip()
            if not (
                reason and self.env.user.has_group("qanat_devices.group_qanat_manager")
            ):
                raise UserError(refusal)
            vals["service_override_by_id"] = self.env.user.id
        else:
            vals.pop("service_override_reason", None)
        # Installation and warranty work is never billed per case.
        if kind == "support" and device.service_state == "pay_per_case":
            return "per_case"
        return "covered"

    # -- CRUD -------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # Server code running as superuser (mail gateway, crons) is trusted like
        # staff; RPC calls never run with sudo.
        is_staff = self.env.su or self.env.user.has_group(
            "qanat_devices.group_qanat_user"
        )
        # One read of the devices for the whole batch, not one per ticket.
        devices = (
            self.env["qanat.device"]
            .sudo()
            .browse({vals["device_id"] for vals in vals_list if vals.get("device_id")})
            .exists()
        )
        devices.fetch(["partner_id", "commercial_partner_id", "service_state"])
        existing_device_ids = set(devices.ids)
        self.env["res.partner"].sudo().browse(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        ).fetch(["commercial_partner_id"])
        default_team = self.env["qanat.helpdesk.team"].sudo()._default_team()
        for vals in vals_list:
            if not is_staff:
                if set(vals) - self._customer_fields():
                    raise AccessError(
                        self.env._("A customer can only give the ticket's content.")
                    )
                vals["partner_id"] = self.env.user.partner_id.id
            elif not self._is_system_write() and _SYSTEM_FIELDS & set(vals):
                raise UserError(
                    self.env._("These ticket fields are set automatically.")
                )
            vals["billing_mode"] = self._check_service_rule(
                vals, existing_device_ids=existing_device_ids
            )
            vals.setdefault("team_id", default_team.id)
        unnumbered = [vals for vals in vals_list if vals.get("number", "/") == "/"]
        numbers = (
            self.env["ir.sequence"]
            .sudo()
            ._qanat_next_by_code_many("qanat.ticket", len(unnumbered))
        )
        for vals, number in zip(unnumbered, numbers, strict=True):
            vals["number"] = number
        tickets = super().create(vals_list)
        tickets.sudo()._start_sla()
        tickets.sudo()._subscribe_customers()
        return tickets

    def _subscribe_customers(self):
        """Each ticket's customer follows it, with a customer's default
        subtypes, as ``message_subscribe`` would do ticket by ticket."""
        customers = self.partner_id.filtered("active")
        if not customers:
            return
        followers = self.env["mail.followers"].sudo()
        following = {
            (res_id, partner_id)
            for _fid, res_id, partner_id, _sids in followers._get_subscription_data(
                [(self._name, self.ids)], customers.ids
            )
        }
        default, _internal, external = self.env[
            "mail.message.subtype"
        ].default_subtypes(self._name)
        followers.with_context(default_partner_id=False).create(
            [
                {
                    "res_model": self._name,
                    "res_id": ticket.id,
                    "partner_id": ticket.partner_id.id,
                    "subtype_ids": [
                        Command.set(
                            external.ids
                            if ticket.partner_id.partner_share
                            else default.ids
                        )
                    ],
                }
                for ticket in self
                if ticket.partner_id in customers
                and (ticket.id, ticket.partner_id.id) not in following
            ]
        )

    def write(self, vals):
        if not self._is_system_write() and _SYSTEM_FIELDS & set(vals):
            raise UserError(self.env._("These ticket fields are set automatically."))
        if {"partner_id", "device_id", "request_kind"} & set(vals):
            # Refused before any check reads devices as the system: a customer's
            # ticket keeps its customer and device (no owner/device oracle).
            if not (self.env.su or access.is_staff(self.env)):
                raise AccessError(
                    self.env._("A customer can only give the ticket's content.")
                )
            for ticket in self:
                check_vals = {
                    "partner_id": vals.get("partner_id", ticket.partner_id.id),
                    "device_id": vals.get("device_id", ticket.device_id.id),
                    "request_kind": vals.get("request_kind", ticket.request_kind),
                    "service_override_reason": vals.get(
                        "service_override_reason", ticket.service_override_reason
                    ),
                }
                ticket._check_service_rule(check_vals)
        if vals.get("state") == "closed" and not self.env.su:
            # Closing by drag and drop in the kanban obeys the rules of the button.
            for ticket in self.filtered(lambda t: t.state != "closed"):
                ticket._check_can_close()
        result = super().write(vals)
        if "priority" in vals:
            self.sudo().filtered(
                lambda t: t.sla_state in ("running", "at_risk")
            )._start_sla(keep_start=True)
        return result

    @api.constrains("user_id", "request_kind", "device_id")
    def _check_warranty_technician(self):
        """A warranty repair goes only to a technician authorised for the device
        type today (seeds 000 and 004)."""
        for ticket in self.filtered(
            lambda t: t.request_kind == "warranty" and t.user_id and t.device_id
        ):
            ticket._check_warranty_assignee_authorized()

    def _check_warranty_assignee_authorized(self):
        self.ensure_one()
        if not self.env["qanat.technician.authorization"]._is_authorized(
            self.user_id.partner_id,
            self.device_id,
            company_today(self.env),
        ):
            raise ValidationError(
                self.env._(
                    "%(user)s is not an authorised technician for device %(device)s "
                    "today: a warranty repair goes only to a technician the "
                    "supplier authorised for its type.",
                    user=self.user_id.display_name or self.env._("Nobody"),
                    device=self.device_id.display_name,
                )
            )

    def _is_system_write(self):
        return SYSTEM_GUARD.is_allowed(self)

    def _system(self):
        return SYSTEM_GUARD.allow(self).sudo()

    # -- SLA ----------------------------------------------------------------------

    def _start_sla(self, keep_start=False):
        """Plan the first-response deadline on the team's support calendar."""
        now = fields.Datetime.now()
        for (team, priority), tickets in self.grouped(
            lambda t: (t.team_id, t.priority)
        ).items():
            hours = team._first_response_hours_for([priority])[priority]
            calendar = team.resource_calendar_id
            # Tickets starting together share their deadlines: one calendar
            # planning and one write for each start (a batch has a single one).
            for start, same_start in tickets.grouped(
                lambda t: t.sla_start if keep_start else now
            ).items():
                deadline, risk_at = calendar._qanat_plan_hours_many(
                    [hours, max(hours - team.risk_hours, 0.0)], start
                )
                same_start._system().write(
                    {
                        "sla_start": start,
                        "sla_hours": hours,
                        "sla_deadline": deadline,
                        "sla_risk_at": risk_at,
                        "sla_state": "running",
                    }
                )

    def _register_first_response(self, when):
        """Stop the SLA clock at the first public staff reply; final afterwards."""
        for ticket in self.filtered(lambda t: not t.first_response_at):
            calendar = ticket.team_id.resource_calendar_id
            vals = {
                "first_response_at": when,
                "first_response_hours": calendar.get_work_hours_count(
                    ticket.sla_start, when, compute_leaves=True
                ),
            }
            if ticket.sla_state in ("running", "at_risk"):
                vals["sla_state"] = "met" if when <= ticket.sla_deadline else "failed"
            ticket._system().write(vals)

    @api.model
    @in_user_language
    def _cron_update_sla(self, batch_size=SLA_CRON_BATCH_SIZE):
        """Mark running tickets at risk or failed, one batch per run."""
        now = fields.Datetime.now()
        failed_domain = [
            ("sla_state", "in", ("running", "at_risk")),
            ("sla_deadline", "<", now),
        ]
        risk_domain = [
            ("sla_state", "=", "running"),
            ("sla_risk_at", "<=", now),
            ("sla_deadline", ">=", now),
        ]

        def fail(tickets):
            tickets._system().write({"sla_state": "failed"})
            tickets._notify_sla_failure()

        return run_deadline_batch(
            self,
            failed_domain,
            risk_domain,
            "sla_deadline",
            batch_size,
            on_late=fail,
            on_risk=lambda tickets: tickets._system().write({"sla_state": "at_risk"}),
        )

    def _notify_sla_failure(self):
        """An activity for the team manager (or assignee) on each failed ticket."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = company_today(self.env)
        values = []
        for ticket in self:
            user = ticket.team_id.manager_id or ticket.user_id
            if not user:
                continue
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": ticket.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "date_deadline": today,
                    "summary": self.env._("First-response SLA missed"),
                    "note": self.env._(
                        "Ticket %(ticket)s was not answered within %(hours)s working "
                        "hours.",
                        ticket=ticket.display_name,
                        hours=ticket.sla_hours,
                    ),
                }
            )
        # Activities without one e-mail each: a bad day fails hundreds of tickets
        # at once; the responsible sees them in the activity menu.
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(values)

    # -- conversation ---------------------------------------------------------------

    def _qanat_customer_attachments(self):
        """The ticket's files a customer may see: those of public messages, and
        those the customer uploaded with the ticket. A file posted with an
        internal note, or attached by staff outside a message, stays internal."""
        self.ensure_one()
        ticket_sudo = self.sudo()
        attachments_sudo = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("res_field", "=", False),
                ]
            )
        )
        messages = ticket_sudo.message_ids
        public = messages.filtered(
            lambda m: (
                m.message_type in ("comment", "email", "email_outgoing")
                and not m.is_internal
                and not m.subtype_id.internal
            )
        )
        in_messages = messages.attachment_ids
        return attachments_sudo.filtered(
            lambda a: (
                a in public.attachment_ids
                or (a not in in_messages and a.create_uid.share)
            )
        )

    def _qanat_attach_customer_files(self, files):
        """Attach ``files``, (name, bytes) pairs, to the customer's own ticket.

        At most MAX_CUSTOMER_FILES files of MAX_CUSTOMER_FILE_BYTES each, counting
        those already attached; the type is Odoo's guess from the content (an
        HTML or SVG file is served as text to customers), never the browser's."""
        self.ensure_one()
        self.check_access("read")
        if not files:
            return self.env["ir.attachment"]
        if any(len(content) > MAX_CUSTOMER_FILE_BYTES for _name, content in files):
            raise UserError(
                self.env._(
                    "Each attached file must be smaller than %(size)s MB.",
                    size=MAX_CUSTOMER_FILE_BYTES // (1024 * 1024),
                )
            )
        attached = self._qanat_customer_attachments().filtered(
            lambda a: a.create_uid.share
        )
        if len(attached) + len(files) > MAX_CUSTOMER_FILES:
            raise UserError(
                self.env._("Attach at most %(count)s files.", count=MAX_CUSTOMER_FILES)
            )
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": name,
                        "datas": base64.b64encode(content),
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                    for name, content in files
                ]
            )
        )

    def message_post(self, **kwargs):
        """A customer's message goes to the ticket's people, never to another
        customer: the company would e-mail them in the customer's name."""
        if self.env.user.share and kwargs.get("partner_ids"):
            own = self.env.user.partner_id.commercial_partner_id
            recipients = self.env["res.partner"].sudo().browse(kwargs["partner_ids"])
            existing = recipients.exists()
            if existing != recipients or existing.commercial_partner_id - own:
                raise AccessError(
                    self.env._("A message can only be addressed to your own contacts.")
                )
        return super().message_post(**kwargs)

    def _message_post_after_hook(self, message, msg_values):
        result = super()._message_post_after_hook(message, msg_values)
        is_public = message.message_type in ("comment", "email") and (
            message.subtype_id == self.env.ref("mail.mt_comment")
        )
        if is_public and message.author_id:
            author = message.author_id
            if author.user_ids.filtered(lambda u: not u.share):
                self._on_staff_reply(message)
            elif self.env.context.get("qanat_rating_apply"):
                pass  # a rating is not a reply: the ticket stays closed
            elif author.commercial_partner_id == self.commercial_partner_id:
                self._on_customer_reply()
        return result

    def rating_apply(self, rate, token=None, rating=None, feedback=None, **kwargs):
        return super(
            QanatTicket, self.with_context(qanat_rating_apply=True)
        ).rating_apply(rate, token=token, rating=rating, feedback=feedback, **kwargs)

    def _on_staff_reply(self, message):
        self._register_first_response(message.date or fields.Datetime.now())
        answered = self.filtered(lambda t: t.state != "closed")
        answered.sudo().write(
            {"state": "answered", "answered_at": fields.Datetime.now()}
        )
        answered._on_ticket_answered()

    def _on_ticket_answered(self):
        """Tell the customers by SMS / WhatsApp that their tickets are answered."""
        notifications = self.env["qanat.notification"]
        for ticket in self:
            notifications.notify(
                "ticket_answered",
                ticket,
                partner=ticket.partner_id,
                values={
                    "customer_name": ticket.partner_id.name,
                    "ticket_number": ticket.number,
                },
            )
        return True

    @in_user_language
    def _on_customer_reply(self):
        """A customer's reply puts the ticket back in the team's queue.

        A closed ticket is reopened: the customer is still talking about it.
        """
        for ticket in self.filtered(lambda t: t.state != "open"):
            if ticket.state == "closed":
                ticket.message_post(
                    body=self.env._("Reopened by the customer's reply."),
                    subtype_xmlid="mail.mt_note",
                )
            ticket.sudo().write({"state": "open", "closed_at": False})

    # -- actions ----------------------------------------------------------------

    def _check_staff(self):
        access.check_staff(self.env)

    def action_review(self):
        self._check_staff()
        self.filtered(lambda t: t.state == "open").write({"state": "in_review"})
        return True

    def action_assign_to_me(self):
        self._check_staff()
        self.write({"user_id": self.env.uid})
        return True

    def action_close(self):
        """Close the tickets and ask the customers to rate the support."""
        tickets = self.filtered(lambda t: t.state != "closed")
        for ticket in tickets:
            ticket._check_can_close()
        tickets.sudo().write({"state": "closed", "closed_at": fields.Datetime.now()})
        template = self.env.ref(
            "qanat_helpdesk.mail_template_ticket_rating", raise_if_not_found=False
        )
        if template:
            for ticket in tickets.filtered(lambda t: t.partner_id.email):
                ticket.sudo().rating_send_request(
                    template, lang=ticket.partner_id.lang, force_send=False
                )
        return True

    def _check_can_close(self):
        """Staff close any ticket; a customer closes only their own. Staff close a
        warranty repair as done only when an authorised technician did it (a
        customer closing it withdraws the request)."""
        access.check_staff_or_owner(
            self, self.env._("You can only close your own tickets.")
        )
        if (
            self.request_kind == "warranty"
            and self.device_id
            and access.is_staff(self.env)
            and not self.env.su
        ):
            if not self.user_id:
                raise UserError(
                    self.env._(
                        "Assign the warranty repair to the authorised technician "
                        "who did it before closing it."
                    )
                )
            self._check_warranty_assignee_authorized()

    def action_reopen(self):
        self._check_staff()
        self.filtered(lambda t: t.state == "closed").write(
            {"state": "open", "closed_at": False}
        )
        return True

    # -- mail gateway -------------------------------------------------------------

    def _alias_get_error(self, message, message_dict, alias):
        """Replies to an existing ticket are accepted; new tickets obey the rule."""
        error = super()._alias_get_error(message, message_dict, alias)
        if error or self.ids:
            return error
        return self._alias_new_ticket_error(message_dict)

    @api.model
    def _alias_new_ticket_error(self, message_dict):
        """Refuse, with a polite explanation, an email that may not open a ticket.

        The explanation is left in ``message_dict`` for the bounce email.
        """
        partner = self.env["res.partner"].browse(message_dict.get("author_id"))
        lang = self.env["qanat.messaging"]._customer_lang(partner)
        refusal = self.with_context(lang=lang)._email_refusal(
            partner, message_dict.get("email_from")
        )
        if not refusal:
            return False
        message_dict[REFUSAL_KEY] = refusal
        message_dict[REFUSAL_LANG_KEY] = lang
        return AliasError("qanat_ticket_refused", refusal)

    def _email_refusal(self, partner, email_from):
        if not partner:
            return self.env._(
                "We could not find a customer with the address %(email)s, so no "
                "ticket was opened. Please write from the email address registered "
                "with us, or contact our support team.",
                email=email_normalize(email_from) or email_from,
            )
        return self._get_service_refusal(partner, self.env["qanat.device"])

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        values = dict(custom_values or {})
        values.setdefault("name", msg_dict.get("subject") or self.env._("No subject"))
        values.setdefault("description", msg_dict.get("body"))
        if msg_dict.get("author_id"):
            values.setdefault("partner_id", msg_dict["author_id"])
        return super().message_new(msg_dict, custom_values=values)
