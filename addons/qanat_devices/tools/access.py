"""Access checks the Qanat models share."""

from odoo.exceptions import AccessError

STAFF_GROUP = "qanat_devices.group_qanat_user"


def is_staff(env):
    """Whether the current user is Qanat after-sales staff."""
    return env.user.has_group(STAFF_GROUP)


def check_staff(env):
    """Refuse anyone but Qanat staff (customers calling backend buttons by RPC)."""
    if not is_staff(env):
        raise AccessError(env._("Only support staff can do this."))


def check_staff_or_owner(records, refusal):
    """Qanat staff act on any record; a customer only on records whose
    commercial partner is theirs (read as the system, refused with
    ``refusal``, which names nothing of the record)."""
    if is_staff(records.env):
        return
    customer = records.env.user.commercial_partner_id
    if any(record.commercial_partner_id != customer for record in records.sudo()):
        raise AccessError(refusal)
