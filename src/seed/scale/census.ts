// The mix of US local governments by state and type, after the Census Bureau's Census of
// Governments 2022: 90,837 local governments, of which 3,031 counties, 19,491 municipalities,
// 16,214 townships, 39,555 special districts and 12,546 independent school districts. The national
// totals are the published ones; the per-state figures below are rounded from the Census tables
// (2017–2022) and are apportioned (largest remainder) so that every column sums exactly to its
// national total, at full size or scaled down proportionally for a smaller data set.

export const GOVERNMENT_KINDS = ['county', 'municipality', 'township', 'special', 'school'] as const;
export type GovernmentKind = (typeof GOVERNMENT_KINDS)[number];

/** Census of Governments 2022, United States totals. */
export const NATIONAL_TOTALS: Record<GovernmentKind, number> = {
  county: 3_031,
  municipality: 19_491,
  township: 16_214,
  special: 39_555,
  school: 12_546,
};
export const NATIONAL_ORGANIZATIONS = Object.values(NATIONAL_TOTALS).reduce((a, b) => a + b, 0);
export const NATIONAL_PEOPLE = 1_000_000;

// state: counties, municipalities, townships, special districts, school districts (rounded)
const BY_STATE = `
AL 67 462 0 545 134|AK 14 148 0 14 0|AZ 15 91 0 305 242|AR 75 500 0 720 235|CA 57 482 0 2894 1025
CO 62 271 0 2754 178|CT 0 30 149 445 17|DE 3 57 0 258 19|DC 0 1 0 1 0|FL 66 411 0 1177 95
GA 152 537 0 484 180|HI 3 1 0 17 0|ID 44 200 0 1033 118|IL 102 1297 1426 3171 862|IN 91 567 1004 736 290
IA 99 940 0 550 327|KS 103 625 1268 1546 306|KY 118 418 0 597 173|LA 60 304 0 100 69|ME 16 22 466 227 98
MD 23 157 0 161 0|MA 5 53 298 400 84|MI 83 533 1240 528 540|MN 87 853 1775 446 331|MS 82 298 0 438 164
MO 114 942 284 1965 518|MT 54 129 0 766 304|NE 93 529 417 1200 244|NV 16 19 0 144 17|NH 10 13 221 141 163
NJ 21 324 241 247 523|NM 33 106 0 683 96|NY 57 619 929 874 679|NC 100 552 0 324 0|ND 53 357 1306 769 175
OH 88 931 1308 702 665|OK 77 593 0 564 512|OR 36 241 0 1031 236|PA 66 1013 1546 1833 500|RI 0 8 31 103 4
SC 46 270 0 389 81|SD 66 311 906 524 149|TN 92 345 0 465 14|TX 254 1221 0 2614 1019|UT 29 253 0 469 41
VT 14 39 237 164 277|VA 95 229 0 193 1|WA 39 281 0 1317 295|WV 55 232 0 342 55|WI 72 601 1251 692 440
WY 23 99 0 573 54`;

export interface StateMix {
  state: string;
  counts: Record<GovernmentKind, number>;
}

function rounded(): StateMix[] {
  return BY_STATE.trim()
    .split(/[|\n]/)
    .map((entry) => {
      const [state = '', ...n] = entry.trim().split(/\s+/);
      const counts = Object.fromEntries(GOVERNMENT_KINDS.map((k, i) => [k, Number(n[i] ?? 0)])) as Record<GovernmentKind, number>;
      return { state, counts };
    });
}

/** Splits `total` over the weights by largest remainder (ties to the earlier entry): sums exactly. */
export function apportion(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w * total) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
  }
  return out;
}

/**
 * The number of organizations of each kind in each state for a data set of `organizations`
 * (90,837 gives the Census figures exactly; fewer, the same mix scaled down).
 */
export function stateMix(organizations: number = NATIONAL_ORGANIZATIONS): StateMix[] {
  const base = rounded();
  const kindTotals = apportion(
    GOVERNMENT_KINDS.map((k) => NATIONAL_TOTALS[k]),
    organizations,
  );
  const out = base.map((s) => ({ state: s.state, counts: { ...s.counts } }));
  GOVERNMENT_KINDS.forEach((kind, k) => {
    const split = apportion(
      base.map((s) => s.counts[kind]),
      kindTotals[k] ?? 0,
    );
    split.forEach((n, i) => {
      const row = out[i];
      if (row) row.counts[kind] = n;
    });
  });
  return out;
}
