/** @odoo-module **/
import { registry } from "@web/core/registry";

// A Latin word; codes such as DEV/00012, SN-1405 or E12 carry digits: data.
const LATIN_WORD = /[A-Za-z][A-Za-z0-9'’/_.-]*/g;
// Acronyms and names Persian staff use as they are.
const ALLOWED = new Set(["PDF", "SMS", "IBAN", "SLA", "API", "CRM", "IRR", "JPEG", "PNG"]);
// Where a screen shows data (names, codes, messages), not interface words:
// text, many2one and tag values, record titles, group values, chatter bodies.
// Selection values, labels, buttons and menus stay checked.
const DATA = [
    ".o_list_char",
    ".o_list_text",
    ".o_list_many2one",
    ".o_list_number",
    ".o_field_char",
    ".o_field_text",
    ".o_field_html",
    ".o_field_many2one",
    ".o_field_many2many_tags",
    ".o_field_many2one_avatar_user",
    ".o_field_email",
    ".o_field_phone",
    ".o_field_url",
    ".o_kanban_record",
    ".o_group_name",
    ".o_breadcrumb .active",
    ".o_last_breadcrumb_item",
    ".o_switch_company_menu",
    ".o-mail-Message-author",
    ".o-mail-Message-body",
    ".o-mail-Followers",
    // Activity summaries: written in the language of whoever scheduled them.
    ".o-mail-ActivityButton",
    ".o-mail-ListActivity-summary",
    ".o_pivot_header_cell_closed",
    ".o_pivot_header_cell_opened",
].join(", ");

/** What a Persian staff member reads on the screen, data left out: text,
 * tooltips, placeholders and screen-reader labels of the top bar and the
 * current view. */
function englishOnScreen() {
    const style = document.createElement("style");
    style.textContent = `${DATA} { visibility: hidden !important; }`;
    document.head.appendChild(style);
    const texts = [];
    try {
        for (const root of document.querySelectorAll(".o_main_navbar, .o_action_manager")) {
            texts.push(root.innerText);
            for (const node of root.querySelectorAll("[placeholder], [title], [aria-label]")) {
                if (node.closest(DATA) || node.checkVisibility?.() === false) {
                    continue;
                }
                texts.push(node.getAttribute("placeholder") || "");
                texts.push(node.getAttribute("title") || "");
                texts.push(node.getAttribute("aria-label") || "");
            }
        }
    } finally {
        style.remove();
    }
    const words = texts.join(" ").match(LATIN_WORD) || [];
    return [...new Set(words.filter((word) => !/\d/.test(word) && !ALLOWED.has(word)))];
}

registry.category("web_tour.tours").add("qanat_backend_persian_words_tour", {
    steps: () => [
        { trigger: ".o_action_manager .o_view_controller" },
        {
            trigger: "body",
            run() {
                const english = englishOnScreen();
                if (english.length) {
                    throw new Error(`English on ${window.location.pathname}: ${english}`);
                }
            },
        },
    ],
});
