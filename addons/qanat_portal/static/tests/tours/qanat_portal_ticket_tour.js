/** @odoo-module **/
import {registry} from "@web/core/registry";

// A customer opens a ticket for a device with live service, replies in the
// history, closes the ticket and rates the support.
registry.category("web_tour.tours").add("qanat_portal_ticket_tour", {
    url: "/my/tickets",
    steps: () => [
        {trigger: "a.o_qanat_new_ticket", run: "click"},
        {
            trigger: "form.o_qanat_ticket_form select[name=device_id]",
            run: "selectByLabel A-LIVE-1",
        },
        {trigger: "input[name=name]", run: "edit Tour: water leak"},
        {trigger: "select[name=priority]", run: "selectByIndex 2"},
        {trigger: "textarea[name=description]", run: "edit Water drips under the chair"},
        {trigger: "button.o_qanat_submit_ticket", run: "click"},
        {trigger: ".o_qanat_ticket_created"},
        {
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit A photo will follow tomorrow",
        },
        {trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled", run: "click"},
        {trigger: "#chatterRoot:shadow .o-mail-Message:contains(A photo will follow)"},
        {trigger: "button.o_qanat_close_ticket", run: "click"},
        {trigger: ".o_qanat_ticket[data-state=closed] .o_qanat_rating_form label.o_qanat_rate_5", run: "click"},
        {trigger: "textarea[name=feedback]", run: "edit Quick and kind"},
        {trigger: "button.o_qanat_send_rating", run: "click"},
        {trigger: ".o_qanat_rating_done"},
    ],
});
