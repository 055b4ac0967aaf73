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
