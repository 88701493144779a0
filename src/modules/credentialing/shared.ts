// What the credentialing program's use cases share: its deps, the actor, today's date in the
// association's time zone, and the PD minutes of a year (events' ledger plus self-reported).
import type { Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { eventPdMinutes } from '../events/index.js';
import { selfReportedMinutes } from './queries.js';

/** Today in the association's time zone (src/lib/today.ts). */
export { today } from '../../lib/today.js';

export type Trx = Transaction<DB>;
export type CredentialDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association'>;

export interface Actor {
  userId: string;
  name?: string;
  requestId?: string;
}

/** The PD minutes each person logged in a year: attended events (events' ledger) plus self-reported activities. */
export async function yearMinutes(db: Db, userIds: string[], year: number): Promise<Map<string, number>> {
  const [events, own] = await Promise.all([eventPdMinutes(db, userIds, year), selfReportedMinutes(db, userIds, year)]);
  const total = new Map<string, number>();
  for (const id of userIds) total.set(id, (events.get(id) ?? 0) + (own.get(id) ?? 0));
  return total;
}

export const url = (deps: Pick<Deps, 'config'>, path: string) => `${deps.config.publicUrl}${path}`;
