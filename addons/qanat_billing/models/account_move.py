from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, create_index
from odoo.tools.i18n import format_list

# Invoices the overdue policy follows: still to be paid.
OVERDUE_PAYMENT_STATES = ("not_paid", "partial")


class AccountMove(models.Model):
    _inherit = "account.move"

    qanat_contract_id = fields.Many2one(
        "qanat.service.contract",
        string="Service Contract",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    qanat_contract_period_start = fields.Date(
        string="Contract Period", readonly=True, copy=False
    )
    qanat_overdue_log_ids = fields.One2many(
        "qanat.overdue.log", "move_id", string="Overdue Steps Applied", readonly=True
    )
    # What the overdue cron selects by: one index range, however many invoices
    # have had their steps (an anti-join on the logs grew with every invoice).
    qanat_overdue_next_date = fields.Date(
        string="Next Overdue Step On",
        compute="_compute_qanat_overdue_next_date",
        store=True,
        copy=False,
        help="The day the next step of the overdue policy falls due for this "
        "unpaid customer invoice; empty once it is paid or every step applied.",
    )

    _sql_constraints = [
        (
            "qanat_contract_period_uniq",
            "unique(qanat_contract_id, qanat_contract_period_start)",
            "A contract period is invoiced once.",
        ),
    ]

    def init(self):
        super().init()
        # The overdue cron's batch: ORDER BY this date, id LIMIT n, read in
        # index order whatever the number of invoices with a step due.
        create_index(
            self.env.cr,
            indexname="account_move_qanat_overdue_next_idx",
            tablename="account_move",
            expressions=["qanat_overdue_next_date", "id"],
            where="qanat_overdue_next_date IS NOT NULL",
        )

    @api.depends(
        "move_type",
        "state",
        "payment_state",
        "invoice_date_due",
        "qanat_overdue_log_ids.step_id",
    )
    def _compute_qanat_overdue_next_date(self):
        steps = self.env["qanat.overdue.step"].sudo().search([])  # by days
        for invoice in self:
            invoice.qanat_overdue_next_date = False
            if not invoice._qanat_overdue_policy_applies():
                continue
            applied = invoice.qanat_overdue_log_ids.step_id
            step = next((step for step in steps if step not in applied), None)
            if step:
                invoice.qanat_overdue_next_date = fields.Date.add(
                    invoice.invoice_date_due, days=step.days
                )

    def _qanat_overdue_policy_applies(self):
        """A posted customer invoice still to be paid, with a due date."""
        self.ensure_one()
        return (
            self.move_type == "out_invoice"
            and self.state == "posted"
            and self.payment_state in OVERDUE_PAYMENT_STATES
            and bool(self.invoice_date_due)
        )

    def _post(self, soft=True):
        """Post customer invoices one customer at a time, then check the debt.

        The customer's row is locked (NOWAIT: a concurrent posting fails at once
        and Odoo retries it), so two invoices posted together are both counted
        before the warning and the ceiling are evaluated.
        """
        customers = self.filtered(lambda m: m.is_sale_document()).partner_id
        customers = customers.commercial_partner_id
        if customers:
            self._qanat_lock_partners(customers)
            self._qanat_apply_first_invoice_term()
        posted = super()._post(soft=soft)
        if customers:
            posted.invalidate_recordset()
            customers.invalidate_recordset(["qanat_debt"])
            customers._qanat_check_debt_thresholds()
        return posted

    def _invoice_paid_hook(self):
        """A device order paid in full by its invoices starts its delivery."""
        result = super()._invoice_paid_hook()
        orders = self.filtered(
            lambda move: move.is_invoice()
        ).line_ids.sale_line_ids.order_id
        orders._qanat_start_delivery_when_paid()
        return result

    def _qanat_apply_first_invoice_term(self):
        """A customer's first invoice gets the grace term (30 days by default)."""
        first_invoices = self.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and not m.invoice_payment_term_id
                and m.state == "draft"
            )
        )
        if not first_invoices:
            return
        invoiced = set(
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    (
                        "commercial_partner_id",
                        "in",
                        first_invoices.commercial_partner_id.ids,
                    ),
                ],
                ["commercial_partner_id"],
            )
        )
        term = None
        for move in first_invoices:
            if (move.commercial_partner_id,) in invoiced:
                continue
            term = term or self._qanat_first_invoice_term()
            move.invoice_payment_term_id = term

    def _qanat_first_invoice_term(self):
        """A term paying 100% ``days`` after the invoice: the company's own (or
        Odoo's "30 Days") when one exists, found by what it does, not by its
        name, which is translated."""
        days = self.env["res.partner"]._qanat_first_invoice_days()
        terms = self.env["account.payment.term"].sudo()
        candidates = terms.search(
            [
                ("company_id", "in", (False, self.env.company.id)),
                ("early_discount", "=", False),
                ("line_ids.nb_days", "=", days),
            ],
            order="company_id, id",
        )
        term = candidates.filtered(
            lambda candidate: (
                len(candidate.line_ids) == 1
                and candidate.line_ids.value == "percent"
                and candidate.line_ids.value_amount == 100
                and candidate.line_ids.delay_type == "days_after"
            )
        )[:1]
        return term or terms.create(
            {
                "name": self.env._("First invoice: %(days)s days", days=days),
                "line_ids": [
                    (0, 0, {"value": "percent", "value_amount": 100, "nb_days": days})
                ],
            }
        )

    def _qanat_lock_partners(self, partners):
        # A LockNotAvailable error is a concurrency error: Odoo retries the call.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                tuple(partners.ids),
            )
        )

    def _qanat_demo_pay(self):
        """Demo only: the invoices paid in full by bank transfer on their date."""
        for move in self:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({"payment_date": move.invoice_date})._create_payments()

    def _qanat_official_invoice_refusal(self):
        """Why the official invoice cannot be issued yet, or False.

        Posted customer invoices in Rial only: the official form prints the
        invoice's own amounts in Rial, so an invoice in another currency is
        refused rather than converted at some rate (re-issue it in IRR). The
        seller must have its economic code, national ID, postal code and full
        address; so must a legal buyer (a company, or a partner with a legal
        national ID), whose official invoice is issued once paid. A natural
        person needs at least a national code.
        """
        self.ensure_one()
        if (
            self.move_type not in ("out_invoice", "out_refund")
            or self.state != "posted"
        ):
            return self.env._(
                "An official invoice is issued for posted customer invoices."
            )
        if self.currency_id.name != "IRR":
            return self.env._(
                "The official invoice is written in Rial, but invoice %(invoice)s "
                "is in %(currency)s. Issue the invoice in Rial (IRR) to get its "
                "official invoice.",
                invoice=self.name,
                currency=self.currency_id.name,
            )
        seller = self.company_id.partner_id
        missing = self._qanat_official_missing_details(seller, legal=True)
        if missing:
            return self.env._(
                "The official invoice cannot be issued yet: the seller's details "
                "(%(seller)s) lack the %(missing)s.",
                seller=seller.name,
                missing=missing,
            )
        buyer = self.partner_id.commercial_partner_id
        is_legal = self._qanat_official_buyer_is_legal()
        missing = self._qanat_official_missing_details(buyer, legal=is_legal)
        if missing:
            return self.env._(
                "The official invoice cannot be issued yet: the details of "
                "customer %(customer)s lack the %(missing)s.",
                customer=buyer.name,
                missing=missing,
            )
        if is_legal and self.payment_state not in ("paid", "in_payment"):
            return self.env._(
                "The official invoice of %(customer)s (a legal entity) is "
                "available once invoice %(invoice)s is paid.",
                customer=buyer.name,
                invoice=self.name,
            )
        return False

    def _qanat_invoice_report(self):
        """The PDF this invoice is printed, sent and downloaded as when nothing
        else is chosen: the official Persian invoice once it can be issued;
        before that the same Persian form marked unofficial with the reason
        (Odoo's own layout prints Persian text over itself on a Letter page);
        Odoo's own for invoices in another currency and other documents."""
        self.ensure_one()
        if not self._qanat_official_invoice_refusal():
            return self.env.ref("qanat_billing.report_official_invoice")
        if not self._qanat_persian_invoice_refusal():
            return self.env.ref("qanat_billing.report_persian_invoice")
        return self.env.ref("account.account_invoices")

    def _qanat_persian_invoice_refusal(self):
        """Why this document cannot be printed on the Persian form, or False:
        customer invoices and credit notes in Rial only."""
        self.ensure_one()
        if self.move_type not in ("out_invoice", "out_refund"):
            return self.env._("The Persian invoice form is for customer invoices.")
        if self.currency_id.name != "IRR":
            return self.env._(
                "The Persian invoice form is written in Rial, but invoice "
                "%(invoice)s is in %(currency)s.",
                invoice=self.display_name,
                currency=self.currency_id.name,
            )
        return False

    def _qanat_check_persian_invoice_available(self):
        refusal = self._qanat_persian_invoice_refusal()
        if refusal:
            raise UserError(refusal)

    def _get_invoice_pdf_proforma(self):
        """The invoice downloaded before it was ever sent, on its Persian form
        (official or not, titled pro-forma while a draft)."""
        report = self._qanat_invoice_report()
        if report == self.env.ref("account.account_invoices"):
            return super()._get_invoice_pdf_proforma()
        content, report_type = self.env["ir.actions.report"]._pre_render_qweb_pdf(
            report.report_name, self.ids
        )
        content_by_id = self.env["ir.actions.report"]._get_splitted_report(
            report.report_name, content, report_type
        )
        return {
            "filename": self._get_invoice_report_filename(),
            "filetype": "pdf",
            "content": content_by_id[self.id],
        }

    def action_print_pdf(self):
        self.ensure_one()
        if self.partner_id.invoice_template_pdf_report_id:
            return super().action_print_pdf()
        return self._qanat_invoice_report().report_action(self.id)

    def _qanat_check_official_invoice_available(self):
        refusal = self._qanat_official_invoice_refusal()
        if refusal:
            raise UserError(refusal)

    def _qanat_official_buyer_is_legal(self):
        buyer = self.partner_id.commercial_partner_id
        return bool(buyer.is_company or buyer.legal_national_id)

    def _qanat_official_missing_details(self, partner, legal):
        """The details of ``partner`` the official form needs and lacks, as a
        translated list ("economic code, postal code and city"), or ""."""
        if legal:
            checks = [
                (partner.economic_code, self.env._("economic code")),
                (partner.legal_national_id, self.env._("national ID")),
                (partner.zip, self.env._("postal code")),
                (partner.state_id, self.env._("province")),
                (partner.city, self.env._("city")),
                (partner.street or partner.street2, self.env._("street address")),
            ]
        else:
            checks = [(partner.national_code, self.env._("national code"))]
        missing = [label for value, label in checks if not value]
        if not missing:
            return ""
        return format_list(self.env, missing, lang_code=self.env.lang or "en_US")

    def _qanat_official_sale_terms(self):
        """«نقدی» (cash) or «غیر نقدی» (credit) on the official form: cash when
        the invoice is paid or falls due on its own date, credit otherwise."""
        self.ensure_one()
        if self.payment_state in ("paid", "in_payment"):
            return "cash"
        due = self.invoice_date_due
        if not due or not self.invoice_date or due <= self.invoice_date:
            return "cash"
        return "credit"
