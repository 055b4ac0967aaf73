import secrets

from werkzeug import urls

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.payment import utils as payment_utils
from odoo.addons.qanat_devices.tools import persian

# No 0/O, 1/I/L: a code read over the phone must not be misheard.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 10


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
        return result
