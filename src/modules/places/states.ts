// State FIPS codes to postal codes, and how each kind of county equivalent is named.

// 2-digit state FIPS → postal code (50 states, DC and the territories us-atlas covers).
const POSTAL_BY_FIPS: Readonly<Record<string, string>> = {
  '01': 'AL',
  '02': 'AK',
  '04': 'AZ',
  '05': 'AR',
  '06': 'CA',
  '08': 'CO',
  '09': 'CT',
  '10': 'DE',
  '11': 'DC',
  '12': 'FL',
  '13': 'GA',
  '15': 'HI',
  '16': 'ID',
  '17': 'IL',
  '18': 'IN',
  '19': 'IA',
  '20': 'KS',
  '21': 'KY',
  '22': 'LA',
  '23': 'ME',
  '24': 'MD',
  '25': 'MA',
  '26': 'MI',
  '27': 'MN',
  '28': 'MS',
  '29': 'MO',
  '30': 'MT',
  '31': 'NE',
  '32': 'NV',
  '33': 'NH',
  '34': 'NJ',
  '35': 'NM',
  '36': 'NY',
  '37': 'NC',
  '38': 'ND',
  '39': 'OH',
  '40': 'OK',
  '41': 'OR',
  '42': 'PA',
  '44': 'RI',
  '45': 'SC',
  '46': 'SD',
  '47': 'TN',
  '48': 'TX',
  '49': 'UT',
  '50': 'VT',
  '51': 'VA',
  '53': 'WA',
  '54': 'WV',
  '55': 'WI',
  '56': 'WY',
  '60': 'AS',
  '66': 'GU',
  '69': 'MP',
  '72': 'PR',
  '78': 'VI',
};

export const stateByFips = (fips: string): string | undefined => POSTAL_BY_FIPS[fips];

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
