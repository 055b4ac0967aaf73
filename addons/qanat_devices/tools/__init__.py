from . import persian
from . import write_guard
