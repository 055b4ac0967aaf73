from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError

from odoo.addons.qanat_devices.tools import access
from odoo.addons.qanat_devices.tools.dates import company_today

# What a customer gives when choosing; the rest (state, quotation) is the system's.
CUSTOMER_FIELDS = frozenset({"device_id", "choice", "plan_product_id", "reason"})
# Service states in which a customer is offered the choice at all (the window and
# the exact options are checked by _check_choice_allowed).
CHOICE_STATES = ("active", "renewed", "expired", "pay_per_case", "cancelled")


class QanatServiceChoice(models.Model):
    """The customer's decision when a device's service ends: renew, pay per case,
    or cancel. Renewals become one quotation per customer, paid online."""

    _name = "qanat.service.choice"
    _description = "Service Renewal Choice"
    _order = "id desc"

    device_id = fields.Many2one(
        "qanat.device", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        related="device_id.commercial_partner_id", store=True, string="Customer"
    )
    company_id = fields.Many2one(related="device_id.company_id", store=True)
    choice = fields.Selection(
        [
            ("renew", "Renew the service"),
            ("per_case", "Pay per case"),
            ("cancel", "Cancel the service"),
        ],
        required=True,
    )
    plan_product_id = fields.Many2one(
        "product.product",
        string="Renewal Plan",
        domain=[("qanat_plan_kind", "=", "renewal")],
    )
    reason = fields.Text(string="Cancellation Reason")
    order_id = fields.Many2one("sale.order", string="Quotation", readonly=True)
    state = fields.Selection(
        [("draft", "Draft"), ("quoted", "Waiting for payment"), ("done", "Done")],
        default="draft",
        required=True,
        readonly=True,
    )

    @api.model
    def _renewal_plans(self):
        """The renewal plans on sale, shortest first: the only plans a renewal
        can be quoted with."""
        return (
            self.env["product.product"]
            .sudo()
            .search(
                [("qanat_plan_kind", "=", "renewal"), ("sale_ok", "=", True)],
                order="qanat_plan_years, list_price",
            )
        )

    @api.model
    def _open_renewal_order(self, device):
        """The renewal quotation of ``device`` still waiting for payment, if any."""
        return (
            self.sudo()
            .search(
                [("device_id", "=", device.id), ("state", "=", "quoted")],
                limit=1,
                order="id desc",
            )
            .order_id.filtered(lambda o: o.state in ("draft", "sent"))
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not access.is_staff(self.env):
            for vals in vals_list:
                self._check_customer_vals(vals)
        return super().create(vals_list)

    @api.model
    def _check_customer_vals(self, vals):
        """A customer chooses for one of their own devices, and gives the choice
        only. The device is checked with the customer's rights before anything
        is read as the system, and any device that is not theirs gets one answer."""
        if set(vals) - CUSTOMER_FIELDS:
            raise AccessError(
                self.env._("A customer can only give the choice and its reason.")
            )
        device = self.env["qanat.device"].browse(vals.get("device_id") or [])
        try:
            if not device.exists():
                raise MissingError(device._name)
            device.check_access("read")
        except (AccessError, MissingError):
            raise UserError(self.env._("Please choose one of your devices.")) from None
        plan = vals.get("plan_product_id")
        if plan and plan not in self._renewal_plans().ids:
            raise ValidationError(
                self.env._("Choose a renewal plan (1, 2 or 3 years).")
            )

    @api.constrains("choice", "plan_product_id")
    def _check_plan(self):
        plans = self._renewal_plans()
        for choice in self.filtered(lambda c: c.choice == "renew"):
            if choice.plan_product_id and choice.plan_product_id not in plans:
                raise ValidationError(
                    self.env._("Choose a renewal plan (1, 2 or 3 years).")
                )

    @api.model
    def _renewal_window_days(self):
        return self.env["qanat.billing.settings"]._get("renewal_window_days")

    def _check_choice_allowed(self):
        window_end = company_today(self.env) + relativedelta(
            days=self._renewal_window_days()
        )
        for choice in self:
            device = choice.device_id
            state = device.service_state
            ending = state in ("active", "renewed") and (
                not device.service_end or device.service_end <= window_end
            )
            allowed = {
                "renew": state in ("expired", "pay_per_case", "cancelled") or ending,
                "per_case": state == "expired" or ending,
                "cancel": state != "cancelled",
            }[choice.choice]
            if state in ("pending_installation", "suspended"):
                allowed = False
            if not allowed:
                raise UserError(
                    self.env._(
                        "Device %(device)s cannot take this choice while its service "
                        "is %(state)s.",
                        device=device.name,
                        state=device._service_state_label(state),
                    )
                )
            if choice.choice == "renew" and not choice.plan_product_id:
                raise UserError(self.env._("Choose a renewal plan (1, 2 or 3 years)."))
            if choice.choice == "cancel" and not (choice.reason or "").strip():
                raise UserError(self.env._("Please give the reason for cancelling."))

    def action_apply(self):
        """Apply the choices: quotation for renewals, immediate state otherwise.

        A customer applies their own choices (checked with their rights); the
        device and the quotation are then written as the system."""
        self.check_access("read")
        choices = self.sudo().filtered(lambda c: c.state == "draft")
        choices._check_choice_allowed()
        choices._check_one_open_renewal()
        for choice in choices.filtered(lambda c: c.choice == "per_case"):
            choice.device_id._set_pay_per_case(
                reason=self.env._("Chosen by the customer.")
            )
            choice.state = "done"
        for choice in choices.filtered(lambda c: c.choice == "cancel"):
            choice.device_id._cancel_service(choice.reason)
            choice.state = "done"
        renewals = choices.filtered(lambda c: c.choice == "renew")
        for partner, partner_choices in renewals.grouped("partner_id").items():
            order = partner_choices._create_renewal_quotation(partner)
            partner_choices.write({"order_id": order.id, "state": "quoted"})
        return renewals.order_id

    def _check_one_open_renewal(self):
        """One renewal quotation per device waiting for payment at a time: a
        second would let the same period be bought twice."""
        for choice in self.filtered(lambda c: c.choice == "renew"):
            order = self._open_renewal_order(choice.device_id)
            if order:
                raise UserError(
                    self.env._(
                        "Quotation %(order)s for the renewal of %(device)s is "
                        "already waiting for payment.",
                        order=order.name,
                        device=choice.device_id.name,
                    )
                )

    def _create_renewal_quotation(self, partner):
        return (
            self.env["sale.order"]
            .sudo()
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": self.company_id[:1].id or self.env.company.id,
                    # Renewals are paid online in full; no signature is needed.
                    "require_payment": True,
                    "require_signature": False,
                    "prepayment_percent": 1.0,
                    "order_line": [
                        fields.Command.create(
                            {
                                "product_id": choice.plan_product_id.id,
                                "product_uom_qty": 1,
                                "qanat_device_id": choice.device_id.id,
                                "name": self.env._(
                                    "%(plan)s for %(device)s (%(reference)s)",
                                    plan=choice.plan_product_id.display_name,
                                    device=choice.device_id.name,
                                    reference=choice.device_id.reference,
                                ),
                            }
                        )
                        for choice in self
                    ],
                }
            )
        )
