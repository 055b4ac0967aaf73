/** @odoo-module **/
import {registry} from "@web/core/registry";

// A customer buys a training course and pays online; the licence is then
// issued by the queue (see the Python test, which runs it and opens the page).
registry.category("web_tour.tours").add("qanat_portal_course_tour", {
    url: "/my/courses",
    steps: () => [
        {trigger: ".o_qanat_course button.o_qanat_buy_course", run: "click"},
        {trigger: "#o_sale_portal_paynow", run: "click"},
        {trigger: "#modalaccept button[name=o_payment_submit_button]:enabled", run: "click"},
        {trigger: ".o_qanat_order_paid a[href='/my/courses']", run: "click", timeout: 30000},
        {trigger: ".o_qanat_licence[data-state=pending]"},
    ],
});
