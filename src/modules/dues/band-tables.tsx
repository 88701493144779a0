// The dues of a schedule version as tables, one per group of entity types that share bands: on
// the public calculator and on the staff pages.
import { ENTITY_TYPES, type EntityType } from '../../db/types.js';
import { formatMoney } from '../../lib/money.js';
import { SimpleTable } from '../../web/components.js';
import { ENTITY_TYPE_NOUNS } from '../organizations/index.js';
import { formatBand, listWords } from './format.js';
import type { DuesBand, DuesSchedule } from './rules.js';

export function BandTable(p: { caption: string; bands: readonly DuesBand[] }) {
  return (
    <SimpleTable
      caption={p.caption}
      rowHeader={false}
      rows={p.bands}
      rowKey={(b) => String(b.min)}
      empty="No bands."
      columns={[
        { label: 'Population', cell: (b) => formatBand(b) },
        { label: 'Annual dues', cell: (b) => formatMoney(b.amountCents) },
      ]}
    />
  );
}

/** Entity types that share the same bands are shown in one table. */
function bandGroups(s: DuesSchedule): { banded: Array<{ types: EntityType[]; bands: DuesBand[] }>; contact: EntityType[] } {
  const banded = new Map<string, { types: EntityType[]; bands: DuesBand[] }>();
  const contact: EntityType[] = [];
  for (const t of ENTITY_TYPES) {
    const rule = s.rules[t];
    if (!rule || rule.mode === 'contact') {
      contact.push(t);
      continue;
    }
    const key = JSON.stringify(rule.bands);
    const group = banded.get(key);
    if (group) group.types.push(t);
    else banded.set(key, { types: [t], bands: rule.bands });
  }
  return { banded: [...banded.values()], contact };
}

export const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const many = (types: EntityType[]) => capital(listWords(types.map((t) => ENTITY_TYPE_NOUNS[t].many)));

/** `from`: the captions say the day a version starts (a later one shown beside the one in force).
 * `forStaff`: a staff page showing what visitors will be told, so the "contact us" types are
 * spoken of, not spoken to. */
export function ScheduleTables(p: { schedule: DuesSchedule; contactEmail: string; from?: string; forStaff?: boolean }) {
  const groups = bandGroups(p.schedule);
  return (
    <>
      {groups.banded.map((g) => (
        <BandTable key={g.types.join()} caption={`${many(g.types)}: annual dues by population${p.from ? ` from ${p.from}` : ''}`} bands={g.bands} />
      ))}
      {groups.contact.length && p.forStaff ? (
        <p>
          {many(groups.contact)} are asked to email {p.contactEmail}: their dues are agreed with each one rather than set by population.
        </p>
      ) : groups.contact.length ? (
        <p>
          {many(groups.contact)}: dues are agreed with you rather than set by population. Email <a href={`mailto:${p.contactEmail}`}>{p.contactEmail}</a>.
        </p>
      ) : null}
    </>
  );
}
