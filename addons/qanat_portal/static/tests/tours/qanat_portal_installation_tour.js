/** @odoo-module **/
import {registry} from "@web/core/registry";

// A customer ticks the installation checklist and confirms it; the form then
// shows read only with its confirmation date.
registry.category("web_tour.tours").add("qanat_portal_installation_tour", {
    url: "/my/installations",
    steps: () => [
        {trigger: "tr.o_qanat_installation_row[data-state=draft] a", run: "click"},
        {trigger: ".o_qanat_installation_form input[name=item_device_installed]", run: "check"},
        {trigger: "input[name=item_connections_installed]", run: "check"},
        {trigger: "input[name=item_training_given]", run: "check"},
        {trigger: "input[name=customer_all_done]", run: "check"},
        {
            trigger: "button.o_qanat_confirm_installation",
            run: "click",
        },
        {trigger: ".o_qanat_installation[data-state=confirmed] #qanat_installation_confirmed"},
        {
            trigger: ".o_qanat_installation:not(:has(form.o_qanat_installation_form))",
        },
    ],
});
