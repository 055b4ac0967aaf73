from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.qanat_devices.tools import access, persian
from odoo.addons.qanat_devices.tools.batches import (
    each_in_savepoint,
    note_failure_once,
)
from odoo.addons.qanat_devices.tools.dates import company_today
from odoo.addons.qanat_devices.tools.language import in_user_language

# What a customer gives when asking to deliver an order elsewhere (seed 000).
ADDRESS_CHANGE_FIELDS = frozenset(
    {
        "qanat_order_id",
        "qanat_new_street",
        "qanat_new_city",
        "qanat_new_state_id",
        "qanat_new_zip",
        "qanat_new_phone",
    }
)


class QanatTicket(models.Model):
    _inherit = "qanat.ticket"

    qanat_invoice_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, copy=False
    )
    request_kind = fields.Selection(
        selection_add=[("address_change", "Delivery address or phone change")],
        ondelete={"address_change": "set default"},
    )
    # An address or phone change is asked by ticket before the order is
    # dispatched, and impossible after (seed 000).
    qanat_order_id = fields.Many2one(
        "sale.order",
        string="Order",
        index="btree_not_null",
        copy=False,
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id),"
        " ('qanat_has_devices', '=', True)]",
    )
    qanat_order_delivery_state = fields.Selection(
        related="qanat_order_id.qanat_delivery_state", string="Order Delivery"
    )
    qanat_new_street = fields.Char(string="New Address")
    qanat_new_city = fields.Char(string="New City")
    qanat_new_state_id = fields.Many2one(
        "res.country.state",
        string="New Province",
        domain="[('country_id.code', '=', 'IR')]",
    )
    qanat_new_zip = fields.Char(string="New Postal Code")
    qanat_new_phone = fields.Char(string="New Mobile")
    qanat_change_applied_at = fields.Datetime(
        string="Change Applied On", readonly=True, copy=False
    )

    @api.model
    def _customer_fields(self):
        return super()._customer_fields() | ADDRESS_CHANGE_FIELDS

    @api.constrains(
        "request_kind",
        "qanat_new_street",
        "qanat_new_city",
        "qanat_new_zip",
        "qanat_new_phone",
    )
    def _check_qanat_address_change(self):
        for ticket in self.filtered(lambda t: t.request_kind == "address_change"):
            address = (
                ticket.qanat_new_street,
                ticket.qanat_new_city,
                ticket.qanat_new_zip,
            )
            if not any(address) and not ticket.qanat_new_phone:
                raise ValidationError(
                    self.env._(
                        "Give the new delivery address, the new mobile, or both."
                    )
                )
            if any(address) and not all(address):
                raise ValidationError(
                    self.env._(
                        "A new delivery address needs its street, city and postal code."
                    )
                )
            if ticket.qanat_new_zip and not persian.is_valid_postal_code(
                ticket.qanat_new_zip
            ):
                raise ValidationError(
                    self.env._("The postal code must be the 10 digits of Iran Post.")
                )
            if ticket.qanat_new_phone and not persian.is_valid_mobile(
                ticket.qanat_new_phone
            ):
                raise ValidationError(
                    self.env._(
                        "The mobile number must be an Iranian mobile, e.g. 09121234567."
                    )
                )

    def _check_service_rule(self, vals, existing_device_ids=None):
        """An address change needs one of the customer's device orders that is
        not yet on its way; no device service is involved."""
        kind = vals.get("request_kind") or (self[:1].request_kind if self else False)
        if kind != "address_change":
            if vals.get("qanat_order_id"):
                raise UserError(
                    self.env._(
                        "Only a delivery address or phone change is tied to an order."
                    )
                )
            return super()._check_service_rule(
                vals, existing_device_ids=existing_device_ids
            )
        order = self.env["sale.order"].sudo().browse(vals.get("qanat_order_id"))
        if not order and len(self) == 1:
            order = self.sudo().qanat_order_id
        partner = self.env["res.partner"].sudo().browse(vals.get("partner_id"))
        if (
            not order.exists()
            or not order.qanat_has_devices
            or order.partner_id.commercial_partner_id != partner.commercial_partner_id
        ):
            raise UserError(self.env._("Please choose one of your device orders."))
        order._qanat_check_address_change_possible()
        pending = order._qanat_pending_address_change(exclude=self)
        if pending:
            raise UserError(
                self.env._(
                    "A change of order %(order)s is already requested (ticket "
                    "%(ticket)s): add to it instead.",
                    order=order.name,
                    ticket=pending.number,
                )
            )
        vals.pop("device_id", None)
        return "covered"

    @api.model
    def _qanat_normalize_new_contact(self, vals):
        """Postal codes and mobiles stored as Latin digits, whatever was typed."""
        if vals.get("qanat_new_zip"):
            vals["qanat_new_zip"] = persian.only_digits(vals["qanat_new_zip"])
        phone = vals.get("qanat_new_phone")
        if phone and persian.is_valid_mobile(phone):
            vals["qanat_new_phone"] = persian.normalize_mobile(phone)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._qanat_normalize_new_contact(vals)
        return super().create(vals_list)

    def write(self, vals):
        vals = self._qanat_normalize_new_contact(dict(vals))
        changed = set(vals) & (ADDRESS_CHANGE_FIELDS | {"qanat_change_applied_at"})
        if changed and not self.env.su:
            if not access.is_staff(self.env):
                raise AccessError(
                    self.env._("A customer can only give the ticket's content.")
                )
            if any(ticket.qanat_change_applied_at for ticket in self):
                raise UserError(
                    self.env._("An applied address change cannot be edited.")
                )
        if "qanat_order_id" in vals:
            for ticket in self:
                ticket._check_service_rule(
                    {
                        "request_kind": vals.get("request_kind", ticket.request_kind),
                        "partner_id": vals.get("partner_id", ticket.partner_id.id),
                        "qanat_order_id": vals["qanat_order_id"],
                    }
                )
        return super().write(vals)

    @in_user_language
    def action_qanat_apply_address_change(self):
        """Deliver the order to the requested address and phone: a delivery
        contact of the customer, set on the order while it is not dispatched."""
        self._check_staff()
        for ticket in self.filtered(
            lambda t: (
                t.request_kind == "address_change" and not t.qanat_change_applied_at
            )
        ):
            # Staff checked above; sales and contact rights are not required.
            order = ticket.sudo().qanat_order_id
            order._qanat_check_address_change_possible()
            current = order.partner_shipping_id
            values = {
                "type": "delivery",
                "parent_id": order.partner_id.commercial_partner_id.id,
                "name": current.name or order.partner_id.name,
                "street": current.street,
                "street2": current.street2,
                "city": current.city,
                "state_id": current.state_id.id,
                "zip": current.zip,
                "country_id": current.country_id.id,
                "phone": current.phone,
                "mobile": current.mobile,
            }
            if ticket.qanat_new_street:
                values.update(
                    street=ticket.qanat_new_street,
                    street2=False,
                    city=ticket.qanat_new_city,
                    state_id=ticket.qanat_new_state_id.id,
                    zip=ticket.qanat_new_zip,
                    country_id=self.env.ref("base.ir").id,
                )
            if ticket.qanat_new_phone:
                values["mobile"] = ticket.qanat_new_phone
            contact = self.env["res.partner"].sudo().create(values)
            order.partner_shipping_id = contact
            ticket.sudo().qanat_change_applied_at = fields.Datetime.now()
            body = self.env._(
                "Delivery address and phone changed by ticket %(ticket)s: %(contact)s",
                ticket=ticket.number,
                contact=contact._display_address(without_company=True).replace(
                    "\n", ", "
                )
                + (f" - {contact.mobile}" if contact.mobile else ""),
            )
            order.message_post(body=body, subtype_xmlid="mail.mt_note")
            ticket.message_post(
                body=self.env._(
                    "The change was applied: order %(order)s will be delivered to "
                    "the new address and phone.",
                    order=order.name,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def _get_service_refusal(self, partner, device, kind="support"):
        """Above the debt ceiling, no new pay-per-case ticket until paid down."""
        refusal = super()._get_service_refusal(partner, device, kind)
        if refusal or kind != "support":
            return refusal
        per_case = device.sudo().service_state == "pay_per_case" if device else False
        if per_case and partner.commercial_partner_id._qanat_debt_reached_ceiling():
            debt = partner.commercial_partner_id.qanat_debt
            ceiling = partner._qanat_debt_limits()[1]
            return self.env._(
                "Your debt of %(debt)s is above the ceiling of %(ceiling)s: please pay "
                "your invoices before opening a new pay-per-case ticket.",
                debt=self.env.company._qanat_format_money(debt),
                ceiling=self.env.company._qanat_format_money(ceiling),
            )
        return False

    def action_close(self):
        result = super().action_close()
        if self._qanat_per_case_mode() == "ticket":
            self.filtered(lambda t: t.state == "closed")._qanat_invoice_per_case()
        return result

    @api.model
    def _qanat_per_case_mode(self):
        return self.env["qanat.billing.settings"]._get("per_case_invoicing")

    @api.model
    def _qanat_hourly_rate(self):
        return self.env["qanat.billing.settings"]._get("per_case_hourly_rate")

    def _qanat_invoice_per_case(self):
        """One posted invoice per customer for closed, billable, uninvoiced tickets.

        Prepaid support hours are consumed first; the rest is charged at the
        hourly rate times the difficulty's factor, plus its base price.
        """
        # Runs after the caller's access check (e.g. a customer closing their own
        # ticket): invoicing itself is done with full rights.
        self = self.sudo()
        tickets = self.filtered(
            lambda t: (
                t.state == "closed"
                and t.billing_mode == "per_case"
                and not t.qanat_invoice_id
            )
        )
        product = self.env.ref("qanat_billing.product_per_case_service")
        rate = self._qanat_hourly_rate()
        default_difficulty = self.env["qanat.ticket.difficulty"].search([], limit=1)
        invoices = self.env["account.move"]
        for partner, partner_tickets in tickets.grouped(
            "commercial_partner_id"
        ).items():
            lines = []
            for ticket in partner_tickets:
                difficulty = ticket.difficulty_id or default_difficulty
                if not difficulty:
                    raise UserError(
                        self.env._("Define a difficulty level to invoice tickets.")
                    )
                effort = ticket.effort_line_ids.filtered(lambda e: not e.invoiced)
                hours = sum(effort.mapped("hours"))
                billable = self.env["qanat.support.package"]._consume(
                    partner, hours, ticket, company_today(self.env)
                )
                amount = (
                    difficulty.base_price + billable * rate * difficulty.price_factor
                )
                lines.append(
                    {
                        "product_id": product.id,
                        "name": self.env._(
                            "%(ticket)s — %(difficulty)s, %(hours)s h "
                            "(%(covered)s h from support packages)",
                            ticket=ticket.display_name,
                            difficulty=difficulty.name,
                            hours=round(hours, 2),
                            covered=round(hours - billable, 2),
                        ),
                        "quantity": 1,
                        "price_unit": amount,
                    }
                )
                effort.write({"invoiced": True})
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "currency_id": self.env.ref("base.IRR").id,
                    "invoice_line_ids": [(0, 0, line) for line in lines],
                }
            )
            invoice.action_post()
            partner_tickets.write({"qanat_invoice_id": invoice.id})
            invoices |= invoice
        return invoices

    @api.model
    @in_user_language
    def _cron_invoice_per_case(self):
        """Monthly mode (the cron runs once a month): invoice every closed
        pay-per-case ticket not invoiced yet, whenever it was closed."""
        if self._qanat_per_case_mode() != "monthly":
            return self.env["account.move"]
        tickets = self.search(
            [
                ("state", "=", "closed"),
                ("billing_mode", "=", "per_case"),
                ("qanat_invoice_id", "=", False),
            ]
        )
        by_customer = tickets.grouped("commercial_partner_id")
        invoices = []
        # A customer whose invoice cannot be posted (missing tax data, a row
        # locked by a payment) must not cost everyone else the month's run.
        each_in_savepoint(
            self.env["res.partner"].concat(*by_customer),
            lambda customer: invoices.append(
                by_customer[customer]._qanat_invoice_per_case()
            ),
            on_error=self._qanat_note_per_case_failure,
        )
        return self.env["account.move"].concat(*invoices)

    @api.model
    def _qanat_note_per_case_failure(self, customer, error):
        """An activity on the customer for a Qanat manager, once while open."""
        managers = self.env.ref(
            "qanat_devices.group_qanat_manager", raise_if_not_found=False
        )
        note_failure_once(
            customer,
            self.env._("Pay-per-case tickets not invoiced"),
            error,
            (managers.users[:1] if managers else self.env.user) or self.env.user,
        )
