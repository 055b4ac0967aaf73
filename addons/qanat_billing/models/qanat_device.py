from odoo import fields, models

from odoo.addons.qanat_devices.tools import persian

from .qanat_service_contract import COVERABLE_STATES


class QanatDeviceDebt(models.Model):
    _inherit = "qanat.device"

    qanat_suspended_for_debt = fields.Boolean(
        string="Suspended for Debt", readonly=True, copy=False
    )

    def _qanat_cover_until(self, end, contract):
        """A contract period is invoiced: its devices' service runs until the
        period's last day (never shortened; suspended, cancelled and not yet
        installed devices keep their state)."""
        for device in self.filtered(lambda d: d.service_state in COVERABLE_STATES):
            if (
                device.service_end
                and device.service_end >= end
                and (device.service_state in ("active", "renewed"))
            ):
                continue
            device._change_service_state(
                "renewed",
                reason=self.env._(
                    "Covered by service contract %(contract)s until %(date)s.",
                    contract=contract.name,
                    date=persian.format_jalali_date(end),
                ),
                vals={
                    "service_end": max(end, device.service_end or end),
                    "service_state_before_suspension": False,
                },
            )
        return True
