/** @odoo-module **/
import { registry } from "@web/core/registry";

const persian = (options, date = new Date()) =>
    new Intl.DateTimeFormat("fa-IR-u-ca-persian-nu-arabext", options).format(date);

/** A day of the previous Jalali month. */
function inPreviousJalaliMonth() {
    const day = Number(
        new Intl.DateTimeFormat("en-US-u-ca-persian-nu-latn", { day: "numeric" }).format(
            new Date()
        )
    );
    return new Date(Date.now() - (day + 1) * 24 * 3600 * 1000);
}

// The SLA analysis filtered on this Jalali month from the search panel: the
// options are Jalali months and the facet names the Jalali month and year;
// compared with the previous period, the pivot compares the previous Jalali
// month.
registry.category("web_tour.tours").add("qanat_sla_jalali_filter_tour", {
    steps: () => {
        const month = persian({ month: "long" });
        const year = persian({ year: "numeric" });
        const previous = inPreviousJalaliMonth();
        const previousMonth = `${persian({ month: "long" }, previous)} ${persian(
            { year: "numeric" },
            previous
        )}`;
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
            { trigger: ".o_comparison_menu .o_menu_item:contains(دوره قبلی)", run: "click" },
            { trigger: `.o_pivot_origin_row:contains(${previousMonth})` },
            { trigger: `.o_pivot_origin_row:contains(${month} ${year})` },
        ];
    },
});

// On 16 Dey 1405 (5 January 2027) the month before is Azar 1405: chosen alone,
// it filters Azar of the Jalali year it falls in, not of 1404 (the Gregorian
// year of December 2026 would be "last year").
registry.category("web_tour.tours").add("qanat_sla_jalali_month_year_tour", {
    steps: () => [
        { trigger: ".o_action_manager .o_view_controller" },
        {
            trigger: "body",
            run() {
                luxon.Settings.now = () => new Date(2027, 0, 5, 10).valueOf();
                odoo.__WOWL_DEBUG__.root.env.services.action.doAction(
                    "qanat_helpdesk.qanat_ticket_sla_report_action",
                    { clearBreadcrumbs: true }
                );
            },
        },
        { trigger: ".o_pivot" },
        { trigger: ".o_searchview_dropdown_toggler", run: "click" },
        { trigger: ".o_filter_menu .o_menu_item:contains(زمان باز شدن)", run: "click" },
        { trigger: ".o_filter_menu .o_item_option:contains(آذر)", run: "click" },
        { trigger: ".o_searchview_facet:contains(آذر ۱۴۰۵)" },
        {
            trigger: "body",
            run() {
                luxon.Settings.now = () => Date.now();
            },
        },
    ],
});
