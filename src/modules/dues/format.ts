// Plain-language wording of dues: dates, dollars, populations and the names of entity types.
import type { EntityType } from '../../db/types.js';
import { formatDay } from '../../lib/format.js';
import type { DuesBand } from './rules.js';

/** 'YYYY-MM-DD' → 'January 1, 2020' */
export const formatDate = (day: string) => formatDay(day);

export const formatNumber = (n: number) => n.toLocaleString('en-US');

/** '50,001 to 100,000' or '4,000,001 and over' */
export const formatBand = (b: Pick<DuesBand, 'min' | 'max'>) => (b.max === null ? `${formatNumber(b.min)} and over` : `${formatNumber(b.min)} to ${formatNumber(b.max)}`);

export const ENTITY_LABELS: Record<EntityType, { one: string; many: string; article: string }> = {
  city: { one: 'city', many: 'cities', article: 'a' },
  county: { one: 'county', many: 'counties', article: 'a' },
  town: { one: 'town', many: 'towns', article: 'a' },
  region: { one: 'regional entity', many: 'regional entities', article: 'a' },
  tribal_nation: { one: 'Tribal nation', many: 'Tribal nations', article: 'a' },
};

/** 'City', 'Regional entity', 'Tribal nation' */
export const entityLabel = (t: EntityType) => {
  const one = ENTITY_LABELS[t].one;
  return one.charAt(0).toUpperCase() + one.slice(1);
};

/** The type as the forms name it, the calculator and the application alike: 'Region (regional council or agency)'. */
export const entityChoice = (t: EntityType) => (t === 'region' ? 'Region (regional council or agency)' : entityLabel(t));

/** ['cities', 'towns', 'Tribal nations'] → 'cities, towns and Tribal nations' */
export function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** 'Cities', 'Tribal nations': the type's plural, as the start of a sentence. */
export const typeName = (t: EntityType) => {
  const many = ENTITY_LABELS[t].many;
  return many.charAt(0).toUpperCase() + many.slice(1);
};
