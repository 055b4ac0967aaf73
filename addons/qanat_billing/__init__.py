from odoo.addons.payment import reset_payment_provider, setup_provider

from . import controllers
from . import models
from . import report
from . import wizards


def post_init_hook(env):
    setup_provider(env, "zarinpal")


def uninstall_hook(env):
    reset_payment_provider(env, "zarinpal")
