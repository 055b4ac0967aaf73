from . import persian
