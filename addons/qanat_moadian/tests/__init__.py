from . import test_moadian
from . import test_translations
