/** @odoo-module **/
import {registry} from "@web/core/registry";

// From the page of a device order not yet dispatched, the customer asks to
// deliver it to another address and mobile; a wrong postal code is explained.
registry.category("web_tour.tours").add("qanat_portal_delivery_change_tour", {
    steps: () => [
        {trigger: "a.o_qanat_delivery_change_link", run: "click"},
        {trigger: "input[name=street]", run: "edit Tour Street 12"},
        {trigger: "input[name=city]", run: "edit Tehran"},
        {trigger: "input[name=zip]", run: "edit 123"},
        {trigger: "input[name=phone]", run: "edit 09123334455"},
        {trigger: ".o_qanat_delivery_change_form button[type=submit]", run: "click"},
        {trigger: ".o_qanat_form_error"},
        {trigger: "input[name=street]:value(Tour Street 12)"},
        {trigger: "input[name=zip]", run: "edit ۱۵۹۱۶۳۴۳۱۱"},
        {trigger: ".o_qanat_delivery_change_form button[type=submit]", run: "click"},
        {trigger: ".o_qanat_ticket_created"},
    ],
});
