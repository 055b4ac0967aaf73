from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.qanat_billing.models.qanat_service_choice import CHOICE_STATES
from odoo.addons.qanat_devices.models.qanat_device import LIVE_SERVICE_STATES
from odoo.addons.qanat_devices.models.qanat_installation import CHECKLIST_FIELDS

from . import common


class QanatDevicePortal(CustomerPortal):
    """Devices, the service choice at expiry and installation confirmation."""

    # -- devices ------------------------------------------------------------------

    @http.route(
        ["/my/devices", "/my/devices/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def qanat_devices(self, page=1, **kw):
        devices_sudo, pager = common.paged_search(
            "qanat.device", "/my/devices", page, order="id desc"
        )
        return common.render(
            self,
            "qanat_portal.portal_my_devices",
            page_name="qanat_devices",
            devices=devices_sudo,
            pager=pager,
            live_states=LIVE_SERVICE_STATES,
            choice_states=CHOICE_STATES,
        )

    @http.route(["/my/devices/<int:device_id>"], type="http", auth="user", website=True)
    def qanat_device(self, device_id, **kw):
        device_sudo = common.get_own("qanat.device", device_id)
        return common.render(
            self,
            "qanat_portal.portal_my_device",
            page_name="qanat_device",
            device=device_sudo,
            installation=device_sudo.installation_ids[:1],
            open_transfer=device_sudo.transfer_ids.filtered(
                lambda t: t.state in ("draft", "submitted")
            )[:1],
            live_states=LIVE_SERVICE_STATES,
            choice_states=CHOICE_STATES,
        )

    # -- service choice -------------------------------------------------------------

    def _qanat_renewal_plans(self, partner_sudo, device_sudo):
        """The renewal plans on sale, each with the price the quotation will
        charge: the customer's pricelist price and the plan's taxes as the sale
        order applies them (company, fiscal position), VAT included."""
        env = request.env
        plans = env["qanat.service.choice"]._renewal_plans()
        company = device_sudo.company_id or env.company
        pricelist = partner_sudo.property_product_pricelist
        prices = (
            pricelist._get_products_price(plans, 1.0)
            if pricelist
            else {plan.id: plan.lst_price for plan in plans}
        )
        currency = pricelist.currency_id or company.currency_id
        fiscal_position = (
            env["account.fiscal.position"]
            .sudo()
            .with_company(company)
            ._get_fiscal_position(partner_sudo)
        )
        result = []
        for plan in plans:
            price = prices.get(plan.id, plan.lst_price)
            taxes = fiscal_position.map_tax(
                plan.taxes_id._filter_taxes_by_company(company)
            )
            amounts = taxes.compute_all(
                price,
                currency=currency,
                quantity=1.0,
                product=plan,
                partner=partner_sudo,
            )
            total, untaxed = amounts["total_included"], amounts["total_excluded"]
            tax = total - untaxed
            result.append(
                {
                    "plan": plan,
                    "total": total,
                    "untaxed": untaxed,
                    "vat_text": env._(
                        "including value added tax (%(tax)s)",
                        tax=common.money(tax),
                    )
                    if not currency.is_zero(tax)
                    else env._("no value added tax"),
                }
            )
        return result

    def _qanat_debt_status(self, partner, warning):
        """ "over" above the ceiling (what it blocks is the model's rule: new
        pay-per-case tickets), "close" from the warning threshold, else False."""
        if partner._qanat_debt_reached_ceiling():
            return "over"
        if partner.qanat_debt >= warning:
            return "close"
        return False

    def _qanat_service_values(self, device_sudo, error=None, form=None):
        partner_sudo = request.env.user.partner_id.commercial_partner_id.sudo()
        warning, ceiling = partner_sudo._qanat_debt_limits()
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="qanat_service",
            device=device_sudo,
            plans=self._qanat_renewal_plans(partner_sudo, device_sudo),
            debt=partner_sudo.qanat_debt,
            debt_warning=warning,
            debt_ceiling=ceiling,
            debt_status=self._qanat_debt_status(partner_sudo, warning),
            error=error,
            form=form or {},
            open_order=request.env["qanat.service.choice"]._open_renewal_order(
                device_sudo
            ),
        )
        return values

    @http.route(
        ["/my/devices/<int:device_id>/service"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def qanat_service_choice(self, device_id, **kw):
        device_sudo = common.get_own("qanat.device", device_id)
        return request.render(
            "qanat_portal.portal_my_service_choice",
            self._qanat_service_values(device_sudo),
        )

    @http.route(
        ["/my/devices/<int:device_id>/service"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def qanat_service_choice_apply(self, device_id, choice=None, plan_id=None, **post):
        device_sudo = common.get_own("qanat.device", device_id)
        env = request.env
        open_order = env["qanat.service.choice"]._open_renewal_order(device_sudo)
        if choice == "renew" and open_order:
            # One quotation per renewal: a second click leads to the first one.
            return request.redirect(open_order.get_portal_url())
        if choice not in ("renew", "per_case", "cancel"):
            return request.render(
                "qanat_portal.portal_my_service_choice",
                self._qanat_service_values(
                    device_sudo, error=env._("Please choose one of the options.")
                ),
            )
        vals = {"device_id": device_sudo.id, "choice": choice}
        if choice == "renew":
            vals["plan_product_id"] = int(plan_id) if (plan_id or "").isdecimal() else 0
        elif choice == "cancel":
            vals["reason"] = common.form_text(post.get("reason"))
        try:
            with env.cr.savepoint():
                # As the customer: the model checks the device is theirs, the plan
                # one on sale, and that the choice is open to them.
                orders = env["qanat.service.choice"].create(vals).action_apply()
        except (UserError, ValidationError) as error:
            return request.render(
                "qanat_portal.portal_my_service_choice",
                self._qanat_service_values(device_sudo, error=error.args[0], form=post),
            )
        if orders:
            return request.redirect(orders[:1].get_portal_url())
        return request.redirect(f"/my/devices/{device_sudo.id}?choice_done=1")

    # -- installation confirmation ------------------------------------------------

    @http.route(
        ["/my/installations", "/my/installations/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def qanat_installations(self, page=1, **kw):
        installations_sudo, pager = common.paged_search(
            "qanat.installation", "/my/installations", page, order="state desc, id desc"
        )
        return common.render(
            self,
            "qanat_portal.portal_my_installations",
            page_name="qanat_installations",
            installations=installations_sudo,
            pager=pager,
        )

    def _qanat_installation_values(self, installation_sudo, error=None, ticked=None):
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="qanat_installation",
            installation=installation_sudo,
            checklist=[
                (
                    name,
                    installation_sudo._fields[name].get_description(request.env)[
                        "string"
                    ],
                )
                for name in CHECKLIST_FIELDS
            ],
            ticked=ticked
            if ticked is not None
            else {name for name in CHECKLIST_FIELDS if installation_sudo[name]},
            error=error,
        )
        return values

    @http.route(
        ["/my/installations/<int:installation_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def qanat_installation(self, installation_id, **kw):
        installation_sudo = common.get_own("qanat.installation", installation_id)
        return request.render(
            "qanat_portal.portal_my_installation",
            self._qanat_installation_values(installation_sudo),
        )

    @http.route(
        ["/my/installations/<int:installation_id>/pdf"],
        type="http",
        auth="user",
        website=True,
    )
    def qanat_installation_pdf(self, installation_id, download=False, **kw):
        installation_sudo = common.get_own("qanat.installation", installation_id)
        return self._show_report(
            model=installation_sudo,
            report_type="pdf",
            report_ref="qanat_devices.report_installation_confirmation",
            download=download,
        )

    @http.route(
        ["/my/installations/<int:installation_id>/confirm"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def qanat_installation_confirm(self, installation_id, **post):
        installation_sudo = common.get_own("qanat.installation", installation_id)
        env = request.env
        if installation_sudo.state == "confirmed":
            return request.redirect(f"/my/installations/{installation_sudo.id}")
        ticked = {name for name in CHECKLIST_FIELDS if post.get(name)}
        if ticked != set(CHECKLIST_FIELDS):
            return request.render(
                "qanat_portal.portal_my_installation",
                self._qanat_installation_values(
                    installation_sudo,
                    error=env._(
                        "Tick every item of the checklist to confirm the installation."
                    ),
                    ticked=ticked,
                ),
            )
        try:
            with env.cr.savepoint():
                installation_sudo.write(dict.fromkeys(CHECKLIST_FIELDS, True))
                # Confirmed as the customer: the form records who confirmed, when
                # and from where.
                env["qanat.installation"].browse(installation_sudo.id).action_confirm()
        except (UserError, ValidationError) as error:
            return request.render(
                "qanat_portal.portal_my_installation",
                self._qanat_installation_values(
                    installation_sudo, error=error.args[0], ticked=ticked
                ),
            )
        return request.redirect(f"/my/installations/{installation_sudo.id}?confirmed=1")
