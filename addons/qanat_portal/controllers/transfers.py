from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from . import common

REQUEST_FORM_FIELDS = ("new_owner_name", "new_owner_national_code", "new_owner_phone")


class QanatTransferPortal(CustomerPortal):
    """Ownership transfer requests: the owner asks, an administrator decides."""

    @http.route(
        ["/my/transfers", "/my/transfers/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def qanat_transfers(self, page=1, **kw):
        transfers_sudo, pager = common.paged_search(
            "qanat.device.transfer", "/my/transfers", page, order="id desc"
        )
        return common.render(
            self,
            "qanat_portal.portal_my_transfers",
            page_name="qanat_transfers",
            transfers=transfers_sudo,
            pager=pager,
        )

    def _qanat_transfer_form_values(self, error=None, form=None):
        env = request.env
        open_device_ids = {
            device.id
            for (device,) in env["qanat.device.transfer"]._read_group(
                [("state", "in", ("draft", "submitted"))], ["device_id"]
            )
        }
        devices = env["qanat.device"].search(
            [
                ("service_state", "!=", "cancelled"),
                ("id", "not in", list(open_device_ids)),
            ],
            order="name",
        )
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="qanat_transfer_new",
            devices=devices.sudo(),
            error=error,
            form=form or {},
        )
        return values

    @http.route(
        ["/my/transfers/new"], type="http", auth="user", website=True, methods=["GET"]
    )
    def qanat_transfer_new(self, device_id=None, **kw):
        form = {"device_id": device_id} if device_id else {}
        return request.render(
            "qanat_portal.portal_my_transfer_new",
            self._qanat_transfer_form_values(form=form),
        )

    @http.route(
        ["/my/transfers/new"], type="http", auth="user", website=True, methods=["POST"]
    )
    def qanat_transfer_create(self, **post):
        env = request.env
        device_id = post.get("device_id") or ""
        vals = {name: common.form_text(post.get(name)) for name in REQUEST_FORM_FIELDS}
        error = None
        if not device_id.isdecimal():
            error = env._("Please choose one of your devices.")
        elif not all(vals.values()):
            error = env._("Please give the new owner's name, national code and mobile.")
        elif not post.get("current_owner_confirmed"):
            error = env._(
                "Please confirm that your ownership of the device ends with the "
                "transfer."
            )
        if error:
            return request.render(
                "qanat_portal.portal_my_transfer_new",
                self._qanat_transfer_form_values(error=error, form=post),
            )
        vals.update(
            device_id=int(device_id),
            current_owner_confirmed=True,
            note=common.form_text(post.get("note")) or False,
        )
        try:
            with env.cr.savepoint():
                transfer = env["qanat.device.transfer"].create(vals)
                transfer.action_submit()
        except (UserError, ValidationError, AccessError) as error:
            return request.render(
                "qanat_portal.portal_my_transfer_new",
                self._qanat_transfer_form_values(error=error.args[0], form=post),
            )
        return request.redirect(f"/my/transfers/{transfer.id}?submitted=1")

    @http.route(
        ["/my/transfers/<int:transfer_id>"], type="http", auth="user", website=True
    )
    def qanat_transfer(self, transfer_id, **kw):
        transfer_sudo = common.get_own("qanat.device.transfer", transfer_id)
        return common.render(
            self,
            "qanat_portal.portal_my_transfer",
            page_name="qanat_transfer",
            transfer=transfer_sudo,
        )
