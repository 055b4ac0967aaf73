import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import SQL

from ..tools import access, persian
from ..tools.actions import notification_action
from ..tools.dates import company_today, company_today_default
from ..tools.language import in_user_language
from ..tools.write_guard import WriteGuard

# Columns that make up the confirmed form. They are hashed, and once the form is
# confirmed a database trigger refuses any change to them, even from raw SQL.
HASHED_FIELDS = (
    "name",
    "device_id",
    "device_reference",
    "device_identifier_kind",
    "device_identifier",
    "partner_id",
    "partner_name",
    "partner_national_code",
    "company_id",
    "installation_date",
    "installed_by",
    "item_device_installed",
    "item_connections_installed",
    "item_training_given",
    "customer_all_done",
    "notes",
    "confirmed_by_id",
    "confirmed_at",
    "confirmed_from",
    "confirmed_channel",
)
# Hashed only when set, so forms confirmed before technicians were recorded keep
# their hash.
OPTIONAL_HASHED_FIELDS = ("technician_id",)
FROZEN_COLUMNS = (*HASHED_FIELDS, *OPTIONAL_HASHED_FIELDS, "state", "content_hash")
CHECKLIST_FIELDS = (
    "item_device_installed",
    "item_connections_installed",
    "item_training_given",
    "customer_all_done",
)
# Written by mail.thread and activities on any record; they never change the form.
_ALWAYS_WRITABLE_PREFIXES = ("message_", "activity_", "website_message")
CONFIRM_GUARD = WriteGuard("installation_confirm")


class QanatInstallation(models.Model):
    _name = "qanat.installation"
    _description = "Installation Confirmation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/"
    )
    device_id = fields.Many2one(
        "qanat.device",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('service_state', '=', 'pending_installation')]",
    )
    company_id = fields.Many2one(
        related="device_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        precompute=True,
        index=True,
        ondelete="restrict",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    installation_date = fields.Date(
        required=True, default=company_today_default, tracking=True
    )
    technician_id = fields.Many2one(
        "res.partner",
        string="Technician",
        index=True,
        tracking=True,
        ondelete="restrict",
        domain="[('id', 'in', allowed_technician_ids)]",
        help="The technician authorised for this device type who installs it; "
        "only they can be named on the form (seeds 000 and 004).",
    )
    allowed_technician_ids = fields.Many2many(
        "res.partner", compute="_compute_allowed_technician_ids"
    )
    installed_by = fields.Char(
        string="Installed By",
        compute="_compute_installed_by",
        store=True,
        readonly=False,
        precompute=True,
        help="Name of the authorised technician, as printed on the form.",
    )
    item_device_installed = fields.Boolean(string="Device fully installed")
    item_connections_installed = fields.Boolean(
        string="Driver, compressor and connections installed"
    )
    item_training_given = fields.Boolean(string="Initial training given")
    customer_all_done = fields.Boolean(
        string="The customer confirms that all items have been done"
    )
    notes = fields.Text()
    state = fields.Selection(
        [("draft", "To confirm"), ("confirmed", "Confirmed")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
    )
    # Snapshot of the device and customer at confirmation, part of the legal record.
    device_reference = fields.Char(readonly=True, copy=False)
    device_identifier_kind = fields.Char(readonly=True, copy=False)
    device_identifier = fields.Char(readonly=True, copy=False)
    partner_name = fields.Char(string="Customer Name", readonly=True, copy=False)
    partner_national_code = fields.Char(
        string="Customer National Code", readonly=True, copy=False
    )
    confirmed_by_id = fields.Many2one(
        "res.users", string="Confirmed By", readonly=True, copy=False
    )
    confirmed_at = fields.Datetime(string="Confirmed On", readonly=True, copy=False)
    confirmed_from = fields.Char(
        string="Confirmed From",
        readonly=True,
        copy=False,
        help="Network address of the confirmation, or 'backend' for staff.",
    )
    confirmed_channel = fields.Selection(
        [("portal", "Customer portal"), ("backend", "Staff, on the customer's behalf")],
        readonly=True,
        copy=False,
    )
    content_hash = fields.Char(
        string="Content Hash (SHA-256)", size=64, readonly=True, copy=False
    )
    hash_verified = fields.Boolean(
        string="Content Intact", compute="_compute_hash_verified"
    )

    _sql_constraints = [
        (
            "device_uniq",
            "unique(device_id)",
            "A device has a single installation confirmation form.",
        ),
    ]

    def init(self):
        super().init()
        self._create_freeze_trigger()

    def _create_freeze_trigger(self):
        """Refuse at database level any change to a confirmed form."""
        old_row = SQL(", ").join(
            SQL.identifier("old", column) for column in FROZEN_COLUMNS
        )
        new_row = SQL(", ").join(
            SQL.identifier("new", column) for column in FROZEN_COLUMNS
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE FUNCTION qanat_installation_freeze() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD.state = 'confirmed' THEN
                        IF TG_OP = 'DELETE' THEN
                            RAISE EXCEPTION USING MESSAGE = 'qanat: confirmed '
                                || 'installation ' || OLD.id || ' cannot be deleted';
                        END IF;
                        IF ROW(%s) IS DISTINCT FROM ROW(%s) THEN
                            RAISE EXCEPTION USING MESSAGE = 'qanat: confirmed '
                                || 'installation ' || OLD.id || ' cannot be changed';
                        END IF;
                    END IF;
                    IF TG_OP = 'DELETE' THEN
                        RETURN OLD;
                    END IF;
                    RETURN NEW;
                END;
                $$;
                DROP TRIGGER IF EXISTS qanat_installation_freeze ON qanat_installation;
                CREATE TRIGGER qanat_installation_freeze
                    BEFORE UPDATE OR DELETE ON qanat_installation
                    FOR EACH ROW EXECUTE FUNCTION qanat_installation_freeze();
                """,
                old_row,
                new_row,
            )
        )

    # -- computes ---------------------------------------------------------

    @api.depends("device_id")
    def _compute_partner_id(self):
        # Depends on the device only: a device's owner can change only before its
        # installation is confirmed, and the device then updates draft forms itself.
        for installation in self:
            installation.partner_id = installation.device_id.partner_id

    @api.depends("device_id", "installation_date")
    def _compute_allowed_technician_ids(self):
        authorizations = self.env["qanat.technician.authorization"]
        dated = self.filtered(lambda i: i.device_id and i.installation_date)
        candidates = authorizations._valid_between(
            dated.device_id,
            min(dated.mapped("installation_date"), default=False),
            max(dated.mapped("installation_date"), default=False),
        )
        for installation in self:
            installation.allowed_technician_ids = (
                candidates._covering(
                    installation.device_id, installation.installation_date
                ).partner_id
                if installation in dated
                else False
            )

    @api.depends("technician_id")
    def _compute_installed_by(self):
        # Depends on the technician only, never on their name: a confirmed form
        # keeps the name it was signed with.
        for installation in self:
            if installation.technician_id:
                installation.installed_by = installation.technician_id.name
            else:
                installation.installed_by = installation.installed_by

    @api.constrains("technician_id", "device_id", "installation_date")
    def _check_technician_authorized(self):
        for installation in self.filtered(
            lambda i: i.state == "draft" and i.technician_id
        ):
            installation._check_technician_authorized_on_date()

    def _check_technician_authorized_on_date(self):
        self.ensure_one()
        if not self.env["qanat.technician.authorization"]._is_authorized(
            self.technician_id, self.device_id, self.installation_date
        ):
            raise ValidationError(
                self.env._(
                    "%(technician)s is not authorised to install %(type)s devices "
                    "on %(date)s: record their authorisation first.",
                    technician=self.technician_id.display_name,
                    type=self.device_id.device_type_id.display_name
                    or self.env._("these"),
                    date=persian.format_jalali_date(self.installation_date),
                )
            )

    def _compute_hash_verified(self):
        for installation in self:
            installation.hash_verified = (
                installation.state == "confirmed"
                and installation.content_hash == installation._compute_content_hash()
            )

    def _canonical_content(self):
        """Deterministic JSON of the hashed fields (ids, ISO dates, plain values)."""
        self.ensure_one()
        content = {}
        for field_name in HASHED_FIELDS:
            value = self[field_name]
            field = self._fields[field_name]
            if field.type == "many2one":
                value = value.id or None
            elif field.type in ("date", "datetime"):
                value = value.isoformat() if value else None
            elif value is False and field.type != "boolean":
                value = None
            content[field_name] = value
        for field_name in OPTIONAL_HASHED_FIELDS:
            if self[field_name]:
                content[field_name] = self[field_name].id
        return json.dumps(
            content, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )

    def _compute_content_hash(self):
        self.ensure_one()
        return hashlib.sha256(self._canonical_content().encode()).hexdigest()

    # -- CRUD ---------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "draft") != "draft":
                raise UserError(
                    self.env._("An installation form is created unconfirmed.")
                )
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "qanat.installation"
                )
        device_ids = [vals.get("device_id") for vals in vals_list]
        if len(device_ids) != len(set(device_ids)) or self.sudo().search_count(
            [("device_id", "in", device_ids)], limit=1
        ):
            raise UserError(
                self.env._("A device has a single installation confirmation form.")
            )
        installations = super().create(vals_list)
        installations._check_device_pending()
        return installations

    def write(self, vals):
        self.check_access("write")
        confirming = CONFIRM_GUARD.is_allowed(self)
        content_fields = {
            field_name
            for field_name in vals
            if not field_name.startswith(_ALWAYS_WRITABLE_PREFIXES)
        }
        if content_fields and not confirming:
            if any(installation.state == "confirmed" for installation in self):
                raise UserError(
                    self.env._(
                        "A confirmed installation form is a legal record: it cannot "
                        "be changed."
                    )
                )
            if content_fields & {"state", "content_hash"}.union(
                name for name in self._fields if name.startswith("confirmed_")
            ):
                raise UserError(
                    self.env._("An installation form is confirmed only by its action.")
                )
        result = super().write(vals)
        if "device_id" in vals:
            self._check_device_pending()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never_confirmed(self):
        if any(installation.state == "confirmed" for installation in self):
            raise UserError(
                self.env._(
                    "A confirmed installation form is a legal record: it cannot be "
                    "deleted."
                )
            )

    def _check_device_pending(self):
        for installation in self:
            if (
                installation.state == "draft"
                and installation.device_id.service_state != "pending_installation"
            ):
                raise UserError(
                    self.env._(
                        "Device %(device)s is not waiting for installation.",
                        device=installation.device_id.display_name,
                    )
                )

    # -- confirmation -------------------------------------------------------

    def _check_can_confirm(self):
        """The device's owner or Qanat staff may confirm; raise otherwise."""
        access.check_staff_or_owner(
            self, self.env._("You can only confirm the installation of your devices.")
        )

    @in_user_language
    def action_confirm(self):
        """Confirm the form: freeze it, hash it and start the device's service."""
        self._check_can_confirm()
        is_staff = access.is_staff(self.env)
        remote_addr = request.httprequest.remote_addr if request else None
        today = company_today(self.env)
        for installation in self.sudo():
            if installation.state == "confirmed":
                continue
            missing = [
                installation._fields[name].get_description(self.env)["string"]
                for name in CHECKLIST_FIELDS
                if not installation[name]
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "The installation cannot be confirmed until every item is "
                        "ticked. Missing: %(items)s",
                        items=", ".join(missing),
                    )
                )
            if installation.installation_date > today:
                raise UserError(
                    self.env._("The installation date cannot be in the future.")
                )
            if not installation.technician_id:
                raise UserError(
                    self.env._(
                        "Name the authorised technician who installed the device "
                        "before the form is confirmed."
                    )
                )
            installation._check_technician_authorized_on_date()
            installation._check_device_pending()
            device = installation.device_id
            frozen = CONFIRM_GUARD.allow(installation)
            frozen.write(
                {
                    "state": "confirmed",
                    "device_reference": device.reference,
                    "device_identifier_kind": device.identifier_kind,
                    "device_identifier": device.identifier,
                    "partner_name": device.partner_id.display_name,
                    "partner_national_code": device.partner_id.national_code
                    or device.partner_id.legal_national_id,
                    "confirmed_by_id": self.env.user.id,
                    "confirmed_at": fields.Datetime.now(),
                    "confirmed_from": "backend" if is_staff else (remote_addr or "rpc"),
                    "confirmed_channel": "backend" if is_staff else "portal",
                }
            )
            frozen.write({"content_hash": installation._compute_content_hash()})
            device._activate_service(installation.installation_date)
            installation.message_post(
                body=self.env._(
                    "Installation confirmed by %(user)s. Content hash: %(hash)s",
                    user=self.env.user.display_name,
                    hash=installation.content_hash,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _get_report_base_filename(self):
        """The PDF's file name (portal download), like portal documents."""
        self.ensure_one()
        return self.env._("Installation %(number)s", number=self.name)

    def action_verify_hash(self):
        """Tell the user whether the stored hash still matches the content."""
        self.ensure_one()
        if self.state != "confirmed":
            raise UserError(self.env._("Only a confirmed form has a content hash."))
        intact = self.hash_verified
        return notification_action(
            intact,
            self.env._("The confirmed content is intact.")
            if intact
            else self.env._(
                "The content does not match its hash: the record was altered."
            ),
        )
