// How each kind of county equivalent is named (state FIPS → postal code lives in lib/us-states).

export { stateByFips } from '../../lib/us-states.js';

/** Alaska's county equivalents that are census areas (the rest are boroughs or municipalities). */
const ALASKA_CENSUS_AREAS = new Set([
  'Aleutians West',
  'Bethel',
  'Dillingham',
  'Hoonah-Angoon',
  'Kusilvak',
  'Nome',
  'Prince of Wales-Hyder',
  'Southeast Fairbanks',
  'Valdez-Cordova',
  'Yukon-Koyukuk',
]);
const ALASKA_CITY_AND_BOROUGH = new Set(['Juneau', 'Sitka', 'Wrangell', 'Yakutat']);
const ALASKA_MUNICIPALITY = new Set(['Anchorage', 'Skagway']);
/** Independent cities outside Virginia (Virginia's are its county codes 500 and up). */
const INDEPENDENT_CITIES = new Set(['24510', '29510', '32510']);

/** The name a county equivalent goes by: "King County", "Orleans Parish", "City of Richmond". */
export function countyDisplayName(fips: string, base: string): string {
  const st = fips.slice(0, 2);
  if (fips === '11001' || st === '66') return base;
  if (INDEPENDENT_CITIES.has(fips) || (st === '51' && Number(fips.slice(2)) >= 500)) return /\bcity$/i.test(base) ? base : `City of ${base}`;
  switch (st) {
    case '22':
      return `${base} Parish`;
    case '02':
      if (ALASKA_CENSUS_AREAS.has(base)) return `${base} Census Area`;
      if (ALASKA_CITY_AND_BOROUGH.has(base)) return `City and Borough of ${base}`;
      if (ALASKA_MUNICIPALITY.has(base)) return `Municipality of ${base}`;
      return `${base} Borough`;
    case '72':
      return `${base} Municipio`;
    case '60':
      return `${base} District`;
    case '69':
      return `${base} Municipality`;
    case '78':
      return `${base} Island`;
    default:
      return `${base} County`;
  }
}
