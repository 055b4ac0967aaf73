"""Qanat 18.0.1.2.0 numbers installations, transfers, tickets and course
licences by Jalali year (INS/1405/00001): the sequences are ``noupdate``, so
those still carrying the shipped Gregorian prefix are moved to the Jalali one
(a prefix the company changed is left alone)."""

SHIPPED = {
    "seq_qanat_installation": "INS/",
    "seq_qanat_device_transfer": "TRF/",
    "seq_qanat_ticket": "TCK/",
    "seq_qanat_course_licence": "LIC/",
}


def migrate(cr, version):
    for name, code in SHIPPED.items():
        cr.execute(
            """
            UPDATE ir_sequence s
               SET prefix = %s
              FROM ir_model_data d
             WHERE d.model = 'ir.sequence'
               AND d.res_id = s.id
               AND d.module LIKE 'qanat\\_%%'
               AND d.name = %s
               AND s.prefix = %s
            """,
            (f"{code}{{jalali_year}}/", name, f"{code}%(year)s/"),
        )
