// The names people read for an organization's type (the stored value is the key: 'tribal_nation'),
// in every form a page needs, defined here once: a label ('City'), a plural heading ('Cities'),
// the words inside a sentence ('a city', 'Tribal nations') and the choice on a form.
import type { EntityType } from '../../db/types.js';

/** A label, in a table cell, a filter or beside a name: 'City', 'Tribal nation'. */
export const ENTITY_TYPE_LABELS: Record<EntityType, string> = { city: 'City', county: 'County', town: 'Town', region: 'Region', tribal_nation: 'Tribal nation' };

/** A heading or a group of many: 'Cities', 'Tribal nations'. */
export const ENTITY_TYPE_PLURALS: Record<EntityType, string> = { city: 'Cities', county: 'Counties', town: 'Towns', region: 'Regions', tribal_nation: 'Tribal nations' };

/**
 * The type inside a sentence ("A city of 75,000 people", "this band is for Tribal nations"): never
 * lower-case a label for this, since "Tribal" keeps its capital. A region is a "regional entity"
 * in a sentence: "a region of 75,000 people" reads as an area, not a government.
 */
export const ENTITY_TYPE_NOUNS: Record<EntityType, { article: 'a' | 'an'; one: string; many: string }> = {
  city: { article: 'a', one: 'city', many: 'cities' },
  county: { article: 'a', one: 'county', many: 'counties' },
  town: { article: 'a', one: 'town', many: 'towns' },
  region: { article: 'a', one: 'regional entity', many: 'regional entities' },
  tribal_nation: { article: 'a', one: 'Tribal nation', many: 'Tribal nations' },
};

/** The choice on a form that asks what kind of government it is (the application, the dues
 * calculator), where "Region" alone would not say what it means. */
export const ENTITY_TYPE_CHOICES: Record<EntityType, string> = { ...ENTITY_TYPE_LABELS, region: 'Region (regional council or agency)' };
