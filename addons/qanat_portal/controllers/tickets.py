from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.qanat_helpdesk.models.qanat_ticket import MAX_CUSTOMER_FILES

from . import common

# Odoo's three-level rating: satisfied, okay, dissatisfied.
RATING_VALUES = (5, 3, 1)


class QanatTicketPortal(CustomerPortal):
    """Tickets: list, new (live devices only), detail with history, close, rate."""

    def _qanat_ticket_filters(self):
        env = request.env
        return {
            "all": {"label": env._("All"), "domain": []},
            "open": {
                "label": env._("Waiting for support"),
                "domain": [("state", "in", ("open", "in_review"))],
            },
            "answered": {
                "label": env._("Answered"),
                "domain": [("state", "=", "answered")],
            },
            "closed": {"label": env._("Closed"), "domain": [("state", "=", "closed")]},
        }

    def _qanat_ticket_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "id desc"},
            "priority": {"label": env._("Priority"), "order": "priority desc, id desc"},
            "state": {"label": env._("Status"), "order": "state, id desc"},
        }

    @http.route(
        ["/my/tickets", "/my/tickets/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def qanat_tickets(self, page=1, filterby="all", sortby="date", search=None, **kw):
        filters = self._qanat_ticket_filters()
        sortings = self._qanat_ticket_sortings()
        filterby = filterby if filterby in filters else "all"
        sortby = sortby if sortby in sortings else "date"
        domain = list(filters[filterby]["domain"])
        search = common.form_text(search)
        if search:
            domain += ["|", ("number", "ilike", search), ("name", "ilike", search)]
        tickets_sudo, pager = common.paged_search(
            "qanat.ticket",
            "/my/tickets",
            page,
            domain=domain,
            order=sortings[sortby]["order"],
            url_args={"filterby": filterby, "sortby": sortby, "search": search},
        )
        return common.render(
            self,
            "qanat_portal.portal_my_tickets",
            page_name="qanat_tickets",
            tickets=tickets_sudo,
            pager=pager,
            searchbar_filters=filters,
            filterby=filterby,
            searchbar_sortings=sortings,
            sortby=sortby,
            search=search,
            search_in="all",
            searchbar_inputs={
                "all": {"input": "all", "label": request.env._("Number or title")}
            },
            default_url="/my/tickets",
        )

    def _qanat_blocked_device_action(self, device):
        """(label, url) of what unblocks tickets for ``device``."""
        env = request.env
        state = device.service_state
        if state == "pending_installation":
            installation = device.installation_ids.filtered(
                lambda i: i.state != "confirmed"
            )[:1]
            if installation:
                return (
                    env._("Confirm its installation"),
                    f"/my/installations/{installation.id}",
                )
            return env._("See the device"), f"/my/devices/{device.id}"
        if state == "suspended":
            return env._("Pay my overdue invoices"), "/my/invoices"
        if state in ("expired", "cancelled", "pay_per_case", "active", "renewed"):
            return (
                env._("Renew or choose pay per case"),
                f"/my/devices/{device.id}/service",
            )
        return env._("See the device"), f"/my/devices/{device.id}"

    def _qanat_new_ticket_values(self, error=None, form=None):
        env = request.env
        partner = env.user.partner_id
        form = form or {}
        kinds = dict(
            env["qanat.ticket"]._fields["request_kind"]._description_selection(env)
        )
        # A delivery change is asked from its order's page, not for a device.
        kinds.pop("address_change", None)
        kind = (
            form.get("request_kind") if form.get("request_kind") in kinds else "support"
        )
        # The service rule is the model's: each device is asked, and the page says
        # for every refused device why, with the page that lifts the refusal.
        tickets_sudo = env["qanat.ticket"].sudo()
        devices = env["qanat.device"]
        blocked = []
        for device in env["qanat.device"].search([], order="name").sudo():
            refusal = tickets_sudo._get_service_refusal(partner, device, kind)
            if not refusal:
                devices |= device
                continue
            if kind != "support":
                continue
            label, url = self._qanat_blocked_device_action(device)
            blocked.append(
                {"device": device, "refusal": refusal, "label": label, "url": url}
            )
        refusal = False
        if not devices:
            refusal = tickets_sudo._get_service_refusal(
                partner, env["qanat.device"], kind
            ) or env._(
                "None of your devices can take a new ticket at the moment; the "
                "reason for each one is below."
            )
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="qanat_ticket_new",
            devices=devices.sudo(),
            refusal=refusal,
            blocked_devices=blocked,
            priorities=env["qanat.ticket"]
            ._fields["priority"]
            ._description_selection(env),
            error=error,
            form=form,
            request_kind=kind,
            request_kind_label=kinds[kind],
        )
        return values

    @http.route(
        ["/my/tickets/new"], type="http", auth="user", website=True, methods=["GET"]
    )
    def qanat_ticket_new(self, request_kind=None, device_id=None, **kw):
        # Preselected from a device page (installation or warranty request).
        form = {"request_kind": request_kind, "device_id": device_id}
        return request.render(
            "qanat_portal.portal_my_ticket_new",
            self._qanat_new_ticket_values(form=form),
        )

    @http.route(
        ["/my/tickets/new"], type="http", auth="user", website=True, methods=["POST"]
    )
    def qanat_ticket_create(self, **post):
        env = request.env
        title = common.form_text(post.get("name"))
        description = common.form_text(post.get("description"))
        device_id = post.get("device_id") or ""
        priority = post.get("priority") or "1"
        request_kind = post.get("request_kind") or "support"
        error = None
        if not title or not description:
            error = env._("Please give the ticket a title and describe the problem.")
        elif not device_id.isdecimal():
            error = env._("Please choose one of your devices.")
        elif priority not in dict(env["qanat.ticket"]._fields["priority"].selection):
            error = env._("Please choose a priority.")
        elif request_kind == "address_change" or request_kind not in dict(
            env["qanat.ticket"]._fields["request_kind"].selection
        ):
            error = env._("Please choose what you are requesting.")
        uploads = []
        if not error:
            files = request.httprequest.files.getlist("attachments")
            if len(files) > MAX_CUSTOMER_FILES:
                # Not read at all: the model would refuse them anyway.
                error = env._(
                    "Attach at most %(count)s files.", count=MAX_CUSTOMER_FILES
                )
            else:
                try:
                    uploads = [f for f in map(common.read_upload, files) if f]
                except ValueError:
                    error = env._("Each attached file must be smaller than 10 MB.")
        if error:
            return request.render(
                "qanat_portal.portal_my_ticket_new",
                self._qanat_new_ticket_values(error=error, form=post),
            )
        try:
            with env.cr.savepoint():
                ticket = env["qanat.ticket"].create(
                    {
                        "name": title,
                        "description": plaintext2html(description),
                        "priority": priority,
                        "device_id": int(device_id),
                        "request_kind": request_kind,
                    }
                )
                ticket._qanat_attach_customer_files(
                    [(name, content) for name, content, _mimetype in uploads]
                )
        except (UserError, ValidationError, AccessError) as error:
            return request.render(
                "qanat_portal.portal_my_ticket_new",
                self._qanat_new_ticket_values(error=error.args[0], form=post),
            )
        return request.redirect(f"/my/tickets/{ticket.id}?created=1")

    def _qanat_ticket_or_404(self, ticket_id, access_token=None):
        try:
            return self._document_check_access("qanat.ticket", ticket_id, access_token)
        except (AccessError, MissingError):
            raise NotFound() from None

    @http.route(
        ["/my/tickets/<int:ticket_id>"], type="http", auth="public", website=True
    )
    def qanat_ticket(self, ticket_id, access_token=None, **kw):
        if request.env.user._is_public() and not access_token:
            return request.redirect(f"/web/login?redirect=/my/tickets/{ticket_id}")
        ticket_sudo = self._qanat_ticket_or_404(ticket_id, access_token)
        values = self._get_page_view_values(
            ticket_sudo,
            access_token,
            {"page_name": "qanat_ticket"},
            "my_tickets_history",
            False,
        )
        values.update(
            ticket=ticket_sudo,
            token=ticket_sudo._portal_ensure_token(),
            attachments=ticket_sudo._qanat_customer_attachments(),
            can_rate=ticket_sudo.state == "closed"
            and not ticket_sudo.rating_ids.filtered("consumed"),
            rating=ticket_sudo.rating_ids.filtered("consumed")[:1],
            rating_values=RATING_VALUES,
            is_owner=ticket_sudo.commercial_partner_id
            == request.env.user.partner_id.commercial_partner_id,
        )
        return request.render("qanat_portal.portal_my_ticket", values)

    @http.route(
        ["/my/tickets/<int:ticket_id>/close"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def qanat_ticket_close(self, ticket_id, **post):
        common.get_own("qanat.ticket", ticket_id)
        request.env["qanat.ticket"].browse(ticket_id).action_close()
        return request.redirect(f"/my/tickets/{ticket_id}")

    @http.route(
        ["/my/tickets/<int:ticket_id>/rate"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def qanat_ticket_rate(self, ticket_id, rate=None, feedback=None, **post):
        ticket_sudo = common.get_own("qanat.ticket", ticket_id)
        rate = int(rate) if (rate or "").isdecimal() else 0
        if ticket_sudo.state == "closed" and rate in RATING_VALUES:
            partner = request.env.user.partner_id
            token = ticket_sudo._rating_get_access_token(partner)
            ticket_sudo.rating_apply(
                rate, token=token, feedback=common.form_text(feedback)
            )
        return request.redirect(f"/my/tickets/{ticket_id}")
