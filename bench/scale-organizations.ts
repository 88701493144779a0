// A section of bench/scale.ts: the staff organizations list (`/api/v1/organizations` and
// `/staff/organizations`) as membership staff: three letters of a name, a name with a typo,
// filters, a sort by population, the second page by its cursor; and the whole list's CSV, whose
// first byte must come long before its last (it streams). The answers are checked before they are
// timed; the budget is p95 under 25 ms for the list and the search.
import { sql } from 'kysely';
import { signIn } from './lib.js';
import { printTimings, type ScaleContext, type Timing, time } from './timing.js';

const BUDGET_P95_MS = 25;
/** Three letters of common place names, each must be in the first answer's name. */
const ALL_LETTERS = ['spr', 'gre', 'oak', 'mil', 'lak', 'fra'];
const ALL_TYPOS: Array<[typo: string, expected: string]> = [
  ['Sprngfield', 'Springfield'],
  ['Grenville', 'Greenville'],
  ['Frankln', 'Franklin'],
];
const FILTERS = ['status=active&state=CA', 'type=county&sort=population&dir=desc', 'state=TX&balance=yes', 'status=lapsed', 'advisor=none&state=NY'];

interface ListBody {
  organizations?: Array<{ name: string }>;
  nextCursor?: string | null;
}

/** The letters and typos whose names this data set holds (a small `BENCH_SCALE` has no Oak… or
 * Greenville), so that every answer can be checked; the national and 20,000 sets hold them all. */
async function searchesFor(db: ScaleContext['db']): Promise<{ letters: string[]; typos: Array<[typo: string, expected: string]> }> {
  const holds = async (part: string) =>
    (await sql<{ found: boolean }>`select exists (select 1 from organizations where merged_into_id is null and name ilike ${`%${part}%`}) as found`.execute(db.db)).rows[0]
      ?.found === true;
  const letters: string[] = [];
  for (const l of ALL_LETTERS) if (await holds(l)) letters.push(l);
  const typos: Array<[string, string]> = [];
  for (const t of ALL_TYPOS) if (await holds(t[1])) typos.push(t);
  return { letters, typos };
}

/** Times the list and search; false when an answer is wrong. */
export async function benchOrganizations({ db, base, baseline, requests }: ScaleContext): Promise<boolean> {
  const cookie = await signIn(base, 'membership@example.org');
  const { letters: LETTERS, typos: TYPOS } = await searchesFor(db);
  if (LETTERS.length === 0 || TYPOS.length === 0) {
    console.error(`Organizations bench: FAILED, no organization's name holds any of ${[...ALL_LETTERS, ...ALL_TYPOS.map(([, e]) => e)].join(', ')}`);
    return false;
  }
  const missing = [...ALL_LETTERS.filter((l) => !LETTERS.includes(l)), ...ALL_TYPOS.filter((t) => !TYPOS.includes(t)).map(([, e]) => e)];
  if (missing.length > 0) console.log(`\nOrganizations: no name in this data set holds ${missing.join(', ')}: those searches are left out.`);
  const headers = { cookie, accept: 'application/json' };
  const get = async (query: string): Promise<ListBody> => {
    const res = await fetch(`${base}/api/v1/organizations?${query}`, { headers });
    if (res.status !== 200) throw new Error(`/api/v1/organizations?${query} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return (await res.json()) as ListBody;
  };
  for (const letters of LETTERS) {
    const body = await get(`q=${letters}`);
    const first = body.organizations?.[0]?.name ?? '';
    if (!first.toLowerCase().includes(letters)) {
      console.error(`Organizations bench: FAILED, q=${letters} answered ${JSON.stringify(body).slice(0, 300)}`);
      return false;
    }
  }
  for (const [typo, expected] of TYPOS) {
    const body = await get(`q=${encodeURIComponent(typo)}`);
    if (!body.organizations?.some((o) => o.name.includes(expected))) {
      console.error(`Organizations bench: FAILED, "${typo}" did not find "${expected}": ${JSON.stringify(body).slice(0, 300)}`);
      return false;
    }
  }
  const cursors: string[] = [];
  for (const f of FILTERS) {
    const body = await get(f);
    if (!body.organizations?.length) {
      console.error(`Organizations bench: FAILED, ${f} found nothing`);
      return false;
    }
    if (body.nextCursor) cursors.push(`${f}&cursor=${body.nextCursor}`);
  }
  const first = await get('');
  if (first.nextCursor) cursors.push(`cursor=${first.nextCursor}`);

  const api = (qs: string[]) =>
    time(
      qs.map((q) => `${base}/api/v1/organizations?${q}`),
      headers,
      requests,
    );
  const rows: Array<[string, Timing]> = [
    ['hello-world GET /', baseline],
    ['GET /api/v1/organizations (first page)', await api([''])],
    ['GET /api/v1/organizations?q=<3 letters>', await api(LETTERS.map((l) => `q=${l}`))],
    ['GET /api/v1/organizations?q=<typo>', await api(TYPOS.map(([t]) => `q=${encodeURIComponent(t)}`))],
    ['GET /api/v1/organizations?<filters>', await api(FILTERS)],
    ['GET /api/v1/organizations?cursor=<next>', await api(cursors)],
    [
      'GET /staff/organizations?q=<3 letters>',
      await time(
        LETTERS.map((l) => `${base}/staff/organizations?q=${l}`),
        { cookie, accept: 'text/html' },
        Math.ceil(requests / 2),
      ),
    ],
  ];
  console.log(`\nStaff organizations list: sequential requests after 100 warm-up requests each; the queries of each row in turn.\n`);
  printTimings(rows, baseline);
  const worst = rows.slice(1, -1).reduce((a, [, t]) => Math.max(a, t.p95), 0);
  const page = rows.at(-1)?.[1].p95 ?? Number.NaN;
  console.log(
    `\nBudget: p95 under ${BUDGET_P95_MS} ms for the list and search: ${worst < BUDGET_P95_MS ? 'met' : 'NOT MET'} (worst row ${worst.toFixed(1)} ms); ` +
      `the page: ${page < BUDGET_P95_MS ? 'met' : 'NOT MET'} (${page.toFixed(1)} ms).`,
  );

  // The CSV of every organization: when its first byte and its last arrive, and how many rows.
  const t0 = performance.now();
  const res = await fetch(`${base}/staff/organizations.csv`, { headers: { cookie } });
  if (res.status !== 200 || !res.body) throw new Error(`/staff/organizations.csv answered ${res.status}`);
  let firstByte = Number.NaN;
  let lines = 0;
  const decoder = new TextDecoder();
  for await (const chunk of res.body) {
    if (Number.isNaN(firstByte)) firstByte = performance.now() - t0;
    lines += decoder.decode(chunk, { stream: true }).split('\n').length - 1;
  }
  const total = performance.now() - t0;
  console.log(
    `\nCSV of every organization: ${(lines - 1).toLocaleString('en-US')} rows; first byte after ${firstByte.toFixed(0)} ms, the last after ${total.toFixed(0)} ms ` +
      `(${firstByte < total / 10 ? 'streams' : 'DOES NOT STREAM'}).`,
  );
  return true;
}
