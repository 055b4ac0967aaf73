#!/usr/bin/env bash
# Creates the "qanat" database on first start with every Qanat addon and its demo
# data; on later starts it only updates the addons. Run by the odoo-init service.
set -euo pipefail

DB=${QANAT_DB_NAME:-qanat}
MODULES=$(find /mnt/extra-addons -mindepth 2 -maxdepth 2 -name __manifest__.py -printf '%h\n' \
    | xargs -n1 basename | sort | paste -sd, -)
DB_ARGS=(--db_host "${HOST:-db}" --db_port "${PORT:-5432}" --db_user "${USER:-odoo}" --db_password "${PASSWORD:-odoo}")

if psql "postgresql://${USER:-odoo}:${PASSWORD:-odoo}@${HOST:-db}:${PORT:-5432}/$DB" \
    -tAc "SELECT 1 FROM ir_module_module WHERE name = 'qanat_devices' AND state = 'installed'" 2>/dev/null | grep -q 1; then
    echo "Database $DB exists: updating $MODULES"
    exec odoo -c /etc/odoo/odoo.conf "${DB_ARGS[@]}" -d "$DB" -u "$MODULES" --stop-after-init --no-http
fi
echo "Creating database $DB with $MODULES and demo data"
exec odoo -c /etc/odoo/odoo.conf "${DB_ARGS[@]}" -d "$DB" -i "$MODULES" \
    --load-language fa_IR --stop-after-init --no-http
