// Plain-language wording of dues: dates, dollars, populations, and lists of entity types (their
// names are organizations' ENTITY_TYPE_NOUNS and ENTITY_TYPE_CHOICES).
import type { EntityType } from '../../db/types.js';
import { formatDay } from '../../lib/format.js';
import { ENTITY_TYPE_NOUNS } from '../organizations/index.js';
import type { DuesBand } from './rules.js';

/** 'YYYY-MM-DD' → 'January 1, 2020' */
export const formatDate = (day: string) => formatDay(day);

export const formatNumber = (n: number) => n.toLocaleString('en-US');

/** '50,001 to 100,000' or '4,000,001 and over' */
export const formatBand = (b: Pick<DuesBand, 'min' | 'max'>) => (b.max === null ? `${formatNumber(b.min)} and over` : `${formatNumber(b.min)} to ${formatNumber(b.max)}`);

/** ['cities', 'towns', 'Tribal nations'] → 'cities, towns and Tribal nations' */
export function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** 'Cities', 'Tribal nations': the type's plural, as the start of a sentence. */
export const typeName = (t: EntityType) => {
  const many = ENTITY_TYPE_NOUNS[t].many;
  return many.charAt(0).toUpperCase() + many.slice(1);
};
