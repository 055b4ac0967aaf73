from odoo import api, models

from ..tools import persian


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _qanat_install_jalali_sql(self):
        """The table of Jalali month starts (1300-1500) and the SQL function
        grouping by Jalali month, season or year (see models/base.py)."""
        cr = self.env.cr
        cr.execute(
            """
            CREATE TABLE IF NOT EXISTS qanat_jalali_month (
                start date PRIMARY KEY,
                jalali_year integer NOT NULL,
                jalali_month integer NOT NULL
            )
            """
        )
        cr.execute("SELECT count(*) FROM qanat_jalali_month")
        if not cr.fetchone()[0]:
            rows = persian.jalali_month_starts()
            cr.execute(
                "INSERT INTO qanat_jalali_month (start, jalali_year, jalali_month) "
                "SELECT * FROM unnest(%s::date[], %s::int[], %s::int[])",
                (
                    [row[0] for row in rows],
                    [row[1] for row in rows],
                    [row[2] for row in rows],
                ),
            )
        cr.execute(
            """
            CREATE OR REPLACE FUNCTION qanat_jalali_start(day date, granularity text)
            RETURNS date LANGUAGE sql STABLE AS $$
                SELECT start
                  FROM qanat_jalali_month
                 WHERE start <= day
                   AND (granularity = 'month'
                        OR (granularity = 'quarter' AND jalali_month IN (1, 4, 7, 10))
                        OR (granularity = 'year' AND jalali_month = 1))
                 ORDER BY start DESC
                 LIMIT 1
            $$
            """
        )
        return True
