/** @odoo-module **/
import {registry} from "@web/core/registry";

// A customer asks for the transfer of a device to its buyer, then sees the
// request waiting for the administrator.
registry.category("web_tour.tours").add("qanat_portal_transfer_tour", {
    url: "/my/transfers",
    steps: () => [
        {trigger: "a.o_qanat_new_transfer", run: "click"},
        {trigger: "select[name=device_id]", run: "selectByLabel A-LIVE-1"},
        {trigger: "input[name=new_owner_name]", run: "edit Dr. Tour Buyer"},
        // A wrong national code is explained and the form keeps what was typed.
        {trigger: "input[name=new_owner_national_code]", run: "edit 1234567890"},
        {trigger: "input[name=new_owner_phone]", run: "edit 09125556666"},
        {trigger: "input[name=current_owner_confirmed]", run: "check"},
        {trigger: "button.o_qanat_submit_transfer", run: "click"},
        {trigger: ".o_qanat_form_error"},
        {trigger: "input[name=new_owner_name]:value(Dr. Tour Buyer)"},
        {trigger: "input[name=new_owner_national_code]", run: "edit ۷۱۸۵۵۱۵۹۵۵"},
        {trigger: "input[name=current_owner_confirmed]", run: "check"},
        {trigger: "button.o_qanat_submit_transfer", run: "click"},
        {trigger: ".o_qanat_transfer[data-state=submitted] .o_qanat_transfer_submitted"},
    ],
});
