from . import qanat_ticket_sla_report
