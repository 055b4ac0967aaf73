"""Client actions shared by the buttons of the Qanat addons."""


def notification_action(ok, message):
    """A toast telling the user whether an action succeeded (sticky when not)."""
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": {
            "type": "success" if ok else "danger",
            "sticky": not ok,
            "message": message,
        },
    }
