from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.qanat_devices.models.qanat_device import LIVE_SERVICE_STATES

from . import common

DASHBOARD_ANNOUNCEMENTS = 3


class QanatCustomerPortal(CustomerPortal):
    """Home, profile and the counters of the customer area."""

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values.update(
            qanat_digits=common.digits,
            qanat_money=common.money,
        )
        return values

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        env = request.env
        counted = {
            "qanat_device_count": ("qanat.device", []),
            "qanat_installation_count": (
                "qanat.installation",
                [("state", "=", "draft")],
            ),
        }
        for counter, (model_name, domain) in counted.items():
            if counter in counters:
                model = env[model_name]
                count = model.search_count(domain) if model.has_access("read") else 0
                # Odoo's home page hides a card whose counter is exactly 0.
                values[counter] = common.digits(count) if count else 0
        return values

    def _qanat_dashboard_values(self):
        env = request.env
        field = env["qanat.device"]._fields["service_state"]
        state_labels = dict(field._description_selection(env))
        counts = env["qanat.device"]._read_group(
            [], ["service_state"], ["__count"], order="service_state"
        )
        status = [
            {
                "state": state,
                "label": state_labels.get(state, state),
                "count": common.digits(count),
                "live": state in LIVE_SERVICE_STATES,
            }
            for state, count in counts
        ]
        # One query for what the banner shows (ids under the customer's rules).
        announcements = env["qanat.announcement"].search_fetch(
            [("state", "=", "published")],
            ["name", "kind", "published_at", "summary"],
            limit=DASHBOARD_ANNOUNCEMENTS,
        )
        return {
            "qanat_service_status": status,
            "qanat_announcements": announcements.sudo(),
            "qanat_needs_choice": any(
                state in ("expired", "cancelled") for state, _count in counts
            ),
        }

    @http.route(["/my", "/my/home"], type="http", auth="user", website=True)
    def home(self, **kw):
        values = self._prepare_portal_layout_values()
        if request.env.user._is_portal():
            values.update(self._qanat_dashboard_values())
        return request.render("portal.portal_my_home", values)

    @http.route(["/my/profile"], type="http", auth="user", website=True)
    def qanat_profile(self, **kw):
        return common.render(
            self,
            "qanat_portal.portal_my_profile",
            page_name="qanat_profile",
            partner=request.env.user.partner_id.sudo(),
            company_partner=request.env.user.partner_id.commercial_partner_id.sudo(),
        )

    @http.route(["/my/account"], type="http", auth="user", website=True)
    def account(self, redirect=None, **post):
        """Identity is entered by the company: customers only read it, unless
        the company lets them edit their contact details."""
        if (
            request.env.user.share
            and not request.env.company.qanat_portal_details_editable
        ):
            return request.redirect("/my/profile", code=303)
        return super().account(redirect=redirect, **post)
