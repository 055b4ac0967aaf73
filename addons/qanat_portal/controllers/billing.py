import base64
import re

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.qanat_devices.tools import persian
from odoo.addons.qanat_devices.tools.dates import company_today

from . import common


class QanatBillingPortal(CustomerPortal):
    """Pro-forma lookup by tracking code, official invoices, offline receipts."""

    # -- public pro-forma lookup ------------------------------------------------------

    @http.route(
        ["/proforma"], type="http", auth="public", website=True, methods=["GET"]
    )
    def qanat_proforma_form(self, **kw):
        return request.render("qanat_portal.proforma_lookup", {"error": None})

    @http.route(
        ["/proforma"], type="http", auth="public", website=True, methods=["POST"]
    )
    def qanat_proforma_lookup(self, code=None, **kw):
        env = request.env
        lookups = env["qanat.proforma.lookup"]
        remote_addr = request.httprequest.remote_addr or "unknown"
        if lookups._is_blocked(remote_addr):
            return request.render(
                "qanat_portal.proforma_lookup",
                {
                    "error": env._(
                        "Too many attempts. Please try again in a quarter of an hour."
                    )
                },
            )
        code = env["sale.order"]._qanat_normalize_tracking_code(code)
        order = env["sale.order"]
        if code:
            # Looked up with sudo: the code itself is the secret the customer holds.
            order = (
                env["sale.order"]
                .sudo()
                .search(
                    [
                        ("qanat_tracking_code", "=", code),
                        ("state", "in", ("draft", "sent")),
                        "|",
                        ("validity_date", "=", False),
                        ("validity_date", ">=", company_today(order.env)),
                    ],
                    limit=1,
                )
            )
        if not order:
            lookups._register_failure(remote_addr)
            # Unknown, cancelled and mistyped codes all get this same answer.
            return request.render(
                "qanat_portal.proforma_lookup",
                {
                    "error": env._(
                        "No pro-forma matches this tracking code. Please check the "
                        "code in your SMS."
                    ),
                    "code": code,
                },
            )
        # The code proves the right to pay, not to read the order: a summary and
        # Odoo's payment page, no name, address or decline form.
        return request.render(
            "qanat_portal.proforma_summary",
            {
                "order_sudo": order,
                "pay_url": order._qanat_pay_only_url(),
                "qanat_money": common.money,
                "qanat_digits": common.digits,
            },
        )

    # -- invoices -----------------------------------------------------------------

    def _invoice_get_page_view_values(self, invoice, access_token, **kwargs):
        values = super()._invoice_get_page_view_values(invoice, access_token, **kwargs)
        values["qanat_due_label"] = self._qanat_due_label
        return values

    @staticmethod
    def _qanat_due_label(due_date):
        """When an invoice falls due, written on the server in the reader's digits
        (Odoo's sidebar script writes Latin digits, in Persian «تحویل در ...»)."""
        if not due_date:
            return ""
        env = request.env
        today = company_today(env)
        days = (fields.Date.to_date(due_date) - today).days
        if days == 0:
            return env._("Due today")
        if days > 0:
            return env._("Due in %(days)s days", days=common.digits(days))
        return env._("%(days)s days overdue", days=common.digits(-days))

    @http.route(
        ["/my/invoices/<int:invoice_id>/official"],
        type="http",
        auth="public",
        website=True,
    )
    def qanat_official_invoice(self, invoice_id, access_token=None, download=False):
        try:
            invoice = self._document_check_access(
                "account.move", invoice_id, access_token
            )
        except (AccessError, MissingError):
            raise NotFound() from None
        if invoice.move_type not in ("out_invoice", "out_refund"):
            raise NotFound()
        if invoice._qanat_official_invoice_refusal():
            # Not yet (e.g. a company's unpaid invoice): the invoice page says why.
            return request.redirect(invoice.get_portal_url())
        return self._show_report(
            model=invoice,
            report_type="pdf",
            report_ref="qanat_billing.report_official_invoice",
            download=download,
        )

    # -- offline receipts -------------------------------------------------------------

    @http.route(
        ["/my/receipts", "/my/receipts/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def qanat_receipts(self, page=1, **kw):
        receipts_sudo, pager = common.paged_search(
            "qanat.payment.receipt", "/my/receipts", page, order="id desc"
        )
        return common.render(
            self,
            "qanat_portal.portal_my_receipts",
            page_name="qanat_receipts",
            receipts=receipts_sudo,
            pager=pager,
        )

    def _qanat_receipt_form_values(self, error=None, form=None):
        env = request.env
        partner = env.user.partner_id.commercial_partner_id
        invoices = env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("commercial_partner_id", "=", partner.id),
            ],
            order="invoice_date desc, id desc",
        )
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="qanat_receipt_new",
            invoices=invoices.sudo(),
            error=error,
            form=form or {},
            amount_label=env._(
                "Amount paid (%(unit)s)", unit=env.company._qanat_money_unit_label()
            ),
            today=persian.format_jalali_date(
                company_today(env),
                persian_digits=(env.lang or "").startswith("fa"),
            ),
        )
        return values

    @http.route(
        ["/my/receipts/new"], type="http", auth="user", website=True, methods=["GET"]
    )
    def qanat_receipt_new(self, invoice_id=None, **kw):
        return request.render(
            "qanat_portal.portal_my_receipt_new",
            self._qanat_receipt_form_values(form={"invoice_id": invoice_id}),
        )

    @staticmethod
    def _qanat_parse_amount(text):
        """A typed amount as an int, or None: thousands separators as customers
        type them (1,500,000 or ۱٬۵۰۰٬۰۰۰) and Persian or Arabic digits."""
        digits = re.sub(r"[\s,\u066c\u060c]", "", persian.to_ascii_digits(text))
        return int(digits) if digits.isdecimal() and int(digits) > 0 else None

    @http.route(
        ["/my/receipts/new"], type="http", auth="user", website=True, methods=["POST"]
    )
    def qanat_receipt_create(self, **post):
        env = request.env
        company = env.company
        values = self._qanat_receipt_form_values(form=post)
        # No invoice is a payment on account; anything but an id is no invoice of
        # theirs (-1), never silently "on account".
        invoice_id = common.form_id(post.get("invoice_id"))
        amount = self._qanat_parse_amount(post.get("amount"))
        payment_date = common.parse_jalali_date(post.get("payment_date"))
        error = None
        upload = None
        try:
            upload = common.read_upload(request.httprequest.files.get("receipt_image"))
        except ValueError:
            error = env._("The receipt image must be smaller than 10 MB.")
        if error:
            pass
        elif amount is None:
            error = env._(
                "Please give the amount you paid, in %(unit)s.",
                unit=company._qanat_money_unit_label(),
            )
        elif not payment_date:
            error = env._(
                "Please give the payment date as year/month/day, e.g. 1403/05/12."
            )
        if error:
            values["error"] = error
            return request.render("qanat_portal.portal_my_receipt_new", values)
        # The model decides on the invoice, the date, the reference, the image,
        # the amount's bounds and receipts already waiting for the same invoice;
        # its message is shown.
        try:
            with env.cr.savepoint():
                receipt = env["qanat.payment.receipt"].create(
                    {
                        "invoice_id": invoice_id or False,
                        "amount": company._qanat_money_to_rial(amount),
                        "payment_date": payment_date,
                        "bank_reference": post.get("bank_reference") or "",
                        "receipt_image": base64.b64encode(upload[1])
                        if upload
                        else False,
                    }
                )
        except (UserError, ValidationError, AccessError) as error:
            values["error"] = error.args[0]
            return request.render("qanat_portal.portal_my_receipt_new", values)
        return request.redirect(f"/my/receipts?submitted={receipt.id}")

    # -- service contracts (read only) ---------------------------------------------

    @http.route(
        ["/my/contracts", "/my/contracts/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def qanat_contracts(self, page=1, **kw):
        contracts_sudo, pager = common.paged_search(
            "qanat.service.contract", "/my/contracts", page, order="id desc"
        )
        return common.render(
            self,
            "qanat_portal.portal_my_contracts",
            page_name="qanat_contracts",
            contracts=contracts_sudo,
            pager=pager,
        )

    # -- refund requests ------------------------------------------------------------

    @http.route(
        ["/my/refunds", "/my/refunds/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def qanat_refunds(self, page=1, **kw):
        refunds_sudo, pager = common.paged_search(
            "qanat.refund.request", "/my/refunds", page, order="id desc"
        )
        return common.render(
            self,
            "qanat_portal.portal_my_refunds",
            page_name="qanat_refunds",
            refunds=refunds_sudo,
            pager=pager,
        )

    def _qanat_refund_form_values(self, error=None, form=None):
        env = request.env
        partner = env.user.partner_id.commercial_partner_id
        refunds = env["qanat.refund.request"]
        invoices = env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("paid", "in_payment", "partial")),
                ("commercial_partner_id", "=", partner.id),
            ],
            order="invoice_date desc, id desc",
            limit=50,
        )
        orders = env["sale.order"].search(
            [
                ("partner_id.commercial_partner_id", "=", partner.id),
                ("state", "in", ("sale", "cancel")),
            ],
            order="date_order desc, id desc",
            limit=50,
        )
        selection = refunds._fields
        return {
            **self._prepare_portal_layout_values(),
            "page_name": "qanat_refund_new",
            "invoices": invoices.sudo(),
            "orders": orders.sudo(),
            "reasons": selection["reason"]._description_selection(env),
            "methods": selection["method"]._description_selection(env),
            "amount_label": env._(
                "Amount (%(unit)s)", unit=env.company._qanat_money_unit_label()
            ),
            "error": error,
            "form": form or {},
        }

    @http.route(
        ["/my/refunds/new"], type="http", auth="user", website=True, methods=["GET"]
    )
    def qanat_refund_new(self, **kw):
        return request.render(
            "qanat_portal.portal_my_refund_new", self._qanat_refund_form_values()
        )

    @http.route(
        ["/my/refunds/new"], type="http", auth="user", website=True, methods=["POST"]
    )
    def qanat_refund_create(self, **post):
        env = request.env
        company = env.company
        form = {
            name: common.form_text(post.get(name))
            for name in (
                "reason",
                "method",
                "sale_order_id",
                "invoice_id",
                "amount",
                "sheba",
                "account_holder",
                "description",
            )
        }
        values = self._qanat_refund_form_values(form=form)
        amount = self._qanat_parse_amount(form["amount"])
        error = None
        if form["reason"] not in dict(values["reasons"]):
            error = env._("Please choose why you ask for a refund.")
        elif form["method"] not in dict(values["methods"]):
            error = env._("Please choose how the money comes back to you.")
        elif amount is None:
            error = env._(
                "Please give the amount, in %(unit)s.",
                unit=company._qanat_money_unit_label(),
            )
        if error:
            values["error"] = error
            return request.render("qanat_portal.portal_my_refund_new", values)
        order_id = common.form_id(post.get("sale_order_id"))
        invoice_id = common.form_id(post.get("invoice_id"))
        # The model decides on the documents (own, paid, not with the supplier),
        # the amount left, the Sheba; its message is shown.
        try:
            with env.cr.savepoint():
                refund = env["qanat.refund.request"].create(
                    {
                        "reason": form["reason"],
                        "method": form["method"],
                        "sale_order_id": order_id or False,
                        "invoice_id": invoice_id or False,
                        "amount": company._qanat_money_to_rial(amount),
                        "sheba": form["sheba"] or False,
                        "account_holder": form["account_holder"] or False,
                        "description": plaintext2html(form["description"])
                        if form["description"]
                        else False,
                    }
                )
        except (UserError, ValidationError, AccessError) as error:
            values["error"] = error.args[0]
            return request.render("qanat_portal.portal_my_refund_new", values)
        return request.redirect(f"/my/refunds?submitted={refund.id}")

    # -- delivery address or phone change, by ticket, before dispatch -----------

    def _qanat_delivery_change_values(self, order, form=None, error=None):
        env = request.env
        return {
            **self._prepare_portal_layout_values(),
            "page_name": "qanat_delivery_change",
            "order": order,
            "form": form or {},
            "error": error,
            "pending": order._qanat_pending_address_change(),
            "allowed": order._qanat_address_change_allowed(),
            "states": env["res.country.state"]
            .sudo()
            .search([("country_id.code", "=", "IR")], order="name"),
        }

    @http.route(
        ["/my/orders/<int:order_id>/delivery-change"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def qanat_delivery_change_form(self, order_id, **kw):
        order = common.get_own("sale.order", order_id)
        return request.render(
            "qanat_portal.portal_delivery_change",
            self._qanat_delivery_change_values(order),
        )

    @http.route(
        ["/my/orders/<int:order_id>/delivery-change"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def qanat_delivery_change_request(self, order_id, **post):
        order = common.get_own("sale.order", order_id)
        form = {
            name: common.form_text(post.get(name))
            for name in ("street", "city", "zip", "phone", "note")
        }
        values = self._qanat_delivery_change_values(order, form=form)
        state_id = common.form_text(post.get("state_id"))
        form["state_id"] = False
        if state_id:
            provinces = {str(state.id): state.id for state in values["states"]}
            if state_id not in provinces:
                values["error"] = request.env._(
                    "Please choose a province from the list."
                )
                return request.render("qanat_portal.portal_delivery_change", values)
            form["state_id"] = provinces[state_id]
        # The ticket's rules decide (own order, not dispatched, a valid postal
        # code and mobile, one request at a time); their message is shown.
        try:
            with request.env.cr.savepoint():
                ticket = (
                    request.env["sale.order"]
                    .browse(order.id)
                    ._qanat_request_address_change(form)
                )
        except (UserError, ValidationError, AccessError) as error:
            return request.render(
                "qanat_portal.portal_delivery_change",
                self._qanat_delivery_change_values(
                    order, form=form, error=error.args[0]
                ),
            )
        return request.redirect(f"/my/tickets/{ticket.id}?created=1")


def _relabel(options, labels):
    """Give the searchbar ``options`` that exist the translated ``labels``."""
    for key, label in labels.items():
        if key in options:
            options[key]["label"] = label
    return options


class QanatAccountPortal(PortalAccount):
    """The invoice list's filter and sort labels are Python terms of
    ``account``, which no module's translation file can correct: the same
    options under the suite's own (translated) labels."""

    def _show_report(self, model, report_type, report_ref, download=False):
        """An invoice the customer opens, prints or downloads is on the same
        form as in the backend: the official Persian invoice once it can be
        issued, the Persian form marked unofficial before."""
        if (
            model._name == "account.move"
            and len(model) == 1
            and report_ref == "account.account_invoices"
        ):
            report_ref = model._qanat_invoice_report().report_name
        return super()._show_report(model, report_type, report_ref, download=download)

    def _get_account_searchbar_sortings(self):
        sortings = super()._get_account_searchbar_sortings()
        env = request.env
        labels = {
            "date": env._("Date"),
            "duedate": env._("Due Date"),
            "name": env._("Reference"),
            "state": env._("Status"),
        }
        return _relabel(sortings, labels)

    def _get_account_searchbar_filters(self):
        filters = super()._get_account_searchbar_filters()
        env = request.env
        labels = {
            "all": env._("All"),
            "overdue_invoices": env._("Overdue invoices"),
            "invoices": env._("Invoices"),
            "bills": env._("Bills"),
        }
        return _relabel(filters, labels)
