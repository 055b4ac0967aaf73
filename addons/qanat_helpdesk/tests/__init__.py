from . import test_sla
from . import test_service_rule
from . import test_conversation
from . import test_email
from . import test_effort
from . import test_performance
from . import test_rpc
from . import test_translations
