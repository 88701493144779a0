// Merging a duplicate organization into another: its invoices (and with them their lines,
// payments and credit notes, which hang on the invoice) move to the survivor. Numbers, bill-to
// details and the issued documents stay as they were issued.
import type { Db } from '../../db/client.js';
import type { OrganizationMover } from '../../deps.js';

export const billingMover: OrganizationMover = {
  module: 'billing',
  async count(db, organizationId) {
    const row = await (db as Db)
      .selectFrom('invoices as i')
      .select((eb) => [
        eb.fn.countAll<number>().as('invoices'),
        eb
          .selectFrom('payments as p')
          .innerJoin('invoices as j', 'j.id', 'p.invoice_id')
          .select(eb.fn.countAll<number>().as('n'))
          .where('j.organization_id', '=', organizationId)
          .as('payments'),
      ])
      .where('i.organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return { invoices: Number(row.invoices), payments: Number(row.payments ?? 0) };
  },
  async move(trx, e) {
    const payments = await trx
      .selectFrom('payments as p')
      .innerJoin('invoices as i', 'i.id', 'p.invoice_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('i.organization_id', '=', e.from)
      .executeTakeFirstOrThrow();
    const moved = await trx.updateTable('invoices').set({ organization_id: e.to }).where('organization_id', '=', e.from).executeTakeFirst();
    return { invoices: Number(moved.numUpdatedRows), payments: Number(payments.n) };
  },
};
