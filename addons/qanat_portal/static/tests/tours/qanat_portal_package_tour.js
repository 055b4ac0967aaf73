/** @odoo-module **/
import {registry} from "@web/core/registry";

// A customer buys a support-hour package, pays online and finds its hours.
registry.category("web_tour.tours").add("qanat_portal_package_tour", {
    url: "/my/packages",
    steps: () => [
        {trigger: ".o_qanat_no_package"},
        {trigger: ".o_qanat_package_product button.o_qanat_buy_package", run: "click"},
        {trigger: "#o_sale_portal_paynow", run: "click"},
        {trigger: "#modalaccept button[name=o_payment_submit_button]:enabled", run: "click"},
        {trigger: ".o_qanat_order_paid a[href='/my/packages']", run: "click", timeout: 30000},
        {trigger: ".o_qanat_package .o_qanat_package_left:contains(۱۰)"},
    ],
});
