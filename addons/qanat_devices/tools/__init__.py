from . import persian
from . import write_guard
from . import actions
from . import access
from . import deadlines
from . import language
from . import dates
