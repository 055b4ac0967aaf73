/** @odoo-module **/
import { registry } from "@web/core/registry";

const LATIN_WORD = /[A-Za-z]{2,}/g;

/** The conversation of a ticket as its customer reads it and hears it: its
 * text, tooltips, placeholders and screen-reader labels (data included, which
 * the test writes in Persian). */
function conversationWords() {
    const root = document.querySelector("#chatterRoot").shadowRoot;
    const names = ["placeholder", "title", "aria-label"];
    const labels = [...root.querySelectorAll("[placeholder], [title], [aria-label]")].map(
        (node) => names.map((name) => node.getAttribute(name) || "").join(" ")
    );
    return [root.textContent, ...labels].join(" ");
}

// A Persian customer: Jalali dates in Persian digits, no English word.
registry.category("web_tour.tours").add("qanat_portal_chatter_persian_tour", {
    steps: () => [
        { trigger: "#chatterRoot:shadow .o-mail-Message:contains(شیر آب را ببندید)" },
        // Posted on 2025-06-01: 11 Khordad 1404.
        { trigger: "#chatterRoot:shadow .o-mail-Message-date:contains(خرداد ۱۴۰۴)" },
        { trigger: "#chatterRoot:shadow .o-mail-Composer-input" },
        {
            trigger: "#chatterRoot:shadow .o-mail-Thread",
            run() {
                const english = conversationWords().match(LATIN_WORD);
                if (english) {
                    throw new Error(`English in the conversation: ${[...new Set(english)]}`);
                }
            },
        },
    ],
});

// An English customer keeps Gregorian dates.
registry.category("web_tour.tours").add("qanat_portal_chatter_english_tour", {
    steps: () => [
        { trigger: "#chatterRoot:shadow .o-mail-Message:contains(شیر آب را ببندید)" },
        { trigger: "#chatterRoot:shadow .o-mail-Message-date:contains(Jun 1, 2025)" },
    ],
});
