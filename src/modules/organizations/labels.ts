// The names people read for an organization's type (the stored value is the key: 'tribal_nation').
import type { EntityType } from '../../db/types.js';

export const ENTITY_TYPE_LABELS: Record<EntityType, string> = { city: 'City', county: 'County', town: 'Town', region: 'Region', tribal_nation: 'Tribal nation' };
