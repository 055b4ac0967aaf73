import datetime
import secrets

import pytz
from werkzeug import urls

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

from odoo.addons.payment import utils as payment_utils
from odoo.addons.qanat_devices.tools import access, persian
from odoo.addons.qanat_devices.tools.deadlines import run_deadline_batch
from odoo.addons.qanat_devices.tools.language import in_user_language

# No 0/O, 1/I/L: a code read over the phone must not be misheard.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 10
# A paid device purchase, until the device reaches the customer.
DELIVERY_STATES = [
    ("ordered", "Paid, to register with the supplier"),
    ("registered", "Registered with the supplier"),
    ("dispatched", "Dispatched"),
    ("delivered", "Delivered"),
]
SUPPLIER_DEADLINE_STATES = [
    ("running", "On time"),
    ("at_risk", "At risk"),
    ("met", "Met"),
    ("missed", "Missed"),
]
# Registration with the supplier: within 24 hours of a payment made on a
# working day, 48 hours of one made on a non-working day (seed 000).
SUPPLIER_HOURS_WORKING_DAY = 24
SUPPLIER_HOURS_OTHER_DAY = 48
SUPPLIER_RISK_HOURS = 4
SUPPLIER_CRON_BATCH_SIZE = 500
# The delivery address and phone of an order on its way stay as they were.
DELIVERY_CONTACT_FIELDS = {
    "street",
    "street2",
    "city",
    "state_id",
    "zip",
    "country_id",
    "phone",
    "mobile",
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    qanat_tracking_code = fields.Char(
        string="Tracking Code",
        readonly=True,
        copy=False,
        index=True,
        help="Given to the customer with the payment link; finds this pro-forma "
        "on the website. Random, so it cannot be guessed or enumerated.",
    )
    qanat_proforma = fields.Boolean(
        string="After-Sales Pro-forma",
        readonly=True,
        copy=False,
        help="Made by the after-sales flows (a renewal, a package, a course) or "
        "sent with its payment link: valid for the pro-forma's working days and "
        "invoiced once paid online. Other quotations follow Odoo's own rules.",
    )

    qanat_has_devices = fields.Boolean(
        string="Sells Devices",
        compute="_compute_qanat_has_devices",
        store=True,
        help="The order sells at least one device (a product registered in Qanat).",
    )
    qanat_delivery_state = fields.Selection(
        DELIVERY_STATES,
        string="Delivery",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    qanat_delivery_user_id = fields.Many2one(
        "res.users",
        string="Delivery Owner",
        copy=False,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Registers the purchase with the supplier and follows the delivery; "
        "the salesperson unless set.",
    )
    qanat_paid_at = fields.Datetime(string="Paid On", readonly=True, copy=False)
    qanat_supplier_deadline = fields.Datetime(
        string="Register with Supplier By", readonly=True, copy=False, index=True
    )
    qanat_supplier_risk_at = fields.Datetime(
        string="Supplier Deadline at Risk From", readonly=True, copy=False
    )
    qanat_supplier_state = fields.Selection(
        SUPPLIER_DEADLINE_STATES,
        string="Supplier Deadline",
        readonly=True,
        copy=False,
        index=True,
    )
    qanat_supplier_registered_at = fields.Datetime(
        string="Registered with Supplier On", readonly=True, copy=False
    )
    qanat_supplier_reference = fields.Char(
        string="Supplier Reference",
        copy=False,
        tracking=True,
        help="The supplier's number for this purchase.",
    )
    qanat_dispatched_at = fields.Datetime(
        string="Dispatched On", readonly=True, copy=False
    )
    qanat_supplier_paid_at = fields.Datetime(
        string="Paid to Supplier On",
        readonly=True,
        copy=False,
        tracking=True,
        help="Once the customer's money is passed to the supplier the order can "
        "no longer be refunded.",
    )
    qanat_delivered_at = fields.Datetime(
        string="Delivered On", readonly=True, copy=False
    )

    _sql_constraints = [
        (
            "qanat_tracking_code_uniq",
            "unique(qanat_tracking_code)",
            "The tracking code must be unique.",
        ),
    ]

    @api.model
    def _qanat_normalize_tracking_code(self, code):
        """A tracking code as a customer types it (Persian digits, lower case,
        spaces or dashes) in its stored form."""
        code = persian.to_ascii_digits(code or "").upper()
        return "".join(char for char in code if char in TRACKING_ALPHABET)

    @api.model
    def _qanat_new_tracking_code(self):
        return "".join(
            secrets.choice(TRACKING_ALPHABET) for _index in range(TRACKING_LENGTH)
        )

    @api.model
    def _qanat_working_calendar(self, company):
        return (
            self.env.ref(
                "qanat_helpdesk.resource_calendar_iran_support",
                raise_if_not_found=False,
            )
            or company.resource_calendar_id
        )

    @api.model_create_multi
    def create(self, vals_list):
        # New dicts: a caller may pass one dict twice (create([vals] * 2)).
        vals_list = [
            {"qanat_tracking_code": self._qanat_new_tracking_code(), **vals}
            for vals in vals_list
        ]
        orders = super().create(vals_list)
        proformas = orders.filtered(lambda order: order._qanat_is_own_order())
        proformas.qanat_proforma = True
        proformas._qanat_set_proforma_validity()
        return orders

    def _qanat_is_own_order(self):
        """Whether the after-sales flows made this order: it renews a device or
        sells a support package (extended by the customer area for courses)."""
        self.ensure_one()
        return bool(
            self.order_line.qanat_device_id
            or self.order_line.product_id.filtered("qanat_plan_kind")
        )

    def _qanat_set_proforma_validity(self):
        """A pro-forma is valid for N working days of the Iranian calendar (the
        setting; 0 leaves Odoo's own quotation validity)."""
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            days = order.company_id.qanat_proforma_validity_days
            if days <= 0:
                continue
            calendar = self._qanat_working_calendar(order.company_id)
            valid_until = calendar.plan_days(
                days, fields.Datetime.now(), compute_leaves=True
            )
            if valid_until:
                order.validity_date = valid_until.date()

    def _qanat_invoice_on_payment(self):
        """Qanat's pro-formas are invoiced when paid online, whatever Odoo's
        company-wide "automatic invoice" setting says for other quotations."""
        return self.filtered("qanat_proforma")

    def _qanat_pay_only_url(self):
        """Odoo's payment page for what is left to pay on the quotation: the
        amount, the reference and the payment methods, nothing of the customer."""
        self.ensure_one()
        amount = self.amount_total - self.amount_paid
        query = {
            "amount": amount,
            "access_token": payment_utils.generate_access_token(
                self.partner_invoice_id.id, amount, self.currency_id.id
            ),
            "sale_order_id": self.id,
        }
        return f"/payment/pay?{urls.url_encode(query)}"

    def _qanat_payment_url(self):
        self.ensure_one()
        return self.get_base_url() + self.get_portal_url()

    def action_qanat_send_payment_link(self):
        """SMS the customer the pro-forma's tracking code and payment link."""
        for order in self:
            if order.state not in ("draft", "sent"):
                raise UserError(
                    self.env._("Only a quotation waiting for payment can be sent.")
                )
            if not order.qanat_proforma:
                order.qanat_proforma = True
                order._qanat_set_proforma_validity()
            messaging = self.env["qanat.messaging"]
            self.env["qanat.notification"].notify(
                "proforma_payment_link",
                order,
                partner=order.partner_id,
                values={
                    "tracking_code": order.qanat_tracking_code,
                    "amount": order.company_id._qanat_format_money(
                        order.amount_total,
                        lang=messaging._customer_lang(order.partner_id),
                    ),
                    "link": order._qanat_payment_url(),
                    "valid_until": messaging._format_customer_date(
                        order.validity_date, order.partner_id
                    ),
                },
            )
            if order.state == "draft":
                order.action_quotation_sent()
        return True

    def _action_confirm(self):
        result = super()._action_confirm()
        self.order_line._qanat_apply_renewals()
        self.order_line._qanat_create_support_packages()
        self._qanat_start_delivery_when_paid()
        return result

    # -- delivery of sold devices ------------------------------------------------------

    @api.depends("order_line.product_id.qanat_is_device")
    def _compute_qanat_has_devices(self):
        for order in self:
            order.qanat_has_devices = any(
                order.order_line.product_id.mapped("qanat_is_device")
            )

    def _qanat_is_paid(self):
        """Paid in full: online (confirmed transactions) or by paid invoices."""
        self.ensure_one()
        invoices = self.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.move_type == "out_invoice"
        )
        paid = self.amount_paid + sum(
            invoices.filtered(
                lambda move: move.payment_state in ("paid", "in_payment")
            ).mapped("amount_total")
        )
        return self.currency_id.compare_amounts(paid, self.amount_total) >= 0

    def _qanat_start_delivery_when_paid(self):
        """A confirmed device order, paid in full, must be registered with the
        supplier by its deadline: planned once, with an activity for its owner."""
        orders = self.filtered(
            lambda order: (
                order.qanat_has_devices
                and order.state == "sale"
                and not order.qanat_delivery_state
                and order._qanat_is_paid()
            )
        )
        if not orders:
            return
        now = fields.Datetime.now()
        # Bookkeeping after a payment the user was allowed to make (a customer
        # paying online, an accountant reconciling): neither may edit orders.
        for order in orders:
            deadline = order._qanat_supplier_deadline_for(now)
            owner = order.qanat_delivery_user_id or order.user_id
            order.sudo().write(
                {
                    "qanat_delivery_state": "ordered",
                    "qanat_delivery_user_id": owner.id,
                    "qanat_paid_at": now,
                    "qanat_supplier_deadline": deadline,
                    "qanat_supplier_risk_at": deadline
                    - datetime.timedelta(hours=SUPPLIER_RISK_HOURS),
                    "qanat_supplier_state": "running",
                }
            )
            if owner:
                # Written in the language of the owner who will read it.
                owner_env = self.with_context(lang=owner.lang).env
                order.sudo().activity_schedule(
                    "qanat_billing.mail_activity_supplier_registration",
                    note=owner_env._(
                        "Order %(order)s is paid: register it with the supplier by "
                        "%(deadline)s.",
                        order=order.name,
                        deadline=persian.format_jalali_datetime(
                            deadline, order.company_id.partner_id.tz or "Asia/Tehran"
                        ),
                    ),
                    date_deadline=deadline.date(),
                    user_id=owner.id,
                )

    def _qanat_supplier_deadline_for(self, paid_at):
        """24 hours after a payment on one of the company's working days, 48
        after one on a non-working day (weekend or holiday of its calendar)."""
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id or self._qanat_working_calendar(
            self.company_id
        )
        tz = pytz.timezone(calendar.tz or "Asia/Tehran")
        local_day = pytz.utc.localize(paid_at).astimezone(tz).date()
        day_start = tz.localize(datetime.datetime.combine(local_day, datetime.time()))
        day_end = day_start + datetime.timedelta(days=1)
        works = calendar._work_intervals_batch(day_start, day_end)[False]
        hours = SUPPLIER_HOURS_WORKING_DAY if works else SUPPLIER_HOURS_OTHER_DAY
        return paid_at + datetime.timedelta(hours=hours)

    def _qanat_check_delivery_state(self, expected):
        for order in self:
            if order.qanat_delivery_state != expected:
                raise UserError(
                    self.env._(
                        "Order %(order)s is %(state)s: this step does not apply.",
                        order=order.name,
                        state=dict(
                            self._fields["qanat_delivery_state"]._description_selection(
                                self.env
                            )
                        ).get(order.qanat_delivery_state)
                        or self.env._("not a paid device order"),
                    )
                )

    def action_qanat_register_with_supplier(self):
        """The purchase is registered with the supplier: the deadline is met or
        missed for good and the owner's activity is done."""
        self._qanat_check_delivery_state("ordered")
        now = fields.Datetime.now()
        for order in self:
            order.write(
                {
                    "qanat_delivery_state": "registered",
                    "qanat_supplier_registered_at": now,
                    # Once missed, always missed.
                    "qanat_supplier_state": "met"
                    if now <= order.qanat_supplier_deadline
                    and order.qanat_supplier_state != "missed"
                    else "missed",
                }
            )
        self.activity_feedback(
            ["qanat_billing.mail_activity_supplier_registration"],
            feedback=self.env._("Registered with the supplier."),
        )
        return True

    def action_qanat_mark_supplier_paid(self):
        """The customer's money has been passed to the supplier: no refund."""
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(
                self.env._("Only an accountant records payments to the supplier.")
            )
        for order in self.filtered(lambda o: not o.qanat_supplier_paid_at):
            if not order._qanat_is_paid():
                raise UserError(
                    self.env._(
                        "Order %(order)s is not paid by the customer yet.",
                        order=order.name,
                    )
                )
            order.qanat_supplier_paid_at = fields.Datetime.now()
        return True

    def action_qanat_dispatch(self):
        self._qanat_check_delivery_state("registered")
        self.write(
            {
                "qanat_delivery_state": "dispatched",
                "qanat_dispatched_at": fields.Datetime.now(),
            }
        )
        return True

    def action_qanat_mark_delivered(self):
        self._qanat_check_delivery_state("dispatched")
        self.write(
            {
                "qanat_delivery_state": "delivered",
                "qanat_delivered_at": fields.Datetime.now(),
            }
        )
        return True

    def _qanat_demo_invoice_and_pay(self):
        """Demo only: the confirmed orders invoiced and paid by bank transfer."""
        invoices = self._create_invoices()
        invoices.action_post()
        invoices._qanat_demo_pay()

    @api.model
    @in_user_language
    def _cron_update_supplier_deadlines(self, batch_size=SUPPLIER_CRON_BATCH_SIZE):
        """Mark device orders still to register at risk, or missed once the
        deadline has passed (the sales manager is told), one batch per run."""
        now = fields.Datetime.now()
        missed_domain = [
            ("qanat_delivery_state", "=", "ordered"),
            ("qanat_supplier_state", "in", ("running", "at_risk")),
            ("qanat_supplier_deadline", "<", now),
        ]
        risk_domain = [
            ("qanat_delivery_state", "=", "ordered"),
            ("qanat_supplier_state", "=", "running"),
            ("qanat_supplier_risk_at", "<=", now),
            ("qanat_supplier_deadline", ">=", now),
        ]
        return run_deadline_batch(
            self,
            missed_domain,
            risk_domain,
            "qanat_supplier_deadline",
            batch_size,
            on_late=lambda orders: orders._qanat_supplier_deadline_missed(),
            on_risk=lambda orders: orders.write({"qanat_supplier_state": "at_risk"}),
        )

    @in_user_language
    def _qanat_supplier_deadline_missed(self):
        self.write({"qanat_supplier_state": "missed"})
        for order in self:
            order.message_post(
                body=self.env._(
                    "The purchase was not registered with the supplier by its deadline."
                ),
                subtype_xmlid="mail.mt_note",
                partner_ids=(
                    order.team_id.user_id or order.qanat_delivery_user_id
                ).partner_id.ids,
            )

    def write(self, vals):
        if "partner_shipping_id" in vals:
            self._qanat_check_delivery_address_free()
        return super().write(vals)

    def _qanat_request_address_change(self, values):
        """Open the ticket asking to deliver this order to another address or
        phone, as the caller (the customer for their own order, or staff); the
        ticket's rules decide (seed 000: by ticket, before dispatch)."""
        self.ensure_one()
        self.check_access("read")
        note = (values.get("note") or "").strip()
        vals = {
            "name": self.env._("Delivery change for order %(order)s", order=self.name),
            "description": plaintext2html(note) if note else False,
            "request_kind": "address_change",
            "qanat_order_id": self.id,
            "qanat_new_street": values.get("street") or False,
            "qanat_new_city": values.get("city") or False,
            "qanat_new_state_id": values.get("state_id") or False,
            "qanat_new_zip": values.get("zip") or False,
            "qanat_new_phone": values.get("phone") or False,
        }
        if access.is_staff(self.env):
            vals["partner_id"] = self.partner_id.id
        return self.env["qanat.ticket"].create(vals)

    def _qanat_pending_address_change(self, exclude=None):
        """The open, not yet applied, address-change ticket of this order."""
        self.ensure_one()
        return (
            self.env["qanat.ticket"]
            .sudo()
            .search(
                [
                    ("qanat_order_id", "=", self.id),
                    ("request_kind", "=", "address_change"),
                    ("qanat_change_applied_at", "=", False),
                    ("state", "!=", "closed"),
                    ("id", "not in", exclude.ids if exclude else []),
                ],
                limit=1,
            )
        )

    def _qanat_address_change_allowed(self):
        self.ensure_one()
        return (
            self.qanat_has_devices
            and self.state != "cancel"
            and self.qanat_delivery_state not in ("dispatched", "delivered")
        )

    def _qanat_check_address_change_possible(self):
        """A device order's delivery address and phone may change until dispatch."""
        for order in self:
            if order.state == "cancel":
                raise UserError(
                    self.env._("Order %(order)s is cancelled.", order=order.name)
                )
        self._qanat_check_delivery_address_free()

    def _qanat_check_delivery_address_free(self):
        """Refuse an address change for orders already on their way."""
        sent = self.filtered(
            lambda order: order.qanat_delivery_state in ("dispatched", "delivered")
        )
        if sent:
            raise UserError(
                self.env._(
                    "Order %(order)s has been dispatched: its delivery address and "
                    "phone can no longer change. Changes are requested by ticket "
                    "before dispatch.",
                    order=sent[0].name,
                )
            )
