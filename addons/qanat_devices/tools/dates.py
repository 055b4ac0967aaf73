"""The business day: every date rule compares with the company's today."""

import datetime

import pytz

IRAN_TZ = "Asia/Tehran"


def company_today(env):
    """Today where the company is (its contact's time zone, else Tehran's).

    Odoo's ``context_today`` follows the acting user's zone, so a rule such as
    "not installed in the future" or "expired today" would change with who
    acts: a customer without a zone (UTC), a cron user in Brussels, staff in
    Tehran. Between 20:30 and midnight UTC these are different days.
    """
    # Reading the company's zone is harmless for any user (portal included).
    tz_name = env.company.sudo().partner_id.tz or IRAN_TZ
    try:
        zone = pytz.timezone(tz_name)
    except pytz.UnknownTimeZoneError:
        zone = pytz.timezone(IRAN_TZ)
    return datetime.datetime.now(zone).date()


def company_today_default(records):
    """``default=`` for date fields: the company's today."""
    return company_today(records.env)
