// What billing tells webhooks of an invoice paid (its public figures only: no bill-to details).
import type { Invoice } from '../../db/types.js';
import { shownNumber } from './format.js';

export const invoicePaidEvent = (i: Invoice) => ({
  invoiceId: i.id,
  number: shownNumber(i) ?? '',
  organizationId: i.organization_id,
  totalCents: i.total_cents,
  paidCents: i.paid_cents,
  currency: 'USD' as const,
});
