// The dues band filter of the organizations list: `band=city-2` is the second cities' band of the
// dues schedule in force, which the list reads as that type and population range. Bands are the
// dues module's (its schedule in force); what the list filters on stays the organization's own
// type and population, so a band's count is what next term's dues would be billed on.

import { ENTITY_TYPES, type EntityType } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { scheduleInForce } from '../dues/index.js';
import { ENTITY_TYPE_NOUNS, ENTITY_TYPE_PLURALS } from '../organizations/index.js';
import type { OrganizationFilters } from './schemas.js';

const people = (n: number) => n.toLocaleString('en-US');

export interface BandChoice {
  value: string;
  label: string;
  type: EntityType;
  min: number;
  max: number | null;
}

/** Every band of the schedule in force, labelled in words ("Cities: 10,000 to 49,999 people ($1,200.00)"). */
export async function duesBandChoices(deps: Pick<Deps, 'db' | 'clock' | 'association'>): Promise<BandChoice[]> {
  const schedule = await scheduleInForce(deps);
  if (!schedule) return [];
  const out: BandChoice[] = [];
  for (const type of ENTITY_TYPES) {
    const rule = schedule.rules[type];
    if (rule?.mode !== 'bands') continue;
    rule.bands.forEach((b, i) => {
      const range = b.max === null ? `${people(b.min)} people or more` : b.min <= 1 ? `under ${people(b.max + 1)} people` : `${people(b.min)} to ${people(b.max)} people`;
      out.push({ value: `${type}-${i + 1}`, label: `${ENTITY_TYPE_PLURALS[type]}: ${range} (${formatCents(b.amountCents)})`, type, min: b.min, max: b.max });
    });
  }
  return out;
}

/** The filters with a `band` read as its type and population range; refused when the band is not
 * in the schedule in force or names another type than the type filter. */
export async function withBand(deps: Pick<Deps, 'db' | 'clock' | 'association'>, f: OrganizationFilters): Promise<OrganizationFilters> {
  if (!f.band) return f;
  const band = (await duesBandChoices(deps)).find((b) => b.value === f.band);
  if (!band) throw new AppError('validation_failed', { message: 'The filter is not valid.', fields: { band: 'Choose a dues band of the schedule in force from the list.' } });
  if (f.type && f.type !== band.type)
    throw new AppError('validation_failed', {
      message: 'The filter is not valid.',
      fields: { band: `This band is for ${ENTITY_TYPE_NOUNS[band.type].many}: choose that type, or any type.` },
    });
  return { ...f, type: band.type, populationMin: band.min, populationMax: band.max ?? undefined };
}
