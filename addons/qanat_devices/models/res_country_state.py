from odoo import api, models

# ISO 3166-2:IR codes of Iran's 31 provinces ("00" Markazi ... "30" Alborz).
IRAN_STATE_CODES = tuple(f"{number:02d}" for number in range(31))


class ResCountryState(models.Model):
    _inherit = "res.country.state"

    @api.model
    def _qanat_adopt_iran_states(self):
        """Give Qanat's XML ids to the Iranian provinces another module created.

        ``res.country.state`` is unique by (country, code): if a module such as
        l10n_ir_states already created "23" for Iran, creating ``state_ir_23``
        again would fail the install. Called by data/res_country_state_data.xml
        before its records: an existing province with the same ISO code gets the
        XML id (noupdate), so the record below updates it instead of duplicating
        it. Returns the adopted provinces.
        """
        iran = self.env.ref("base.ir", raise_if_not_found=False)
        if not iran:
            return self.browse()
        states = self.search(
            [("country_id", "=", iran.id), ("code", "in", IRAN_STATE_CODES)]
        )
        xmlids = self.env["ir.model.data"].search(
            [
                ("module", "=", "qanat_devices"),
                ("model", "=", self._name),
                ("name", "in", [f"state_ir_{code}" for code in IRAN_STATE_CODES]),
            ]
        )
        xmlid_by_name = {xmlid.name: xmlid for xmlid in xmlids}
        adopted = self.browse()
        to_create = []
        for state in states:
            name = f"state_ir_{state.code}"
            xmlid = xmlid_by_name.get(name)
            if xmlid and xmlid.res_id == state.id:
                continue
            adopted |= state
            if xmlid:  # left pointing to a deleted province
                xmlid.res_id = state.id
            else:
                to_create.append(
                    {
                        "module": "qanat_devices",
                        "name": name,
                        "model": self._name,
                        "res_id": state.id,
                        "noupdate": True,
                    }
                )
        self.env["ir.model.data"].create(to_create)
        return adopted
