"""One batch of a deadline cron (ticket SLA, supplier registration): records past
their deadline first, then those at risk, then the cron's progress."""


def run_deadline_batch(
    model, late_domain, risk_domain, order, batch_size, on_late, on_risk
):
    """Search a batch of late records and hand them to ``on_late``, fill the
    batch with records at risk for ``on_risk``, report progress to the cron.

    :return: how many records were handled
    """
    late = model.search(late_domain, limit=batch_size, order=order)
    on_late(late)
    at_risk = model.search(
        risk_domain, limit=max(batch_size - len(late), 0), order=order
    )
    on_risk(at_risk)
    done = len(late) + len(at_risk)
    remaining = 0
    if done == batch_size:
        remaining = model.search_count(late_domain) + model.search_count(risk_domain)
    model.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
    return done
