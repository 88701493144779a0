// The individuals module's part of the public invoice page (billing's `deps.slots.invoiceParts`):
// an individual member's renewal paid in installments shows its schedule under the items.
import type { InvoicePart } from '../../deps.js';
import { InstalmentTable } from './parts.js';
import { instalmentsOf } from './queries.js';

export const instalmentSchedulePart: InvoicePart = async (deps, invoice) => {
  const rows = (await instalmentsOf(deps.db, [invoice.id])).get(invoice.id);
  return rows?.length ? <InstalmentTable rows={rows} caption="Installment schedule" /> : null;
};
