import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from ..tools import access, persian
from ..tools.language import in_user_language
from ..tools.write_guard import WriteGuard

WORKFLOW_GUARD = WriteGuard("transfer_workflow")
OPEN_TRANSFER_INDEX = "qanat_device_transfer_one_open_per_device"
OPEN_STATES = ("draft", "submitted")
# Fields a requester fills in; everything else is set by the workflow methods.
REQUEST_FIELDS = frozenset(
    {
        "device_id",
        "new_owner_name",
        "new_owner_national_code",
        "new_owner_phone",
        "current_owner_confirmed",
        "note",
    }
)


class QanatDeviceTransfer(models.Model):
    _name = "qanat.device.transfer"
    _description = "Device Ownership Transfer Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/"
    )
    device_id = fields.Many2one(
        "qanat.device", required=True, index=True, ondelete="restrict", tracking=True
    )
    company_id = fields.Many2one(
        related="device_id.company_id", store=True, index=True, precompute=True
    )
    current_partner_id = fields.Many2one(
        "res.partner",
        string="Current Owner",
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    commercial_partner_id = fields.Many2one(
        related="current_partner_id.commercial_partner_id", store=True, index=True
    )
    requested_by_id = fields.Many2one(
        "res.users", string="Requested By", readonly=True, default=lambda s: s.env.user
    )
    new_owner_name = fields.Char(
        string="New Owner's Name", required=True, tracking=True
    )
    new_owner_national_code = fields.Char(
        string="New Owner's National Code", required=True, size=10, tracking=True
    )
    new_owner_phone = fields.Char(
        string="New Owner's Mobile", required=True, tracking=True
    )
    current_owner_confirmed = fields.Boolean(
        string="The current owner confirms that their ownership ends",
        tracking=True,
    )
    note = fields.Text()
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    submitted_at = fields.Datetime(readonly=True, copy=False)
    decided_by_id = fields.Many2one(
        "res.users", string="Decided By", readonly=True, copy=False
    )
    decided_at = fields.Datetime(string="Decided On", readonly=True, copy=False)
    reject_reason = fields.Text(readonly=True, copy=False, tracking=True)
    new_partner_id = fields.Many2one(
        "res.partner", string="New Owner", readonly=True, copy=False
    )

    def init(self):
        super().init()
        if not index_exists(self.env.cr, OPEN_TRANSFER_INDEX):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX %s ON qanat_device_transfer (device_id) "
                    "WHERE state IN ('draft', 'submitted')",
                    SQL.identifier(OPEN_TRANSFER_INDEX),
                )
            )

    # -- constraints --------------------------------------------------------

    @api.constrains("new_owner_national_code", "current_partner_id")
    def _check_new_owner_national_code(self):
        for transfer in self:
            code = transfer.new_owner_national_code
            if not persian.is_valid_national_code(code):
                raise ValidationError(
                    self.env._(
                        "The new owner's national code %(code)s is not valid: it must "
                        "be 10 digits with a correct check digit.",
                        code=code,
                    )
                )
            if code == transfer.current_partner_id.commercial_partner_id.national_code:
                raise ValidationError(
                    self.env._(
                        "The new owner must be someone other than the current owner."
                    )
                )

    @api.constrains("new_owner_phone")
    def _check_new_owner_phone(self):
        for transfer in self:
            if not persian.is_valid_mobile(transfer.new_owner_phone):
                raise ValidationError(
                    self.env._(
                        "The new owner's mobile number %(phone)s is not valid (for "
                        "example 09121234567).",
                        phone=transfer.new_owner_phone,
                    )
                )

    @api.model
    def _check_no_open_request(self, device_ids):
        """One open request per device (the partial unique index backs this up)."""
        if len(device_ids) != len(set(device_ids)):
            raise ValidationError(
                self.env._("A device can only have one open transfer request.")
            )
        open_requests = self.sudo().search(
            [("device_id", "in", device_ids), ("state", "in", OPEN_STATES)], limit=1
        )
        if open_requests:
            raise ValidationError(
                self.env._(
                    "Device %(device)s already has an open transfer request.",
                    device=open_requests.device_id.reference,
                )
            )

    # -- CRUD ---------------------------------------------------------------

    @api.model
    def _normalize_request_vals(self, vals):
        if vals.get("new_owner_national_code"):
            vals["new_owner_national_code"] = persian.normalize_national_code(
                vals["new_owner_national_code"]
            )
        if vals.get("new_owner_phone"):
            vals["new_owner_phone"] = (
                persian.normalize_mobile(vals["new_owner_phone"])
                or vals["new_owner_phone"]
            )
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        is_staff = access.is_staff(self.env)
        customer = self.env.user.commercial_partner_id
        for vals in vals_list:
            if not is_staff and set(vals) - REQUEST_FIELDS:
                raise AccessError(
                    self.env._(
                        "A transfer request can only contain the request itself."
                    )
                )
            if vals.get("state", "draft") != "draft":
                raise UserError(self.env._("A transfer request is created as a draft."))
            device = self.env["qanat.device"].sudo().browse(vals.get("device_id"))
            if not device.exists():
                raise UserError(self.env._("Please choose one of your devices."))
            # Checked with sudo so that another customer's device and a missing one
            # give the same answer.
            if not is_staff and device.commercial_partner_id != customer:
                raise UserError(self.env._("Please choose one of your devices."))
            vals["current_partner_id"] = device.partner_id.id
            vals.setdefault("requested_by_id", self.env.user.id)
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].sudo().next_by_code("qanat.device.transfer")
                )
            self._normalize_request_vals(vals)
        self._check_no_open_request([vals["device_id"] for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        workflow_fields = {
            "state",
            "submitted_at",
            "decided_by_id",
            "decided_at",
            "reject_reason",
            "new_partner_id",
            "current_partner_id",
            "requested_by_id",
        }
        in_workflow = WORKFLOW_GUARD.is_allowed(self)
        if workflow_fields & set(vals) and not in_workflow:
            raise UserError(
                self.env._(
                    "The state of a transfer request changes only through its actions."
                )
            )
        if set(vals) & REQUEST_FIELDS and any(t.state != "draft" for t in self):
            raise UserError(self.env._("Only a draft transfer request can be changed."))
        if "device_id" in vals:
            raise UserError(
                self.env._("Create a new request to transfer another device.")
            )
        return super().write(self._normalize_request_vals(dict(vals)))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(t.state != "draft" for t in self):
            raise UserError(self.env._("Only a draft transfer request can be deleted."))

    # -- workflow -------------------------------------------------------------

    def _workflow(self):
        return WORKFLOW_GUARD.allow(self)

    def _check_requester(self):
        """The device's owner (through the portal) or Qanat staff may act."""
        access.check_staff_or_owner(
            self, self.env._("You can only act on your own transfer requests.")
        )

    def _check_manager(self):
        if not self.env.user.has_group("qanat_devices.group_qanat_manager"):
            raise AccessError(
                self.env._("Only a Qanat manager can decide on a transfer request.")
            )

    def action_submit(self):
        self._check_requester()
        for transfer in self.sudo():
            if transfer.state != "draft":
                raise UserError(self.env._("Only a draft request can be submitted."))
            if not transfer.current_owner_confirmed:
                raise UserError(
                    self.env._(
                        "The current owner must confirm that their ownership ends "
                        "before the request is submitted."
                    )
                )
            if transfer.device_id.partner_id != transfer.current_partner_id:
                raise UserError(
                    self.env._(
                        "The device has changed owner since this request was made."
                    )
                )
            transfer._workflow().write(
                {"state": "submitted", "submitted_at": fields.Datetime.now()}
            )
        return True

    def _lock_for_decision(self):
        """Lock the requests' rows so that two managers cannot decide at once."""
        try:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM qanat_device_transfer WHERE id IN %s "
                    "FOR NO KEY UPDATE NOWAIT",
                    tuple(self.ids),
                )
            )
        except (psycopg2.errors.LockNotAvailable, psycopg2.errors.SerializationFailure):
            raise UserError(
                self.env._(
                    "Another user is deciding on this transfer request right now. "
                    "Please reload it in a moment."
                )
            ) from None
        self.invalidate_recordset(["state"])

    def _check_submitted(self):
        for transfer in self:
            if transfer.state != "submitted":
                raise UserError(
                    self.env._(
                        "Transfer request %(name)s has already been decided or is not "
                        "submitted.",
                        name=transfer.name,
                    )
                )

    @in_user_language
    def action_approve(self):
        """Approve: find or create the new owner and move the device to them."""
        self._check_manager()
        transfers = self.sudo()
        transfers._lock_for_decision()
        transfers._check_submitted()
        for transfer in transfers:
            device = transfer.device_id
            if device.partner_id != transfer.current_partner_id:
                raise UserError(
                    self.env._(
                        "The device has changed owner since this request was made."
                    )
                )
            new_partner = transfer._find_or_create_new_owner()
            device._transfer_owner(new_partner, transfer)
            transfer._workflow().write(
                {
                    "state": "approved",
                    "decided_by_id": self.env.user.id,
                    "decided_at": fields.Datetime.now(),
                    "new_partner_id": new_partner.id,
                }
            )
            device.message_post(
                body=self.env._(
                    "Ownership transferred from %(old)s to %(new)s (request %(name)s).",
                    old=transfer.current_partner_id.display_name,
                    new=new_partner.display_name,
                    name=transfer.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _find_or_create_new_owner(self):
        self.ensure_one()
        partners = self.env["res.partner"].sudo().with_context(active_test=True)
        new_partner = partners.search(
            [
                ("national_code", "=", self.new_owner_national_code),
                ("company_id", "in", (False, self.company_id.id)),
            ],
            order="company_id",
            limit=1,
        )
        if not new_partner:
            new_partner = partners.create(
                {
                    "name": self.new_owner_name,
                    "national_code": self.new_owner_national_code,
                    "mobile": self.new_owner_phone,
                }
            )
        return new_partner

    def action_reject(self, reason):
        self._check_manager()
        if not reason or not reason.strip():
            raise UserError(self.env._("Please give the reason for the rejection."))
        transfers = self.sudo()
        transfers._lock_for_decision()
        transfers._check_submitted()
        transfers._workflow().write(
            {
                "state": "rejected",
                "reject_reason": reason.strip(),
                "decided_by_id": self.env.user.id,
                "decided_at": fields.Datetime.now(),
            }
        )
        return True

    def action_open_reject_wizard(self):
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "res_model": "qanat.device.transfer.reject.wizard",
            "name": self.env._("Reject Transfer Request"),
            "view_mode": "form",
            "target": "new",
            "context": {"default_transfer_ids": self.ids},
        }
