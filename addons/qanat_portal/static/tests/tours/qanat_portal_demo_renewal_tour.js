/** @odoo-module **/
import {registry} from "@web/core/registry";

// The demo customer renews the demo's expired device for two years and pays the
// quotation online (Zarinpal, here a fake gateway on 127.0.0.1).
registry.category("web_tour.tours").add("qanat_portal_demo_renewal_tour", {
    steps: () => [
        {trigger: "#qanat_debt_summary"},
        {trigger: "input[name=plan_id][data-years='2']", run: "click"},
        {trigger: "button.o_qanat_renew", run: "click"},
        {trigger: "#o_sale_portal_paynow", run: "click"},
        {trigger: "#modalaccept button[name=o_payment_submit_button]:enabled", run: "click"},
        {trigger: ".o_qanat_order_paid", timeout: 30000},
        // The order's conversation loads last: end once it has, so that the
        // browser is not closed on a request in flight.
        {trigger: "#chatterRoot:shadow .o-mail-Thread"},
    ],
});
