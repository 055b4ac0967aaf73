import datetime

import pytz

from odoo import api, models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL

from ..tools import persian

# Group-by granularities a Persian user gets in the Jalali calendar.
JALALI_GRANULARITIES = ("month", "quarter", "year")
JALALI_CONTEXT_KEY = "qanat_jalali_groups"


class Base(models.AbstractModel):
    """Lists, pivots and graphs grouped by month, season or year follow the
    Jalali calendar for Persian users: groups are Jalali periods (computed in
    SQL by ``qanat_jalali_start``, see res.lang), labelled in Persian, and a
    group's records are those of its Jalali period. Only the web client's
    ``read_group`` does so: code calling ``_read_group`` keeps Gregorian months.
    """

    _inherit = "base"

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        records = self
        if (self.env.lang or "").startswith("fa") and not self.env.context.get(
            JALALI_CONTEXT_KEY
        ):
            records = self.with_context(**{JALALI_CONTEXT_KEY: True})
        return super(Base, records).read_group(
            domain,
            fields,
            groupby,
            offset=offset,
            limit=limit,
            orderby=orderby,
            lazy=lazy,
        )

    def _qanat_jalali_spec(self, groupby_spec):
        """(field, granularity) when this group is a Jalali period."""
        if not self.env.context.get(JALALI_CONTEXT_KEY):
            return None
        fname, property_name, granularity = parse_read_group_spec(groupby_spec)
        field = self._fields.get(fname)
        if property_name or not field or field.type not in ("date", "datetime"):
            return None
        if (granularity or "month") not in (*JALALI_GRANULARITIES, "day", "week"):
            return None
        return field, granularity or "month"

    def _read_group_groupby(self, groupby_spec, query):
        jalali = self._qanat_jalali_spec(groupby_spec)
        if not jalali or jalali[1] in ("day", "week"):
            return super()._read_group_groupby(groupby_spec, query)
        field, granularity = jalali
        # The local day (time zone applied by core), then its Jalali period.
        day = super()._read_group_groupby(f"{field.name}:day", query)
        start = SQL("qanat_jalali_start((%s)::date, %s)", day, granularity)
        return SQL("(%s)::timestamp", start) if field.type == "datetime" else start

    def _read_group_fill_temporal(self, data, groupby, *args, **kwargs):
        # Core fills the gaps with Gregorian periods.
        if groupby and self._qanat_jalali_spec(groupby[0]):
            return data
        return super()._read_group_fill_temporal(data, groupby, *args, **kwargs)

    def _read_group_format_result(self, rows_dict, lazy_groupby):
        jalali_groups = {
            group: spec
            for group in lazy_groupby
            if (spec := self._qanat_jalali_spec(group))
        }
        raw = {group: [row[group] for row in rows_dict] for group in jalali_groups}
        super()._read_group_format_result(rows_dict, lazy_groupby)
        tz_name = self.env.context.get("tz")
        tz = pytz.timezone(tz_name) if tz_name in pytz.all_timezones_set else None
        for group, (field, granularity) in jalali_groups.items():
            for row, value in zip(rows_dict, raw[group], strict=True):
                if not isinstance(value, (datetime.date, datetime.datetime)):
                    continue
                if granularity == "day":
                    row[group] = persian.jalali_day_label(value)
                    continue
                if granularity == "week":
                    # Core's weeks (they start on Saturday for Persian), named
                    # by their rank in the Jalali year.
                    row[group] = persian.jalali_week_label(value)
                    continue
                start = value.date() if isinstance(value, datetime.datetime) else value
                following, label = persian.jalali_period(start, granularity)
                row[group] = label
                if field.type == "datetime":
                    end = datetime.datetime.combine(following, datetime.time())
                    if tz:
                        end = tz.localize(end).astimezone(pytz.utc).replace(tzinfo=None)
                    end_text = end.strftime("%Y-%m-%d %H:%M:%S")
                else:
                    end_text = following.strftime("%Y-%m-%d")
                bounds = row["__range"][group]
                old_end, bounds["to"] = bounds["to"], end_text
                row["__domain"] = [
                    (field.name, "<", end_text)
                    if isinstance(term, (list, tuple))
                    and tuple(term) == (field.name, "<", old_end)
                    else term
                    for term in row["__domain"]
                ]
