from . import test_zarinpal
from . import test_renewal
from . import test_debt
from . import test_official_invoice
from . import test_receipt
from . import test_overdue
from . import test_per_case
from . import test_translations
