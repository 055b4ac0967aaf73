import logging

from odoo import Command, fields, models
from odoo.exceptions import UserError

from odoo.addons.qanat_devices.tools import persian

_logger = logging.getLogger(__name__)

IRAN_TZ = "Asia/Tehran"
PERSIAN_LANG = "fa_IR"
# The Iranian fiscal year ends on the last day of Esfand, 20 March in most years.
FISCAL_YEAR_LAST_MONTH = "3"
FISCAL_YEAR_LAST_DAY = 20
# Journal names for Persian readers, by journal type.
PERSIAN_JOURNAL_NAMES = {
    "sale": "فروش",
    "purchase": "خرید",
    "bank": "بانک",
    "cash": "صندوق",
    "general": "عملیات متفرقه",
}
SALE_JOURNAL_CODE = "ف"


class ResCompany(models.Model):
    _inherit = "res.company"

    qanat_proforma_validity_days = fields.Integer(
        string="Pro-forma Validity (working days)",
        default=7,
        help="How many working days of the Iranian calendar an after-sales "
        "pro-forma (renewal, package, course, or a quotation sent with its payment "
        "link) can be paid. 0 keeps Odoo's Default Quotation Validity.",
    )
    qanat_iranian_setup_date = fields.Datetime(
        string="Iranian Setup Done On",
        readonly=True,
        copy=False,
        help="When the company was made Iranian (Rial, VAT, Persian journals).",
    )

    # -- the action ---------------------------------------------------------------

    def action_qanat_setup_iran(self):
        """Make the companies Iranian: Rial, Iran, VAT, Persian journals with
        Jalali-year invoice numbers, Tehran time, Persian, the Iranian week."""
        self.env["res.company"].check_access("write")
        if not self.env.user.has_group("base.group_system"):
            raise UserError(
                self.env._("Only an administrator can set up an Iranian company.")
            )
        for company in self:
            company._qanat_setup_iran()
            company._qanat_set_default_language()
        return True

    def _qanat_set_default_language(self):
        """New contacts are Persian, and so is the customer area: Odoo serves
        the portal in the contacts' default language, not in the user's own.
        (A database created with ``--load-language fa_IR`` has it already;
        the demo keeps Odoo's so that Odoo's own English tests run on it.)"""
        self.env["ir.default"].set(
            "res.partner", "lang", PERSIAN_LANG, company_id=self.id
        )

    def _qanat_setup_iran(self, vat_rate=None):
        self.ensure_one()
        rial = self.env.ref("base.IRR")
        self._qanat_check_currency_change(rial)
        if vat_rate is None:
            vat_rate = self._qanat_vat_rate()
        if not rial.active or rial.rounding != 1.0:
            rial.write({"active": True, "rounding": 1.0})
        values = {"country_id": self.env.ref("base.ir").id}
        if self.currency_id != rial:
            values["currency_id"] = rial.id
        if (int(self.fiscalyear_last_month), self.fiscalyear_last_day) != (
            int(FISCAL_YEAR_LAST_MONTH),
            FISCAL_YEAR_LAST_DAY,
        ):
            values.update(
                fiscalyear_last_month=FISCAL_YEAR_LAST_MONTH,
                fiscalyear_last_day=FISCAL_YEAR_LAST_DAY,
            )
        calendar = self.env.ref(
            "qanat_helpdesk.resource_calendar_iran_support", raise_if_not_found=False
        )
        if calendar:
            values["resource_calendar_id"] = calendar.id
        # Iranian paper is A4; a company still on Odoo's US Letter default moves.
        letter = self.env.ref("base.paperformat_us", raise_if_not_found=False)
        if not self.paperformat_id or self.paperformat_id == letter:
            values["paperformat_id"] = self.env.ref("base.paperformat_euro").id
        self.write(values)
        self._qanat_setup_language()
        self.partner_id.write({"tz": IRAN_TZ, "lang": PERSIAN_LANG})
        self._qanat_setup_pricelists(rial)
        if self.chart_template:
            self._qanat_setup_taxes(vat_rate)
            self._qanat_setup_journals()
        self.qanat_iranian_setup_date = fields.Datetime.now()

    def _qanat_vat_rate(self):
        return self.env["qanat.billing.settings"]._get("vat_rate")

    def _qanat_check_currency_change(self, rial):
        """Odoo cannot change a company's currency once it has journal items."""
        if self.currency_id == rial:
            return
        if self.root_id._existing_accounting():
            raise UserError(
                self.env._(
                    "%(company)s already has accounting entries in %(currency)s, so "
                    "its currency cannot become the Rial. Set up a new company for "
                    "your Iranian business (Settings > Companies), then run this "
                    "action on it.",
                    company=self.name,
                    currency=self.currency_id.name,
                )
            )

    def _qanat_setup_language(self):
        lang = self.env["res.lang"].with_context(active_test=False)
        was_active = lang.search([("code", "=", PERSIAN_LANG), ("active", "=", True)])
        lang._activate_lang(PERSIAN_LANG)
        if not was_active:
            modules = self.env["ir.module.module"].search([("state", "=", "installed")])
            modules._update_translations(PERSIAN_LANG)

    def _qanat_setup_pricelists(self, rial):
        pricelists = (
            self.env["product.pricelist"]
            .sudo()
            .search(
                [("company_id", "in", (self.id, False)), ("currency_id", "!=", rial.id)]
            )
        )
        own = pricelists.filtered(lambda p: p.company_id == self)
        shared = pricelists - own
        # A shared pricelist is this company's only if no other company exists.
        if len(self.env["res.company"].sudo().search([])) == 1:
            own |= shared
        own.write({"currency_id": rial.id})

    # -- taxes ------------------------------------------------------------------------

    def _qanat_setup_taxes(self, vat_rate):
        """The VAT in force as default sale and purchase tax; existing taxes of the
        same rate (e.g. from OCA's Iranian chart) are reused, never duplicated."""
        old_sale_tax = self.account_sale_tax_id
        sale_tax = self._qanat_vat_tax("sale", vat_rate)
        purchase_tax = self._qanat_vat_tax("purchase", vat_rate)
        self.write(
            {
                "account_sale_tax_id": sale_tax.id,
                "account_purchase_tax_id": purchase_tax.id,
            }
        )
        if old_sale_tax and old_sale_tax != sale_tax:
            templates = (
                self.env["product.template"]
                .sudo()
                .with_context(active_test=False)
                .search([("taxes_id", "in", old_sale_tax.ids)])
            )
            templates.write(
                {
                    "taxes_id": [
                        Command.unlink(old_sale_tax.id),
                        Command.link(sale_tax.id),
                    ]
                }
            )

    def _qanat_vat_tax(self, use, vat_rate):
        taxes = self.env["account.tax"].sudo().with_context(active_test=False)
        domain = [
            ("company_id", "=", self.id),
            ("type_tax_use", "=", use),
            ("amount_type", "=", "percent"),
            ("amount", "=", vat_rate),
            ("price_include", "=", False),
        ]
        existing = taxes.search(domain, order="active desc, sequence, id", limit=1)
        if existing:
            if not existing.active:
                existing.active = True
            return existing
        model = (
            self.account_sale_tax_id if use == "sale" else self.account_purchase_tax_id
        )
        if not model:
            model = taxes.search(
                [
                    ("company_id", "=", self.id),
                    ("type_tax_use", "=", use),
                    ("amount_type", "=", "percent"),
                ],
                limit=1,
            )
        rate_text = f"{vat_rate:g}"
        name_en = (
            f"VAT {rate_text}% (sales)"
            if use == "sale"
            else f"VAT {rate_text}% (purchases)"
        )
        name_fa = (
            f"مالیات بر ارزش افزوده {persian.to_persian_digits(rate_text)}٪ "
            f"({'فروش' if use == 'sale' else 'خرید'})"
        )
        values = {
            "name": name_en,
            "amount": vat_rate,
            "amount_type": "percent",
            "type_tax_use": use,
            "description": f"{rate_text}%",
            "invoice_label": f"VAT {rate_text}%",
            "tax_group_id": self._qanat_vat_tax_group().id,
            "price_include_override": "tax_excluded",
            "country_id": self.account_fiscal_country_id.id,
            "active": True,
        }
        if model:
            tax = model.copy(values)
        else:
            tax = taxes.create({**values, "company_id": self.id})
            _logger.info(
                "Created %s without tax accounts: no tax to copy them from.", name_en
            )
        tax.with_context(lang=PERSIAN_LANG).write(
            {"name": name_fa, "invoice_label": f"ارزش افزوده {rate_text}٪"}
        )
        return tax

    def _qanat_vat_tax_group(self):
        groups = self.env["account.tax.group"].sudo()
        group = groups.search(
            [("company_id", "=", self.id), ("name", "=", "VAT")], limit=1
        )
        if not group:
            group = groups.create(
                {
                    "name": "VAT",
                    "company_id": self.id,
                    "country_id": self.account_fiscal_country_id.id,
                }
            )
            group.with_context(lang=PERSIAN_LANG).name = "مالیات بر ارزش افزوده"
        return group

    # -- journals ---------------------------------------------------------------------

    def _qanat_setup_journals(self):
        """Persian journal names; customer documents numbered by Jalali year."""
        journals = (
            self.env["account.journal"].sudo().search([("company_id", "=", self.id)])
        )
        for journal in journals:
            name = PERSIAN_JOURNAL_NAMES.get(journal.type)
            if not name or (journal.type == "general" and journal.code != "MISC"):
                continue  # exchange, cash basis...: Odoo's own names stay
            journal.with_context(lang=PERSIAN_LANG).name = name
        sale_journals = journals.filtered(lambda j: j.type == "sale")
        moves = self.env["account.move"].sudo()
        for index, journal in enumerate(sale_journals):
            if journal.qanat_jalali_sequence:
                continue
            if moves.search_count(
                [("journal_id", "=", journal.id), ("name", "not in", ("/", False))],
                limit=1,
            ):
                # Numbered entries keep their series; a new year cannot be told apart.
                continue
            code = (
                SALE_JOURNAL_CODE if index == 0 else f"{SALE_JOURNAL_CODE}{index + 1}"
            )
            journal.write({"qanat_jalali_sequence": True, "code": code})

    # -- demo -------------------------------------------------------------------------

    def _qanat_demo_make_iranian(self, identity):
        """Demo only: Odoo's generic demo books the main company's US entries in
        dollars, which forbids a change of currency; those entries are removed
        before the company becomes the Iranian demo company."""
        self.ensure_one()
        self._qanat_demo_remove_foreign_entries()
        state = self.env.ref(identity.pop("state_xmlid", ""), raise_if_not_found=False)
        if state:
            identity["state_id"] = state.id
        partner_fields = ("economic_code", "legal_national_id")
        self.partner_id.write(
            {key: identity.pop(key) for key in partner_fields if key in identity}
            | {"is_company": True}
        )
        self.write(identity)
        self._qanat_setup_iran()
        self._qanat_demo_iranian_bank_account()

    def _qanat_demo_iranian_bank_account(self):
        """Demo only: Odoo's demo bank account (BANK134567890), printed on every
        invoice as the account to pay into, becomes an Iranian Sheba."""
        account = self.env.ref("account.1_demo_bank_1", raise_if_not_found=False)
        if account and account.partner_id == self.partner_id:
            bank = self.env["res.bank"].search([("bic", "=", "BKMTIRTH")], limit=1)
            bank = bank or self.env["res.bank"].create(
                {"name": "بانک ملت", "bic": "BKMTIRTH", "country": self.country_id.id}
            )
            account.write(
                {"acc_number": "IR030120000004021345678901", "bank_id": bank.id}
            )

    def _qanat_demo_remove_foreign_entries(self):
        rial = self.env.ref("base.IRR")
        if self.currency_id == rial:
            return
        statement_lines = self.env["account.bank.statement.line"].search(
            [("company_id", "=", self.id)]
        )
        moves = self.env["account.move"].search([("company_id", "=", self.id)])
        moves.line_ids.remove_move_reconcile()
        statement_lines.unlink()
        payments = self.env["account.payment"].search([("company_id", "=", self.id)])
        payments.filtered(lambda p: p.state != "draft").action_draft()
        payments.unlink()
        moves = moves.exists()
        moves.filtered(lambda m: m.state != "draft").button_draft()
        moves.with_context(force_delete=True).unlink()
        self.env["account.bank.statement"].search(
            [("company_id", "=", self.id)]
        ).unlink()
