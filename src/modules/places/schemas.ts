// Request and response shapes of the place lookup API.
import { z } from 'zod';

export const placesQuery = z.object({
  q: z.string({ error: 'Type at least 2 characters of a place name.' }).trim().min(2, 'Type at least 2 characters of a place name.').max(100, 'Use at most 100 characters.'),
  state: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'Use a two-letter state code, like IL.')
    .optional(),
  limit: z.coerce
    .number({ error: 'Use a whole number from 1 to 50.' })
    .int('Use a whole number from 1 to 50.')
    .min(1, 'Use a whole number from 1 to 50.')
    .max(50, 'Use a whole number from 1 to 50.')
    .default(10),
});

export const place = z.object({
  kind: z.enum(['place', 'county']),
  name: z.string(),
  state: z.string().meta({ description: 'Two-letter postal code' }),
  population: z.number().int().nullable().meta({ description: 'GeoNames figure for places; null for counties' }),
  latitude: z.number(),
  longitude: z.number(),
  source: z.string().meta({ description: "'geonames:<id>' or 'us-atlas:<5-digit county FIPS>'" }),
});

export const placesResponse = z.object({
  results: z.array(place),
  attribution: z.string(),
});
