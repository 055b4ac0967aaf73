/** @odoo-module **/
import {registry} from "@web/core/registry";

// The customer of a delivered device asks for its installation from the
// device page; the request is a ticket they then follow.
registry.category("web_tour.tours").add("qanat_portal_installation_request_tour", {
    steps: () => [
        {trigger: "a.o_qanat_request_installation", run: "click"},
        {trigger: "h4.o_qanat_request_kind"},
        {trigger: "textarea[name=description]", run: "edit Delivered yesterday, please install."},
        {trigger: "button.o_qanat_submit_ticket", run: "click"},
        {trigger: ".o_qanat_ticket_created"},
    ],
});
