// US states, the District of Columbia and territories: postal code, name, FIPS code.
export const US_STATES = [
  ['AL', 'Alabama', '01'],
  ['AK', 'Alaska', '02'],
  ['AZ', 'Arizona', '04'],
  ['AR', 'Arkansas', '05'],
  ['CA', 'California', '06'],
  ['CO', 'Colorado', '08'],
  ['CT', 'Connecticut', '09'],
  ['DE', 'Delaware', '10'],
  ['DC', 'District of Columbia', '11'],
  ['FL', 'Florida', '12'],
  ['GA', 'Georgia', '13'],
  ['HI', 'Hawaii', '15'],
  ['ID', 'Idaho', '16'],
  ['IL', 'Illinois', '17'],
  ['IN', 'Indiana', '18'],
  ['IA', 'Iowa', '19'],
  ['KS', 'Kansas', '20'],
  ['KY', 'Kentucky', '21'],
  ['LA', 'Louisiana', '22'],
  ['ME', 'Maine', '23'],
  ['MD', 'Maryland', '24'],
  ['MA', 'Massachusetts', '25'],
  ['MI', 'Michigan', '26'],
  ['MN', 'Minnesota', '27'],
  ['MS', 'Mississippi', '28'],
  ['MO', 'Missouri', '29'],
  ['MT', 'Montana', '30'],
  ['NE', 'Nebraska', '31'],
  ['NV', 'Nevada', '32'],
  ['NH', 'New Hampshire', '33'],
  ['NJ', 'New Jersey', '34'],
  ['NM', 'New Mexico', '35'],
  ['NY', 'New York', '36'],
  ['NC', 'North Carolina', '37'],
  ['ND', 'North Dakota', '38'],
  ['OH', 'Ohio', '39'],
  ['OK', 'Oklahoma', '40'],
  ['OR', 'Oregon', '41'],
  ['PA', 'Pennsylvania', '42'],
  ['RI', 'Rhode Island', '44'],
  ['SC', 'South Carolina', '45'],
  ['SD', 'South Dakota', '46'],
  ['TN', 'Tennessee', '47'],
  ['TX', 'Texas', '48'],
  ['UT', 'Utah', '49'],
  ['VT', 'Vermont', '50'],
  ['VA', 'Virginia', '51'],
  ['WA', 'Washington', '53'],
  ['WV', 'West Virginia', '54'],
  ['WI', 'Wisconsin', '55'],
  ['WY', 'Wyoming', '56'],
  ['AS', 'American Samoa', '60'],
  ['GU', 'Guam', '66'],
  ['MP', 'Northern Mariana Islands', '69'],
  ['PR', 'Puerto Rico', '72'],
  ['VI', 'U.S. Virgin Islands', '78'],
] as const;

export type StateCode = (typeof US_STATES)[number][0];
export const STATE_CODES = US_STATES.map((s) => s[0]) as [StateCode, ...StateCode[]];
export const stateName = (code: string) => US_STATES.find((s) => s[0] === code)?.[1] ?? code;
export const stateByFips = (fips: string) => US_STATES.find((s) => s[2] === fips)?.[0];

/** A time zone for a state (its most populous one where a state has two): the default for a new
 * organization, which its admin can change. */
const ZONE_OF_STATE: Record<string, string> = {
  AK: 'America/Anchorage',
  HI: 'Pacific/Honolulu',
  AZ: 'America/Phoenix',
  CA: 'America/Los_Angeles',
  NV: 'America/Los_Angeles',
  OR: 'America/Los_Angeles',
  WA: 'America/Los_Angeles',
  CO: 'America/Denver',
  ID: 'America/Boise',
  MT: 'America/Denver',
  NM: 'America/Denver',
  UT: 'America/Denver',
  WY: 'America/Denver',
  AL: 'America/Chicago',
  AR: 'America/Chicago',
  IA: 'America/Chicago',
  IL: 'America/Chicago',
  KS: 'America/Chicago',
  LA: 'America/Chicago',
  MN: 'America/Chicago',
  MO: 'America/Chicago',
  MS: 'America/Chicago',
  ND: 'America/Chicago',
  NE: 'America/Chicago',
  OK: 'America/Chicago',
  SD: 'America/Chicago',
  TN: 'America/Chicago',
  TX: 'America/Chicago',
  WI: 'America/Chicago',
  PR: 'America/Puerto_Rico',
};
export const timeZoneOfState = (state: string) => ZONE_OF_STATE[state] ?? 'America/New_York';

/** The time zones an organization can choose for itself (the US, its territories and freely associated states). */
export const US_TIME_ZONES = [
  ['America/New_York', 'Eastern (New York)'],
  ['America/Detroit', 'Eastern (Detroit)'],
  ['America/Indiana/Indianapolis', 'Eastern (Indianapolis)'],
  ['America/Chicago', 'Central (Chicago)'],
  ['America/Denver', 'Mountain (Denver)'],
  ['America/Boise', 'Mountain (Boise)'],
  ['America/Phoenix', 'Mountain, no daylight saving (Phoenix)'],
  ['America/Los_Angeles', 'Pacific (Los Angeles)'],
  ['America/Anchorage', 'Alaska (Anchorage)'],
  ['America/Adak', 'Hawaii–Aleutian (Adak)'],
  ['Pacific/Honolulu', 'Hawaii (Honolulu)'],
  ['America/Puerto_Rico', 'Atlantic (Puerto Rico, U.S. Virgin Islands)'],
  ['Pacific/Guam', 'Chamorro (Guam, Northern Mariana Islands)'],
  ['Pacific/Pago_Pago', 'Samoa (American Samoa)'],
] as const;
export const US_TIME_ZONE_IDS = US_TIME_ZONES.map((z) => z[0]) as [string, ...string[]];

/** The time zones staff choose from for a meeting or an event (cohort meetings, events): the US
 * zones above, then UTC and a few abroad, for international meetings and events. An advisor's own
 * zone is one of the US zones. Every one is an IANA id with a region ('Etc/UTC', not 'UTC'), as
 * the events' check of a zone requires. */
export const MEETING_TIME_ZONES: readonly string[] = [...US_TIME_ZONE_IDS, 'Etc/UTC', 'Europe/London', 'Europe/Berlin', 'Africa/Nairobi', 'Asia/Dubai', 'America/Sao_Paulo'];

/**
 * The options of a time-zone select, each zone by its name (`timeZoneLabel`), the value its id.
 * `keep`: the zones the form must still offer though the list lacks them (the one saved on the
 * record, the one the form was sent with, the default), first, so that none is silently changed.
 */
export function timeZoneOptions(zones: readonly string[], ...keep: Array<string | null | undefined>): Array<{ value: string; label: string }> {
  const listed = zones.map((z) => ({ value: z, label: timeZoneLabel(z) }));
  const extra: Array<{ value: string; label: string }> = [];
  for (const z of new Set(keep.filter((z): z is string => !!z && !zones.includes(z)))) {
    const label = timeZoneLabel(z);
    // Another name of a listed zone ('UTC' for 'Etc/UTC'): that option keeps its place and takes
    // the saved name, rather than the same words showing twice.
    const same = listed.find((o) => o.label === label);
    if (same && zones.includes(same.value)) same.value = z;
    else extra.push({ value: z, label });
  }
  return [...extra, ...listed];
}
const UTC_LABEL = 'Coordinated Universal Time (UTC)';
const zoneLabels: ReadonlyMap<string, string> = new Map<string, string>([...US_TIME_ZONES, ['UTC', UTC_LABEL], ['Etc/UTC', UTC_LABEL]]);
/** A day for the generic name (on 1970's rules some zones name their standard time instead). */
const GENERIC_AT = Date.UTC(2026, 0, 15);

/**
 * A time zone as people read it, wherever a page, email or calendar shows one (the stored value,
 * and a select's option values, stay the IANA id): the settings list's name for a US zone
 * ('Pacific (Los Angeles)'), else the zone's generic English name and its city ('Central European
 * Time (Berlin)'). An id the runtime does not know is shown as given.
 */
export function timeZoneLabel(id: string): string {
  const known = zoneLabels.get(id);
  if (known !== undefined) return known;
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: 'longGeneric' }).formatToParts(GENERIC_AT).find((p) => p.type === 'timeZoneName')?.value;
    const city = id.split('/').pop()?.replace(/_/g, ' ');
    return name && city && !name.startsWith('GMT') ? `${name} (${city})` : id;
  } catch {
    return id; // not a zone this runtime knows: shown as given
  }
}
