/** @odoo-module **/
import {registry} from "@web/core/registry";

// A customer whose service has expired renews it for one year and pays the
// quotation online through the (fake) Zarinpal gateway.
registry.category("web_tour.tours").add("qanat_portal_service_tour", {
    url: "/my/devices",
    steps: () => [
        {
            trigger: "tr.o_qanat_device_row:has(td:contains(A-EXPIRED-1)) a.o_qanat_service_link",
            run: "click",
        },
        {trigger: "#qanat_debt_summary"},
        {trigger: "input[name=plan_id][data-years='1']", run: "click"},
        {trigger: "button.o_qanat_renew", run: "click"},
        {trigger: "#o_sale_portal_paynow", run: "click"},
        {trigger: "#modalaccept button[name=o_payment_submit_button]:enabled", run: "click"},
        {trigger: ".o_qanat_order_paid", timeout: 30000},
        // The order's conversation loads last: end once it has, so that the
        // browser is not closed on a request in flight.
        {trigger: "#chatterRoot:shadow .o-mail-Thread"},
    ],
});
