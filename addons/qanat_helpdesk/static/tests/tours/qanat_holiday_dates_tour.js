/** @odoo-module **/
import { registry } from "@web/core/registry";

// A manager corrects the date of a lunar holiday with the date picker: in the
// Jalali calendar with Persian digits for a Persian user, in the Gregorian one
// for an English user. The first holiday of the table falls on 1405/01/01
// (2026-03-21).
function holidayDateSteps({ shown, monthTitle, day, picked, weekNumbers }) {
    return [
        {
            trigger: `.o_data_row:first .o_data_cell[name=date]:contains(${shown})`,
            run: "click",
        },
        { trigger: ".o_data_row.o_selected_row .o_field_date input", run: "click" },
        { trigger: `.o_datetime_picker .o_zoom_out:contains(${monthTitle})` },
        // ISO week numbers beside Gregorian months only.
        {
            trigger: weekNumbers
                ? ".o_datetime_picker:has(.o_week_number_cell)"
                : ".o_datetime_picker:not(:has(.o_week_number_cell))",
        },
        {
            trigger: `.o_datetime_picker .o_date_item_cell:not(.o_out_of_range):contains(${day})`,
            run: "click",
        },
        {
            trigger: `.o_data_row.o_selected_row .o_field_date input:value(${picked})`,
        },
        { trigger: ".o_list_button_save", run: "click" },
        { trigger: `.o_data_row .o_data_cell[name=date]:contains(${picked})` },
    ];
}

registry.category("web_tour.tours").add("qanat_holiday_jalali_dates_tour", {
    steps: () =>
        holidayDateSteps({
            shown: "۱۴۰۵/۰۱/۰۱",
            monthTitle: "فروردین ۱۴۰۵",
            day: "۱۰",
            picked: "۱۴۰۵/۰۱/۱۰",
            weekNumbers: false,
        }),
});

registry.category("web_tour.tours").add("qanat_holiday_gregorian_dates_tour", {
    steps: () =>
        holidayDateSteps({
            shown: "03/21/2026",
            monthTitle: "March 2026",
            day: "25",
            picked: "03/25/2026",
            weekNumbers: true,
        }),
});
