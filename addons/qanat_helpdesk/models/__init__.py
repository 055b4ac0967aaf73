from . import mail_alias
from . import resource_calendar
from . import qanat_helpdesk_team
from . import qanat_helpdesk_sla_policy
from . import qanat_ticket_tag
from . import qanat_ticket_difficulty
from . import qanat_ticket_effort
from . import qanat_ticket
