import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import access, persian
from ..tools.dates import company_today
from ..tools.language import in_user_language
from ..tools.write_guard import WriteGuard

_logger = logging.getLogger(__name__)

SERVICE_STATES = [
    ("pending_installation", "Pending installation"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("renewed", "Renewed"),
    ("pay_per_case", "Pay per case"),
    ("suspended", "Suspended"),
    ("cancelled", "Cancelled"),
]
# States in which the customer is entitled to after-sales service.
LIVE_SERVICE_STATES = ("active", "renewed", "pay_per_case")
# Which state may follow which. "suspended" returns to the state it interrupted.
SERVICE_TRANSITIONS = {
    "pending_installation": {"active", "cancelled"},
    "active": {"expired", "renewed", "pay_per_case", "suspended", "cancelled"},
    "expired": {"renewed", "pay_per_case", "suspended", "cancelled"},
    "renewed": {"expired", "renewed", "pay_per_case", "suspended", "cancelled"},
    "pay_per_case": {"renewed", "suspended", "cancelled"},
    "suspended": {"active", "expired", "renewed", "pay_per_case", "cancelled"},
    "cancelled": {"renewed", "pay_per_case"},
}
# Fields that only the service methods below may write.
_SERVICE_FIELDS = frozenset(
    {
        "service_state",
        "service_state_before_suspension",
        "service_start",
        "service_end",
        "installation_date",
    }
)
SERVICE_GUARD = WriteGuard("device_service")
EXPIRY_CRON_BATCH_SIZE = 500


class QanatDevice(models.Model):
    _name = "qanat.device"
    _description = "Customer Device"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _rec_names_search = ["name", "reference", "identifier", "identifier_normalized"]
    _check_company_auto = True

    reference = fields.Char(
        required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    name = fields.Char(compute="_compute_name", store=True, index="trigram")
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    product_id = fields.Many2one(
        "product.product",
        string="Product",
        domain="[('qanat_is_device', '=', True)]",
        check_company=True,
        tracking=True,
    )
    device_type_id = fields.Many2one(
        "qanat.device.type",
        string="Device Type",
        compute="_compute_from_product",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    brand = fields.Char(
        compute="_compute_from_product", store=True, readonly=False, tracking=True
    )
    model = fields.Char(
        compute="_compute_from_product", store=True, readonly=False, tracking=True
    )
    identifier_kind = fields.Selection(
        [("serial", "Serial number"), ("dongle", "Dongle"), ("user_id", "User ID")],
        string="Identifier Kind",
        required=True,
        default="serial",
        tracking=True,
    )
    identifier = fields.Char(required=True, tracking=True)
    identifier_normalized = fields.Char(
        compute="_compute_identifier_normalized", store=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Owner",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    installation_date = fields.Date(readonly=True, tracking=True)
    warranty_months = fields.Integer(
        string="Warranty (months)",
        compute="_compute_from_product",
        store=True,
        readonly=False,
    )
    warranty_end = fields.Date(
        compute="_compute_warranty_end", store=True, readonly=False, tracking=True
    )
    service_months = fields.Integer(
        string="Included Service (months)",
        compute="_compute_from_product",
        store=True,
        readonly=False,
    )
    service_start = fields.Date(readonly=True)
    service_end = fields.Date(readonly=True, index=True)
    service_state = fields.Selection(
        SERVICE_STATES,
        required=True,
        default="pending_installation",
        readonly=True,
        index=True,
        copy=False,
    )
    service_state_before_suspension = fields.Selection(
        SERVICE_STATES, readonly=True, copy=False
    )
    service_state_date = fields.Datetime(string="Service State Since", readonly=True)
    is_service_live = fields.Boolean(
        compute="_compute_is_service_live", search="_search_is_service_live"
    )
    is_under_warranty = fields.Boolean(compute="_compute_is_under_warranty")
    installation_ids = fields.One2many(
        "qanat.installation", "device_id", string="Installations"
    )
    ownership_ids = fields.One2many(
        "qanat.device.ownership", "device_id", string="Ownership History"
    )
    transfer_ids = fields.One2many(
        "qanat.device.transfer", "device_id", string="Transfer Requests"
    )
    notes = fields.Html()

    _sql_constraints = [
        (
            "identifier_uniq",
            "unique(identifier_kind, identifier_normalized)",
            "Another device already has this identifier.",
        ),
        ("reference_uniq", "unique(reference)", "The device reference must be unique."),
    ]

    # -- computes ---------------------------------------------------------

    @api.depends("brand", "model", "identifier", "reference")
    def _compute_name(self):
        for device in self:
            label = " ".join(filter(None, (device.brand, device.model)))
            device.name = " - ".join(filter(None, (label, device.identifier))) or (
                device.reference
            )

    @api.depends("product_id")
    def _compute_from_product(self):
        for device in self:
            template = device.product_id.product_tmpl_id
            if not template:
                device.warranty_months = device.warranty_months or 0
                device.service_months = device.service_months or 12
                continue
            device.device_type_id = template.qanat_device_type_id
            device.brand = template.qanat_brand
            device.model = template.qanat_model
            device.warranty_months = template.qanat_warranty_months
            device.service_months = template.qanat_service_months

    @api.depends("identifier")
    def _compute_identifier_normalized(self):
        for device in self:
            device.identifier_normalized = self._normalize_identifier(device.identifier)

    @api.model
    def _normalize_identifier(self, identifier):
        """Upper case, ASCII digits, no spaces or dashes: "ab-12 ۳" -> "AB123"."""
        return persian.only_digits(identifier).upper() or False

    @api.depends("installation_date", "warranty_months")
    def _compute_warranty_end(self):
        for device in self:
            if device.installation_date:
                device.warranty_end = device.installation_date + relativedelta(
                    months=device.warranty_months, days=-1
                )
            else:
                device.warranty_end = False

    @api.depends("service_state")
    def _compute_is_service_live(self):
        for device in self:
            device.is_service_live = device.service_state in LIVE_SERVICE_STATES

    def _search_is_service_live(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on live service."))
        positive = (operator == "=") == value
        return [("service_state", "in" if positive else "not in", LIVE_SERVICE_STATES)]

    @api.depends("warranty_end")
    def _compute_is_under_warranty(self):
        today = company_today(self.env)
        for device in self:
            device.is_under_warranty = bool(
                device.warranty_end and device.warranty_end >= today
            )

    # -- constraints --------------------------------------------------------

    @api.model
    def _check_identifiers_free(self, claims):
        """Refuse an empty identifier or one already registered for its kind.

        Checked before writing for a clear message; the SQL constraint still
        settles concurrent transactions.

        :param claims: list of (identifier kind, raw identifier, device id or None)
        """
        kinds = dict(self._fields["identifier_kind"]._description_selection(self.env))
        normalized_claims = []
        for kind, identifier, device_id in claims:
            normalized = self._normalize_identifier(identifier)
            if not normalized:
                raise ValidationError(
                    self.env._("The device identifier cannot be empty.")
                )
            normalized_claims.append((kind, normalized, device_id))
        seen = {}
        for kind, normalized, device_id in normalized_claims:
            if seen.get((kind, normalized), device_id) != device_id:
                raise ValidationError(
                    self.env._(
                        "The %(kind)s %(value)s is given to two devices.",
                        kind=kinds[kind],
                        value=normalized,
                    )
                )
            seen[(kind, normalized)] = device_id
        existing = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    (
                        "identifier_normalized",
                        "in",
                        [normalized for _k, normalized, _d in normalized_claims],
                    )
                ]
            )
        )
        for kind, normalized, device_id in normalized_claims:
            other = existing.filtered(
                lambda d, k=kind, n=normalized, i=device_id: (
                    d.identifier_kind == k
                    and d.identifier_normalized == n
                    and d.id != i
                )
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "The %(kind)s %(value)s is already registered on device "
                        "%(device)s.",
                        kind=kinds[kind],
                        value=normalized,
                        device=other[0].reference,
                    )
                )

    @api.constrains("warranty_months", "service_months")
    def _check_months(self):
        for device in self:
            if device.warranty_months < 0 or device.service_months < 0:
                raise ValidationError(
                    self.env._("Warranty and service lengths cannot be negative.")
                )

    # -- CRUD ---------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        guarded = self._is_service_write_allowed()
        self._check_identifiers_free(
            [
                (vals.get("identifier_kind") or "serial", vals.get("identifier"), None)
                for vals in vals_list
            ]
        )
        for vals in vals_list:
            if not guarded and _SERVICE_FIELDS.intersection(vals):
                raise UserError(
                    self.env._(
                        "A new device always starts pending installation; its service "
                        "dates are set when its installation is confirmed."
                    )
                )
            vals["service_state_date"] = fields.Datetime.now()
            if vals.get("reference", "/") == "/":
                vals["reference"] = self.env["ir.sequence"].next_by_code("qanat.device")
        devices = super().create(vals_list)
        now = fields.Datetime.now()
        self.env["qanat.device.ownership"].sudo().create(
            [
                {
                    "device_id": device.id,
                    "partner_id": device.partner_id.id,
                    "date_start": now,
                    "reason": "registration",
                }
                for device in devices
            ]
        )
        return devices

    def write(self, vals):
        if not self._is_service_write_allowed():
            if _SERVICE_FIELDS.intersection(vals):
                raise UserError(
                    self.env._(
                        "The service state and dates of a device change only through "
                        "its actions (installation confirmation, renewal, pay per "
                        "case, suspension, cancellation)."
                    )
                )
            if "partner_id" in vals:
                self._check_owner_correction(vals["partner_id"])
        if {"identifier", "identifier_kind"} & set(vals):
            self._check_identifiers_free(
                [
                    (
                        vals.get("identifier_kind", device.identifier_kind),
                        vals.get("identifier", device.identifier),
                        device.id,
                    )
                    for device in self
                ]
            )
        old_owners = {}
        if "partner_id" in vals:
            old_owners = {device: device.partner_id for device in self}
        result = super().write(vals)
        if old_owners:
            reason = self.env.context.get("qanat_ownership_reason", "correction")
            transfer_id = self.env.context.get("qanat_ownership_transfer_id")
            moved = self.filtered(lambda d: d.partner_id != old_owners[d])
            moved._record_owner_change(reason, transfer_id)
            for device in moved:
                device.installation_ids.filtered(lambda i: i.state == "draft").write(
                    {"partner_id": device.partner_id.id}
                )
        return result

    def _transfer_owner(self, new_partner, transfer):
        """Move the devices to ``new_partner``; called by an approved transfer."""
        return (
            self._service_writer()
            .with_context(
                qanat_ownership_reason="transfer",
                qanat_ownership_transfer_id=transfer.id,
            )
            .sudo()
            .write({"partner_id": new_partner.id})
        )

    def _check_owner_correction(self, new_partner_id):
        """Outside a transfer the owner may only be corrected before installation."""
        for device in self:
            if device.partner_id.id == new_partner_id:
                continue
            if device.service_state != "pending_installation":
                raise UserError(
                    self.env._(
                        "The owner of %(device)s can only change through an approved "
                        "ownership transfer request.",
                        device=device.display_name,
                    )
                )

    def _record_owner_change(self, reason, transfer_id=False):
        if not self:
            return
        now = fields.Datetime.now()
        history = self.env["qanat.device.ownership"].sudo()
        open_lines = history.search(
            [("device_id", "in", self.ids), ("date_end", "=", False)]
        )
        open_lines.write({"date_end": now})
        history.create(
            [
                {
                    "device_id": device.id,
                    "partner_id": device.partner_id.id,
                    "date_start": now,
                    "reason": reason,
                    "transfer_id": transfer_id,
                }
                for device in self
            ]
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_pending(self):
        if any(d.service_state != "pending_installation" for d in self):
            raise UserError(
                self.env._(
                    "A device whose service has started cannot be deleted; archive it "
                    "instead."
                )
            )

    # -- service state machine ---------------------------------------------

    def _is_service_write_allowed(self):
        return SERVICE_GUARD.is_allowed(self)

    def _service_writer(self):
        return SERVICE_GUARD.allow(self)

    def _service_state_label(self, state):
        return dict(self._fields["service_state"]._description_selection(self.env))[
            state
        ]

    @in_user_language
    def _change_service_state(self, new_state, reason=None, vals=None):
        """The one place where a device's service state changes.

        Checks the transition, writes the state with ``vals``, logs the change on
        the device's chatter and calls :meth:`_on_service_state_changed`.
        """
        if not self:
            return True
        for device in self:
            allowed = SERVICE_TRANSITIONS[device.service_state]
            if new_state not in allowed:
                raise UserError(
                    self.env._(
                        "Device %(device)s cannot go from %(old)s to %(new)s.",
                        device=device.display_name,
                        old=self._service_state_label(device.service_state),
                        new=self._service_state_label(new_state),
                    )
                )
        old_states = {device.id: device.service_state for device in self}
        write_vals = dict(
            vals or {},
            service_state=new_state,
            service_state_date=fields.Datetime.now(),
        )
        self._service_writer().sudo().write(write_vals)
        # One note per device, logged in one batch: an internal note notifies
        # nobody, so message_post's per-record recipient work would be wasted.
        bodies = {}
        new_label = self._service_state_label(new_state)
        for old_state, devices in self.grouped(lambda d: old_states[d.id]).items():
            old_label = self._service_state_label(old_state)
            if reason:
                body = self.env._(
                    "Service state: %(old)s → %(new)s. Reason: %(reason)s",
                    old=old_label,
                    new=new_label,
                    reason=reason,
                )
            else:
                body = self.env._(
                    "Service state: %(old)s → %(new)s.", old=old_label, new=new_label
                )
            bodies.update(dict.fromkeys(devices.ids, body))
        self._message_log_batch(bodies)
        self._on_service_state_changed(old_states)
        return True

    def _on_service_state_changed(self, old_states):
        """Hook for other modules (CRM sync, notifications) after a state change.

        :param dict old_states: device id -> state before the change
        """
        self.env["qanat.crm.sync.job"]._enqueue_devices(
            self,
            "service",
            {
                device.id: f"{device.reference}: {old_states.get(device.id)} → "
                f"{device.service_state}"
                for device in self
            },
        )
        return True

    def _activate_service(self, start_date):
        """Start the service period after the installation is confirmed."""
        for device in self:
            if device.service_state != "pending_installation":
                raise UserError(
                    self.env._(
                        "The service of %(device)s has already started.",
                        device=device.display_name,
                    )
                )
            device._change_service_state(
                "active",
                vals={
                    "installation_date": start_date,
                    "service_start": start_date,
                    "service_end": start_date
                    + relativedelta(months=device.service_months, days=-1),
                },
            )
        return True

    def _expire_service(self):
        return self._change_service_state(
            "expired", reason=self.env._("The service period has ended.")
        )

    def _renew_service(self, months, reason=None):
        """Extend the service by ``months`` from max(today, current end)."""
        if months <= 0:
            raise UserError(self.env._("A renewal must last at least one month."))
        today = company_today(self.env)
        for device in self:
            start = max(today, device.service_end or today)
            device._change_service_state(
                "renewed",
                reason=reason,
                vals={
                    "service_end": start + relativedelta(months=months),
                    "service_state_before_suspension": False,
                },
            )
        return True

    def _set_pay_per_case(self, reason=None):
        return self._change_service_state(
            "pay_per_case",
            reason=reason,
            vals={"service_state_before_suspension": False},
        )

    def _cancel_service(self, reason):
        if not reason:
            raise UserError(self.env._("Please give a reason for the cancellation."))
        return self._change_service_state(
            "cancelled", reason=reason, vals={"service_state_before_suspension": False}
        )

    def _suspend_service(self, reason):
        if not reason:
            raise UserError(self.env._("Please give a reason for the suspension."))
        for previous_state in set(self.mapped("service_state")):
            devices = self.filtered(lambda d, s=previous_state: d.service_state == s)
            devices._change_service_state(
                "suspended",
                reason=reason,
                vals={"service_state_before_suspension": previous_state},
            )
        return True

    def _restore_service(self, reason=None):
        """Return suspended devices to the state their suspension interrupted."""
        today = company_today(self.env)
        for device in self:
            if device.service_state != "suspended":
                raise UserError(
                    self.env._(
                        "Device %(device)s is not suspended.",
                        device=device.display_name,
                    )
                )
            target = device.service_state_before_suspension or "active"
            if (
                target in ("active", "renewed")
                and device.service_end
                and device.service_end < today
            ):
                target = "expired"
            device._change_service_state(
                target, reason=reason, vals={"service_state_before_suspension": False}
            )
        return True

    # -- actions (buttons) --------------------------------------------------

    def _check_qanat_user(self):
        if not access.is_staff(self.env):
            raise AccessError(
                self.env._("Only Qanat staff can change a device's service.")
            )

    def action_set_pay_per_case(self):
        self._check_qanat_user()
        return self._set_pay_per_case(reason=self.env._("Set by staff."))

    def action_restore_service(self):
        self._check_qanat_user()
        return self._restore_service(reason=self.env._("Restored by staff."))

    def action_open_service_wizard(self):
        self._check_qanat_user()
        return {
            "type": "ir.actions.act_window",
            "res_model": "qanat.device.service.wizard",
            "name": self.env._("Change Service"),
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_device_ids": self.ids,
                "default_action": self.env.context.get(
                    "qanat_service_action", "cancel"
                ),
            },
        }

    def action_view_installations(self):
        access.check_staff(self.env)
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "qanat_devices.qanat_installation_action"
        )
        action["domain"] = [("device_id", "=", self.id)]
        action["context"] = {"default_device_id": self.id}
        if len(self.installation_ids) == 1:
            action["res_id"] = self.installation_ids.id
            action["views"] = [(False, "form")]
        return action

    # -- cron ---------------------------------------------------------------

    @api.model
    @in_user_language
    def _cron_expire_services(self, batch_size=EXPIRY_CRON_BATCH_SIZE):
        """Expire devices whose service end has passed, one batch per run.

        Reports progress so that the scheduler runs it again at once while devices
        remain; rerunning finds only the devices still to expire.
        """
        today = company_today(self.env)
        domain = [
            ("service_state", "in", ("active", "renewed")),
            ("service_end", "<", today),
        ]
        devices = self.search(domain, limit=batch_size, order="service_end, id")
        devices._expire_service()
        remaining = self.search_count(domain) if len(devices) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(devices), remaining=remaining)
        _logger.info(
            "Expired the service of %s devices, %s remain", len(devices), remaining
        )
        return len(devices)
