"""Qanat's benchmark: data at scale, then the figures of issue 17.

Run by ``tests/benchmark/run`` (see README, section Performance), which gives
the Odoo options on the command line:

    python3 tests/benchmark/bench.py populate SIZE -- <odoo options>
    python3 tests/benchmark/bench.py jobs SIZE -- <odoo options>
    python3 tests/benchmark/bench.py pages URL LOG -- <odoo options>
    python3 tests/benchmark/bench.py sessions URL FILE --

``populate`` builds the data of a size through the ORM, as the application
would (valid national codes, installations confirmed, SLA planned, invoices
posted), except for the service states of most devices, which are spread over
every state with one SQL update (the state machine would take hours at
``large``). ``jobs`` times ticket creation and the crons, each inside a
savepoint rolled back so the database can be measured again. ``pages`` logs in
as the customers with many and few records and reads every customer page,
taking the query count of each request from the server's log.
"""

import argparse
import datetime
import json
import logging
import random
import re
import statistics
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger("qanat.benchmark")

SIZES = {
    # customers, devices, tickets, invoices
    "small": (200, 1_000, 3_000, 2_000),
    "medium": (2_000, 10_000, 30_000, 20_000),
    "large": (20_000, 100_000, 300_000, 200_000),
}
# The two customers whose pages are measured: many and few records.
MANY_TICKETS, FEW_TICKETS = 1_000, 10
BATCH = 500
SEED = 1405
CUSTOMER_PAGES = (
    "/my",
    "/my/devices",
    "/my/tickets",
    "/my/invoices",
    "/my/installations",
    "/my/transfers",
    "/my/receipts",
    "/my/packages",
    "/my/announcements",
    "/my/knowledge",
    "/my/courses",
    "/my/orders",
    "/my/refunds",
    "/my/contracts",
    "/my/profile",
)
STATE_SHARES = (
    ("active", 40),
    ("renewed", 20),
    ("expired", 15),
    ("pay_per_case", 10),
    ("suspended", 5),
    ("cancelled", 5),
    ("pending_installation", 5),
)


def national_code(number):
    """A valid Iranian national code built from a 9-digit number."""
    digits = f"{number:09d}"
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits))
    rest = total % 11
    return digits + str(rest if rest < 2 else 11 - rest)


def environment(odoo_args):
    odoo.tools.config.parse_config(odoo_args, setup_logging=True)
    registry = odoo.modules.registry.Registry(odoo.tools.config["db_name"])
    return registry


def batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def quiet(env):
    return env(
        context=dict(
            env.context,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_notrack=True,
            mail_auto_subscribe_no_notify=True,
        )
    )


# -- populate -------------------------------------------------------------------


def populate(env, size):
    customers_n, devices_n, tickets_n, invoices_n = SIZES[size]
    rng = random.Random(SEED)
    env = quiet(env)
    if env["res.partner"].search_count([("ref", "=like", "BENCH-%")]):
        _logger.info("the database already holds benchmark data: kept")
        return
    t0 = time.time()
    device_type = env["qanat.device.type"].create(
        {"name": "Benchmark Unit", "code": "BENCH"}
    )
    product = env["product.product"].create(
        {
            "name": "Benchmark Dental Unit",
            "type": "consu",
            "qanat_is_device": True,
            "qanat_device_type_id": device_type.id,
            "qanat_brand": "Bench",
            "qanat_model": "B-1",
            "qanat_warranty_months": 24,
            "qanat_service_months": 12,
        }
    )
    partners = env["res.partner"]
    for chunk in batches(list(range(customers_n))):
        partners |= partners.create(
            [
                {
                    "name": f"Benchmark Customer {index}",
                    "ref": f"BENCH-{index}",
                    "national_code": national_code(100_000_001 + index * 7),
                    "mobile": f"0912{index:07d}",
                    "email": f"bench{index}@example.com",
                }
                for index in chunk
            ]
        )
        env.cr.commit()
    many, few = partners[0], partners[1]
    _users(env, partners)
    _logger.info("customers: %s in %.0f s", len(partners), time.time() - t0)

    # Devices: the two measured customers get enough for their tickets.
    owners = [many] * 20 + [few] * 2
    owners += [partners[2 + i % (len(partners) - 2)] for i in range(devices_n - 22)]
    devices = env["qanat.device"]
    for chunk in batches(list(enumerate(owners))):
        devices |= devices.create(
            [
                {
                    "partner_id": owner.id,
                    "product_id": product.id,
                    "identifier": f"BENCH-SN-{index:07d}",
                }
                for index, owner in chunk
            ]
        )
        env.cr.commit()
    _activate(env, devices, rng)
    _logger.info("devices: %s in %.0f s", len(devices), time.time() - t0)

    live = devices.filtered(lambda d: d.service_state in ("active", "renewed"))
    live_of = {
        partner: live.filtered(lambda d, p=partner: d.partner_id == p)
        for partner in (many, few)
    }
    others = live - live_of[many] - live_of[few]
    plan = [live_of[many][i % len(live_of[many])] for i in range(MANY_TICKETS)]
    plan += [live_of[few][i % len(live_of[few])] for i in range(FEW_TICKETS)]
    plan += [others[i % len(others)] for i in range(max(0, tickets_n - len(plan)))]
    tickets = env["qanat.ticket"]
    for chunk in batches(plan):
        created = tickets.sudo().create(
            [
                {
                    "name": f"Benchmark ticket {device.identifier}",
                    "device_id": device.id,
                    "partner_id": device.partner_id.id,
                }
                for device in chunk
            ]
        )
        env["mail.message"].create(
            [
                {
                    "model": "qanat.ticket",
                    "res_id": ticket.id,
                    "body": "<p>Benchmark reply</p>",
                    "message_type": "comment",
                    "subtype_id": env.ref("mail.mt_comment").id,
                    "author_id": ticket.partner_id.id,
                }
                for ticket in created
            ]
        )
        tickets |= created
        env.cr.commit()
    _logger.info("tickets: %s in %.0f s", len(tickets), time.time() - t0)

    service = env.ref("qanat_billing.product_service_visit")
    rial = env.ref("base.IRR")
    today = datetime.date.today()
    buyers = [many] * 50 + [few] * 3
    buyers += [partners[2 + i % (len(partners) - 2)] for i in range(invoices_n - 53)]
    for chunk in batches(buyers):
        moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": buyer.id,
                    "currency_id": rial.id,
                    "invoice_date": today
                    - datetime.timedelta(days=rng.randint(0, 120)),
                    "invoice_line_ids": [
                        odoo.Command.create(
                            {
                                "product_id": service.id,
                                "quantity": 1,
                                "price_unit": 1_000_000,
                            }
                        )
                    ],
                }
                for buyer in chunk
            ]
        )
        moves.action_post()
        env.cr.commit()
    _logger.info("invoices: %s in %.0f s", invoices_n, time.time() - t0)


LOAD_TEST_ACCOUNTS = 50


def _users(env, partners):
    """Portal accounts: the customers with many and few records, and the 50
    customers of the load test (password = login)."""
    portal = env.ref("base.group_portal")
    accounts = [(partners[0], "bench_many"), (partners[1], "bench_few")]
    accounts += [
        (partners[1 + index], f"bench_c{index}")
        for index in range(1, LOAD_TEST_ACCOUNTS + 1)
    ]
    for partner, login in accounts:
        env["res.users"].with_context(no_reset_password=True).create(
            {
                "login": login,
                "password": login,
                "partner_id": partner.id,
                "groups_id": [odoo.Command.set(portal.ids)],
            }
        )
    env.cr.commit()


def _activate(env, devices, rng):
    """Installations confirmed for a sample through the application; the
    other devices' service spread over every state by SQL."""
    technician = env["res.partner"].create({"name": "Benchmark Technician"})
    env["qanat.technician.authorization"].create(
        {
            "partner_id": technician.id,
            "company_id": env.company.id,
            "date_start": "2000-01-01",
            "date_end": "2099-12-31",
        }
    )
    sample = devices[:200]
    for device in sample:
        env["qanat.installation"].create(
            {
                "device_id": device.id,
                "technician_id": technician.id,
                "item_device_installed": True,
                "item_connections_installed": True,
                "item_training_given": True,
                "customer_all_done": True,
            }
        ).action_confirm()
    env.cr.commit()
    # The two measured customers' devices are live; the others take a state.
    rest = (devices - sample).ids
    weights = [share for _state, share in STATE_SHARES]
    states = [_state for _state, _share in STATE_SHARES]
    today = datetime.date.today()
    by_state = {}
    for device_id in rest:
        by_state.setdefault(rng.choices(states, weights)[0], []).append(device_id)
    for state, ids in by_state.items():
        start = today - datetime.timedelta(days=400 if state == "expired" else 100)
        end = start + datetime.timedelta(days=365)
        env.cr.execute(
            SQL(
                "UPDATE qanat_device SET service_state = %s, installation_date = %s,"
                " service_start = %s, service_end = %s WHERE id = ANY(%s)",
                state,
                None if state == "pending_installation" else start,
                None if state == "pending_installation" else start,
                None if state == "pending_installation" else end,
                ids,
            )
        )
    env.cr.commit()
    env.invalidate_all()


# -- jobs -----------------------------------------------------------------------


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def jobs(env, rows):
    """Ticket creation rates and the crons per 1,000 records, at two sizes."""
    env = env(context=dict(env.context, tracking_disable=False))
    live = env["qanat.device"].search(
        [("service_state", "in", ("active", "renewed"))], limit=2_000
    )
    many = env["res.users"].search([("login", "=", "bench_many")])

    def create_batch(count):
        return (
            env["qanat.ticket"]
            .sudo()
            .create(
                [
                    {
                        "name": f"Rate {i}",
                        "device_id": live[i % len(live)].id,
                        "partner_id": live[i % len(live)].partner_id.id,
                    }
                    for i in range(count)
                ]
            )
        )

    def create_portal(count):
        mine = env["qanat.device"].search(
            [
                ("partner_id", "=", many.partner_id.id),
                ("service_state", "in", ("active", "renewed")),
            ]
        )
        model = env["qanat.ticket"].with_user(many)
        for i in range(count):
            model.create({"name": f"Portal {i}", "device_id": mine[i % len(mine)].id})

    with savepoint(env):
        seconds, _ = timed(lambda: create_batch(1_000))
        rows.append(
            ("tickets created in one batch", "1,000", f"{1_000 / seconds:.0f}/s")
        )
    with savepoint(env):
        seconds, _ = timed(lambda: create_portal(200))
        rows.append(
            (
                "tickets created one by one as the customer",
                "200",
                f"{200 / seconds:.0f}/s",
            )
        )

    def sla(count):
        return env["qanat.ticket"]._cron_update_sla(batch_size=count)

    def expiry(count):
        return env["qanat.device"]._cron_expire_services(batch_size=count)

    for label, prepare, run in (
        ("SLA cron (deadline passed)", _late_tickets, sla),
        ("expiry cron (service ended)", _ended_devices, expiry),
    ):
        figures = []
        for count in (500, 1_000):
            with savepoint(env):
                ready = prepare(env, count)
                seconds, _ = timed(lambda c=ready, job=run: job(c))
                figures.append((ready, seconds))
        (n1, s1), (n2, s2) = figures
        per_thousand = s2 / max(n2, 1) * 1_000
        rows.append(
            (
                label,
                f"{n1:,} / {n2:,}",
                f"{per_thousand:.2f} s per 1,000 ({per_thousand:.2f} ms each),"
                f" 2x data: {s2 / max(s1, 1e-9):.2f}x time",
            )
        )
    with savepoint(env):
        count = env["account.move"].search_count(
            [("move_type", "=", "out_invoice"), ("state", "=", "posted")]
        )
        env.cr.execute(
            "UPDATE account_move SET invoice_date_due = CURRENT_DATE - 40"
            " WHERE move_type = 'out_invoice' AND state = 'posted'"
        )
        _dates_changed_by_sql(env)
        steps = env["qanat.overdue.step"]
        env.cr.execute("SELECT count(*) FROM qanat_overdue_log")
        logged_before = env.cr.fetchone()[0]
        seconds, _ = timed(lambda: _until_done(lambda: steps._cron_apply()))
        env.cr.execute("SELECT count(*) FROM qanat_overdue_log")
        applied = env.cr.fetchone()[0] - logged_before
        each = seconds / max(applied, 1) * 1_000
        rows.append(
            (
                "overdue policy, every invoice 40 days late (backlog)",
                f"{count:,} invoices, {applied:,} steps",
                f"{seconds:.1f} s ({each:.2f} ms per step)",
            )
        )
    _overdue_day(env, rows)
    _overdue_busy_day(env, rows)


def _dates_changed_by_sql(env):
    """Due dates and logs changed by SQL: the invoices' next step dates, which
    the ORM keeps, are computed again (not part of the measure)."""
    env.invalidate_all()
    env["qanat.overdue.step"]._recompute_open_invoices()
    env.flush_all()


def _log_steps_of_earlier_days(env):
    """Mark by SQL the steps that fell due before today as applied."""
    env.cr.execute(
        """
        INSERT INTO qanat_overdue_log (move_id, step_id, create_uid, write_uid,
                                       create_date, write_date)
        SELECT m.id, s.id, 1, 1, now(), now()
          FROM account_move m CROSS JOIN qanat_overdue_step s
         WHERE m.move_type = 'out_invoice' AND m.state = 'posted' AND s.active
           AND m.invoice_date_due + s.days < CURRENT_DATE
        ON CONFLICT DO NOTHING
        """
    )


def _overdue_day(env, rows):
    """A normal day: the steps of earlier days are already applied (logged by
    SQL), the cron applies those falling due today."""
    with savepoint(env):
        _log_steps_of_earlier_days(env)
        env.cr.execute(
            """
            SELECT count(*) FROM account_move m CROSS JOIN qanat_overdue_step s
             WHERE m.move_type = 'out_invoice' AND m.state = 'posted' AND s.active
               AND m.payment_state IN ('not_paid', 'partial')
               AND m.invoice_date_due + s.days = CURRENT_DATE
            """
        )
        due_today = env.cr.fetchone()[0]
        _dates_changed_by_sql(env)
        steps = env["qanat.overdue.step"]
        seconds, _ = timed(lambda: _until_done(lambda: steps._cron_apply()))
        rows.append(
            (
                "overdue policy, one day (steps due today)",
                f"{due_today:,}",
                f"{seconds:.1f} s ({seconds / max(due_today, 1) * 1_000:.2f} ms each)",
            )
        )


def _overdue_busy_day(env, rows):
    """A busy day: every open invoice has exactly one step falling due today
    (its due date set that many days ago, the earlier steps already logged),
    so each step applied sends its message: the cost of one step at steady
    state, whatever the data's size."""
    with savepoint(env):
        env.cr.execute(
            """
            WITH steps AS (
                SELECT id, days, row_number() OVER (ORDER BY days, id) - 1 AS rank,
                       count(*) OVER () AS total
                  FROM qanat_overdue_step WHERE active
            ), invoices AS (
                SELECT id, row_number() OVER (ORDER BY id) AS rank
                  FROM account_move
                 WHERE move_type = 'out_invoice' AND state = 'posted'
                   AND payment_state IN ('not_paid', 'partial')
            )
            UPDATE account_move m
               SET invoice_date_due = CURRENT_DATE - s.days
              FROM invoices i JOIN steps s ON s.rank = i.rank % s.total
             WHERE m.id = i.id
            """
        )
        _log_steps_of_earlier_days(env)
        _dates_changed_by_sql(env)
        env.cr.execute("SELECT count(*) FROM qanat_overdue_log")
        before = env.cr.fetchone()[0]
        steps = env["qanat.overdue.step"]
        seconds, _ = timed(lambda: _until_done(lambda: steps._cron_apply()))
        env.cr.execute("SELECT count(*) FROM qanat_overdue_log")
        applied = env.cr.fetchone()[0] - before
        rows.append(
            (
                "overdue policy, a busy day (one step due per open invoice)",
                f"{applied:,} steps",
                f"{seconds:.1f} s ({seconds / max(applied, 1) * 1_000:.2f} ms each)",
            )
        )


def _until_done(run, limit=10_000):
    for _index in range(limit):
        if not run():
            return


def _late_tickets(env, count):
    tickets = env["qanat.ticket"].search([("sla_state", "=", "running")], limit=count)
    env.cr.execute(
        "UPDATE qanat_ticket SET sla_deadline = now() - interval '1 hour'"
        " WHERE id = ANY(%s)",
        [tickets.ids],
    )
    env.invalidate_all()
    return len(tickets)


def _ended_devices(env, count):
    devices = env["qanat.device"].search(
        [("service_state", "in", ("active", "renewed"))], limit=count
    )
    env.cr.execute(
        "UPDATE qanat_device SET service_end = CURRENT_DATE - 1 WHERE id = ANY(%s)",
        [devices.ids],
    )
    env.invalidate_all()
    return len(devices)


class savepoint:
    """Run a measurement and roll it back."""

    def __init__(self, env):
        self.env = env

    def __enter__(self):
        self.env.flush_all()
        self.env.cr.execute("SAVEPOINT qanat_bench")

    def __exit__(self, *exc):
        self.env.flush_all()
        self.env.cr.execute("ROLLBACK TO SAVEPOINT qanat_bench")
        self.env.invalidate_all()
        # End the transaction and clear the dead rows the measure left: in one
        # transaction they would slow every later measure's scans.
        self.env.cr.rollback()
        vacuum(self.env.cr.dbname)
        return False


def vacuum(dbname):
    import psycopg2  # noqa: PLC0415 (only the benchmark needs it directly)

    _name, info = odoo.sql_db.connection_info_for(dbname)
    connection = psycopg2.connect(**info)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()


# -- pages ----------------------------------------------------------------------

REQUEST_LINE = re.compile(r'"GET (\S+) HTTP/1\.[01]" (\d{3}) - (\d+) ')


def pages(url, log_path, rows, repeat=20):
    import requests  # noqa: PLC0415 (only this command needs it)

    for login in ("bench_many", "bench_few"):
        session = requests.Session()
        page = session.get(f"{url}/web/login", timeout=30)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        session.post(
            f"{url}/web/login",
            data={"login": login, "password": login, "csrf_token": token},
            timeout=30,
        )
        for path in CUSTOMER_PAGES:
            session.get(f"{url}{path}", timeout=60)  # warm
            times = []
            for _index in range(repeat):
                start = time.perf_counter()
                response = session.get(
                    f"{url}{path}", timeout=60, allow_redirects=False
                )
                times.append((time.perf_counter() - start) * 1_000)
            queries = _last_query_count(log_path, path)
            times.sort()
            p95 = times[max(0, int(len(times) * 0.95) - 1)]
            rows.append(
                (
                    f"{path} ({login})",
                    f"HTTP {response.status_code}, {queries} queries",
                    f"median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms",
                )
            )


def sessions(url, path, rows):
    """Log the load test's customers in one after the other and keep their
    sessions: the load test then measures browsing, not 50 password hashes
    computed at the same moment (each login costs ~0.3 s of CPU by design)."""
    import requests  # noqa: PLC0415 (only these commands need it)

    found, times = [], []
    for index in range(1, LOAD_TEST_ACCOUNTS + 1):
        login = f"bench_c{index}"
        session = requests.Session()
        page = session.get(f"{url}/web/login", timeout=30)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        start = time.perf_counter()
        session.post(
            f"{url}/web/login",
            data={"login": login, "password": login, "csrf_token": token},
            timeout=60,
        )
        times.append((time.perf_counter() - start) * 1_000)
        found.append(session.cookies.get("session_id"))
    with open(path, "w", encoding="utf-8") as output:
        json.dump(found, output)
    times.sort()
    rows.append(
        (
            "login (one at a time)",
            f"{len(found)} customers",
            f"median {statistics.median(times):.0f} ms,"
            f" p95 {times[max(0, int(len(times) * 0.95) - 1)]:.0f} ms",
        )
    )


def _last_query_count(log_path, path):
    count = "?"
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = REQUEST_LINE.search(line)
            if match and match.group(1) in (path, f"/fa{path}", f"/en{path}"):
                count = match.group(3)
    return count


# -- main -----------------------------------------------------------------------


def print_table(title, rows):
    width = max((len(row[0]) for row in rows), default=10)
    middle = max((len(row[1]) for row in rows), default=10)
    print(f"\n{title}")
    for name, size, figure in rows:
        print(f"  {name:<{width}}  {size:>{middle}}  {figure}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("populate", "jobs", "pages", "sessions"))
    parser.add_argument("arguments", nargs="*")
    if "--" not in sys.argv:
        parser.error("give the Odoo options after --")
    split = sys.argv.index("--")
    options = parser.parse_args(sys.argv[1:split])
    odoo_args = sys.argv[split + 1 :]
    rows = []
    if options.command == "sessions":
        url, path = options.arguments
        sessions(url, path, rows)
        print_table("Logins before the load test", rows)
        return
    if options.command == "pages":
        url, log_path = options.arguments
        pages(url, log_path, rows)
        print_table("Customer pages (query count from the server's log)", rows)
        return
    registry = environment(odoo_args)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if options.command == "populate":
            populate(env, options.arguments[0])
        else:
            jobs(env, rows)
            cr.rollback()
            print_table("Ticket creation and crons", rows)


if __name__ == "__main__":
    main()
