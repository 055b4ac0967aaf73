import { App } from "@odoo/owl";

/**
 * Owl translates only the label, title, placeholder and alt attributes of a
 * template (plus what an app adds, Odoo adds data-tooltip), while Odoo's
 * catalogues translate aria-label too: a Persian screen-reader user would hear
 * the English labels of every icon button. Every app (web client, portal
 * chatter, public components) translates aria-label as well.
 */
const ownAttributes = Symbol("qanatTranslatableAttributes");

Object.defineProperty(App.prototype, "translatableAttributes", {
    configurable: true,
    get() {
        return this[ownAttributes];
    },
    set(attributes) {
        this[ownAttributes] = [...new Set([...(attributes || []), "aria-label"])];
    },
});
