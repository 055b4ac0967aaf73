from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from ..services.http import ServiceError
from ..tools import access, persian

NATIONAL_CODE_INDEX = "res_partner_qanat_national_code_active_uniq"
# A change to one of these is sent to the Didar CRM.
CRM_FIELDS = frozenset(
    {
        "name",
        "mobile",
        "phone",
        "email",
        "national_code",
        "legal_national_id",
        "device_operator_name",
    }
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    national_code = fields.Char(
        string="National Code",
        size=10,
        index="btree_not_null",
        copy=False,
        tracking=True,
        help="Iranian national code (کد ملی) of a person: 10 digits.",
    )
    legal_national_id = fields.Char(
        string="Legal National ID",
        size=11,
        copy=False,
        tracking=True,
        help="National id (شناسه ملی) of a company: 11 digits.",
    )
    economic_code = fields.Char(
        string="Economic Code",
        size=14,
        copy=False,
        tracking=True,
        help="Tax economic code (کد اقتصادی): 11 digits for companies, 14 for "
        "individuals.",
    )
    device_operator_name = fields.Char(
        string="Device Operator",
        tracking=True,
        help="Name of the person who mainly operates the customer's devices.",
    )
    qanat_notify_channel = fields.Selection(
        [("sms", "SMS"), ("whatsapp", "WhatsApp"), ("both", "SMS and WhatsApp")],
        string="Notify By",
        default="sms",
        help="Channel of announcements, reminders and ticket answers.",
    )
    qanat_whatsapp_fallback = fields.Boolean(
        string="SMS When WhatsApp Fails",
        default=True,
        help="Send the message by SMS when it cannot be delivered on WhatsApp.",
    )
    didar_contact_id = fields.Char(
        string="Didar Contact ID",
        copy=False,
        readonly=True,
        index="btree_not_null",
    )
    qanat_device_ids = fields.One2many(
        "qanat.device", "partner_id", string="Devices", readonly=True
    )
    qanat_device_count = fields.Integer(
        string="Device Count", compute="_compute_qanat_device_count"
    )

    def init(self):
        super().init()
        # Unique among active partners of one company; archived duplicates are kept
        # for history, so a plain UNIQUE constraint is not enough.
        if not index_exists(self.env.cr, NATIONAL_CODE_INDEX):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX %s ON res_partner "
                    "(COALESCE(company_id, 0), national_code) "
                    "WHERE active AND national_code IS NOT NULL",
                    SQL.identifier(NATIONAL_CODE_INDEX),
                )
            )

    def _compute_qanat_device_count(self):
        commercial_partners = self.commercial_partner_id
        counts = dict(
            self.env["qanat.device"]._read_group(
                [("commercial_partner_id", "in", commercial_partners.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.qanat_device_count = counts.get(partner.commercial_partner_id, 0)

    @api.model
    def _qanat_normalize_identity_vals(self, vals):
        """Store identity numbers with ASCII digits and no separators."""
        for field_name in ("national_code", "legal_national_id", "economic_code"):
            if vals.get(field_name):
                vals[field_name] = persian.only_digits(vals[field_name])
            elif field_name in vals:
                vals[field_name] = False
        if vals.get("mobile"):
            vals["mobile"] = persian.normalize_mobile(vals["mobile"]) or vals["mobile"]
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._qanat_normalize_identity_vals(vals)
        # Access first: the uniqueness check reads every partner as the system.
        self.check_access("create")
        self._qanat_check_national_codes_free(
            [
                (vals["national_code"], vals.get("company_id") or False, None)
                for vals in vals_list
                if vals.get("national_code") and vals.get("active", True)
            ]
        )
        partners = super().create(vals_list)
        partners._qanat_enqueue_crm_sync()
        return partners

    def write(self, vals):
        vals = self._qanat_normalize_identity_vals(dict(vals))
        if {"national_code", "active", "company_id"} & set(vals):
            self.check_access("write")
            self._qanat_check_national_codes_free(
                [
                    (
                        vals.get("national_code", partner.national_code),
                        vals.get("company_id", partner.company_id.id),
                        partner.id,
                    )
                    for partner in self
                    if vals.get("national_code", partner.national_code)
                    and vals.get("active", partner.active)
                ]
            )
        result = super().write(vals)
        if CRM_FIELDS & set(vals):
            self._qanat_enqueue_crm_sync()
        return result

    def _qanat_enqueue_crm_sync(self):
        """Customers (identity numbers or devices) are mirrored in Didar.

        Bookkeeping on behalf of the system, after a write the user was allowed
        to make: Sales and Accounting users have no right to read devices."""
        customers = self.sudo().commercial_partner_id.filtered(
            lambda p: p.national_code or p.legal_national_id or p.qanat_device_ids
        )
        if customers:
            self.env["qanat.crm.sync.job"]._enqueue(customers, "customer")

    @api.model
    def _qanat_check_national_codes_free(self, claims):
        """Refuse a national code already held by another active partner.

        Checked before writing so that the user gets a clear message; the unique
        index still settles concurrent transactions.

        :param claims: list of (national_code, company_id, partner_id or None)
        """
        if not claims:
            return
        seen = {}
        for code, company_id, partner_id in claims:
            key = (code, company_id or False)
            if key in seen and seen[key] != partner_id:
                raise ValidationError(
                    self.env._(
                        "The national code %(code)s is given to two customers.",
                        code=code,
                    )
                )
            seen[key] = partner_id
        holders = (
            self.sudo()
            .with_context(active_test=True)
            .search([("national_code", "in", [code for code, *_rest in claims])])
        )
        for code, company_id, partner_id in claims:
            other = holders.filtered(
                lambda p, c=code, co=company_id, pid=partner_id: (
                    p.national_code == c
                    and p.company_id.id == (co or False)
                    and p.id != pid
                )
            )
            if other and not self.env.user._is_internal():
                # Never tell an outsider whose code it is.
                raise ValidationError(
                    self.env._("This national code cannot be registered here.")
                )
            if other:
                raise ValidationError(
                    self.env._(
                        "The national code %(code)s is already used by %(names)s. "
                        "Each active customer must have a distinct national code.",
                        code=code,
                        names=", ".join(other.mapped("display_name")),
                    )
                )

    @api.constrains(
        "national_code", "legal_national_id", "economic_code", "zip", "mobile"
    )
    def _check_identity_numbers(self):
        # (field, validator, applies only to Iranian partners)
        checks = (
            ("national_code", persian.is_valid_national_code, False),
            ("legal_national_id", persian.is_valid_legal_id, False),
            ("economic_code", persian.is_valid_economic_code, False),
            ("zip", persian.is_valid_postal_code, True),
            ("mobile", persian.is_valid_mobile, True),
        )
        for partner in self:
            for field_name, is_valid, iranian_only in checks:
                value = partner[field_name]
                if not value or (iranian_only and not partner._qanat_is_iranian()):
                    continue
                if not is_valid(value):
                    raise ValidationError(partner._qanat_invalid_message(field_name))

    def _qanat_invalid_message(self, field_name):
        params = {"value": self[field_name], "name": self.display_name}
        return {
            "national_code": self.env._(
                "The national code %(value)s of %(name)s is not valid: it must be "
                "10 digits with a correct check digit.",
                **params,
            ),
            "legal_national_id": self.env._(
                "The legal national ID %(value)s of %(name)s is not valid: it must "
                "be 11 digits with a correct check digit.",
                **params,
            ),
            "economic_code": self.env._(
                "The economic code %(value)s of %(name)s is not valid: it must be "
                "11 digits for a company or 14 digits for a person.",
                **params,
            ),
            "zip": self.env._(
                "The postal code %(value)s of %(name)s is not a valid Iranian "
                "postal code: it must be 10 digits.",
                **params,
            ),
            "mobile": self.env._(
                "The mobile number %(value)s of %(name)s is not a valid Iranian "
                "mobile number (for example 09121234567).",
                **params,
            ),
        }[field_name]

    def _qanat_is_iranian(self):
        """Iranian rules apply to partners in Iran and to those with no country."""
        self.ensure_one()
        return not self.country_id or self.country_id.code == "IR"

    @api.model
    def _commercial_fields(self):
        # Company identity numbers follow the commercial entity to its contacts.
        return [*super()._commercial_fields(), "legal_national_id", "economic_code"]

    def action_view_qanat_devices(self):
        access.check_staff(self.env)
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "qanat_devices.qanat_device_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action

    # -- Didar CRM ----------------------------------------------------------

    def _qanat_didar_status(self):
        """The service status of the customer's devices, as Didar shows it."""
        self.ensure_one()
        lang = self.env["qanat.messaging"]._customer_lang(self)
        devices = (
            self.env["qanat.device"]
            .with_context(lang=lang)
            .sudo()
            .search([("commercial_partner_id", "=", self.id)], order="id")
        )
        return "؛ ".join(
            f"{device.reference} {device.name}: "
            f"{device._service_state_label(device.service_state)}"
            for device in devices
        )

    def _qanat_sync_to_didar(self, client):
        """Create or update the Didar contact of this customer; never duplicate.

        The contact is found by its stored Didar id, else by mobile number, before
        anything is created.
        """
        self.ensure_one()
        mobile = persian.normalize_mobile(self.mobile or self.phone or "")
        if not mobile:
            raise ServiceError(
                self.env._("The customer has no valid mobile number for Didar.")
            )
        messaging = self.env["qanat.messaging"]
        contact_id = self.didar_contact_id
        if not contact_id:
            found = client.find_contact_by_mobile(mobile)
            contact_id = found and found.get("Id")
        first_name, _space, last_name = (self.name or "").partition(" ")
        contact = {
            "Type": "Person",
            "FirstName": first_name,
            "LastName": last_name,
            "DisplayName": self.name,
            "MobilePhone": mobile,
            "Email": self.email or "",
            "VisibilityType": "All",
        }
        if contact_id:
            contact["Id"] = contact_id
        if owner_id := messaging._param("didar.owner_id"):
            contact["OwnerId"] = owner_id
        if status_field := messaging._param("didar.status_field"):
            contact["Fields"] = {status_field: self._qanat_didar_status()}
        saved_id = client.save_contact(contact)
        if saved_id != self.didar_contact_id:
            self.sudo().write({"didar_contact_id": saved_id})
        return saved_id
