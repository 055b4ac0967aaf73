/** @odoo-module **/
import {registry} from "@web/core/registry";

// A customer asks for part of a paid invoice back by bank transfer: a wrong
// Sheba is explained with what was typed kept, then the request is sent.
registry.category("web_tour.tours").add("qanat_portal_refund_tour", {
    url: "/my/refunds",
    steps: () => [
        {trigger: "a.o_qanat_new_refund", run: "click"},
        {trigger: "select[name=reason]", run: "select unused_service"},
        {trigger: "select[name=invoice_id]", run: "selectByIndex 1"},
        {trigger: "input[name=amount]", run: "edit ۲۰۰٬۰۰۰"},
        {trigger: "select[name=method]", run: "select cash"},
        {trigger: "input[name=sheba]", run: "edit IR123"},
        {trigger: "input[name=account_holder]", run: "edit Tour Holder"},
        {trigger: ".o_qanat_refund_form button[type=submit]", run: "click"},
        {trigger: ".o_qanat_form_error"},
        {trigger: "input[name=account_holder]:value(Tour Holder)"},
        {trigger: "input[name=sheba]", run: "edit IR820540102680020817909002"},
        {trigger: ".o_qanat_refund_form button[type=submit]", run: "click"},
        {trigger: ".o_qanat_refund_submitted"},
        {trigger: ".o_qanat_refund_row"},
    ],
});
