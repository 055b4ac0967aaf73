"""Corrections of Odoo's own Persian translations, shipped by the suite.

Each qanat module may ship ``i18n_extra/<lang>.po`` with terms of *other*
modules: model terms (views, menus, field labels: their occurrences name the
core record) and JavaScript terms (``#. odoo-javascript``). Odoo loads
``i18n_extra`` with the module but never overwrites an existing translation,
and reads JavaScript terms per module, so the wrong core ones would win: the
suite re-applies its files after every translation load (``ir.module.module``)
and puts its JavaScript terms above the core ones (``ir.http``).

Python terms of core modules cannot be corrected from an addon: Odoo reads them
only from the owning module's own files.
"""

from odoo.modules.module import get_module_path
from odoo.tools.translate import TranslationImporter, get_po_paths


def qanat_modules(env):
    """Names of the qanat modules installed or being installed."""
    env.cr.execute(
        """
        SELECT name FROM ir_module_module
         WHERE name LIKE %s
           AND state IN %s
         ORDER BY name
        """,
        ("qanat\\_%", ("installed", "to install", "to upgrade")),
    )
    return [name for (name,) in env.cr.fetchall()]


def extra_po_paths(module, lang):
    """The ``i18n_extra`` files of ``module`` for ``lang`` (and its base)."""
    if not get_module_path(module):
        return []
    return [path for path in get_po_paths(module, lang) if "/i18n_extra/" in path]


def apply_corrections(env, langs):
    """Write the qanat modules' corrections over the stored translations."""
    importer = TranslationImporter(env.cr, verbose=False)
    loaded = False
    for module in qanat_modules(env):
        for lang in langs:
            if lang == "en_US":
                continue
            for path in extra_po_paths(module, lang):
                importer.load_file(path, lang)
                loaded = True
    if loaded:
        importer.save(overwrite=True, force_overwrite=True)
    return loaded
