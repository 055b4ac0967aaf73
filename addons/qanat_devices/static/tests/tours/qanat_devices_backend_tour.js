/** @odoo-module **/
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// Staff register a sold device, then confirm a prepared installation form on the
// customer's behalf: the form freezes, shows its hash and the service starts.
registry.category("web_tour.tours").add("qanat_devices_backend_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: '.o_app[data-menu-xmlid="qanat_devices.qanat_menu_root"]',
            run: "click",
        },
        {
            trigger: '.o_menu_sections button:contains("Customers")',
            run: "click",
        },
        {
            trigger: '.o-dropdown--menu .dropdown-item:contains("Devices")',
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=identifier] input",
            run: "edit tour-sn 0001",
        },
        {
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Customer",
        },
        {
            trigger: ".o-autocomplete--dropdown-item > a:contains('Tour Customer')",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved .o_field_widget[name=reference]:contains('DEV/')",
        },
        {
            trigger:
                ".o_statusbar_status button.o_arrow_button_current:contains('Pending installation')",
        },
        {
            trigger: '.o_menu_sections button:contains("Customers")',
            run: "click",
        },
        {
            trigger:
                '.o-dropdown--menu .dropdown-item:contains("Installation Confirmations")',
            run: "click",
        },
        {
            trigger: ".o_data_row td:contains('TOUR-DRAFT')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=customer_all_done] input",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger:
                ".o_statusbar_status button.o_arrow_button_current:contains('Confirmed')",
        },
        {
            trigger: ".o_field_widget[name=content_hash] span:not(:empty)",
        },
    ],
});
