/** @odoo-module **/
import { registry } from "@web/core/registry";

const persian = (options) =>
    new Intl.DateTimeFormat("fa-IR-u-ca-persian-nu-arabext", options).format(new Date());

// The SLA analysis filtered on this Jalali month from the search panel: the
// options are Jalali months and the facet names the Jalali month and year.
registry.category("web_tour.tours").add("qanat_sla_jalali_filter_tour", {
    steps: () => {
        const month = persian({ month: "long" });
        const year = persian({ year: "numeric" });
        return [
            { trigger: ".o_searchview_dropdown_toggler", run: "click" },
            { trigger: ".o_filter_menu .o_menu_item:contains(زمان باز شدن)", run: "click" },
            { trigger: ".o_filter_menu .o_item_option:contains(پاییز)" },
            { trigger: `.o_filter_menu .o_item_option:contains(${year})` },
            { trigger: `.o_filter_menu .o_item_option:contains(${month})`, run: "click" },
            { trigger: `.o_searchview_facet:contains(${month} ${year})` },
            // Still the only option of this month and this year selected.
            {
                trigger: `.o_searchview_facet:not(:contains(/))`,
            },
        ];
    },
});
