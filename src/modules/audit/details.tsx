// An entry's values before and after, as staff admins read them: one line per field ("Status:
// pending → accepted"), days and times in words in the association's time zone, amounts in
// dollars, the records an id names by name with a link (when the page has resolved it), and long
// texts folded. The API keeps the raw values.
import { type ComponentChildren, Fragment } from 'preact';
import { formatDay, formatTime } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import type { EntityName } from './names.js';

/** The kinds of record an id under these keys names (the keys modules write: `invoiceId`,
 * `organization_id`, `advisorUserId`…); the request's own id (`requestId`) is none of them. */
const ID_KINDS: ReadonlyArray<[RegExp, string]> = [
  [/^(organization|org)id$/, 'organization'],
  [/userid$/, 'user'],
  [/^invoiceid$/, 'invoice'],
  [/^membershipid$/, 'membership'],
  [/^applicationid$/, 'application'],
  [/^assistancerequestid$/, 'assistance_request'],
  [/^eventid$/, 'event'],
  [/^packageid$/, 'sponsorship_package'],
  [/^levelid$/, 'member_level'],
  [/^pathwayid$/, 'pathway'],
  [/^chapterid$/, 'chapter'],
  [/^cohortid$/, 'cohort'],
  [/^committeeid$/, 'committee'],
  [/^cycleid$/, 'credential_cycle'],
  [/^groupid$/, 'group'],
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
/** Longer texts are folded: their start shows, the rest opens on demand. */
const FOLD_AT = 140;
const MAX_DEPTH = 2;

const squash = (key: string) => key.replace(/[_\s-]/g, '').toLowerCase();
const idKindOf = (key: string) => ID_KINDS.find(([re]) => re.test(squash(key)))?.[1];

/** The records the entries' values name by id, for one batch of name lookups: `${kind}:${id}`. */
export function referencedRecords(rows: ReadonlyArray<{ before: unknown; after: unknown }>): Array<{ entity_type: string; entity_id: string }> {
  const out = new Map<string, { entity_type: string; entity_id: string }>();
  const walk = (v: unknown, depth: number) => {
    if (!v || typeof v !== 'object' || depth > MAX_DEPTH) return;
    for (const [k, x] of Object.entries(v)) {
      const kind = idKindOf(k);
      if (kind && typeof x === 'string' && UUID.test(x)) out.set(`${kind}:${x}`, { entity_type: kind, entity_id: x });
      else walk(x, depth + 1);
    }
  };
  for (const r of rows) {
    walk(r.before, 0);
    walk(r.after, 0);
  }
  return [...out.values()];
}

/** "invoiceId" → "Invoice", "advisorUserId" → "Advisor", "price_cents" → "Price", "address_line1" → "Address line 1", "zip" → "ZIP". */
export function fieldLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([a-z])(\d)/gi, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/ (id|cents)$/, '')
    .replace(/(\w) user$/, '$1');
  const said = words.replace(/\b(zip|url|po|csv|pd|id)\b/g, (w) => w.toUpperCase());
  return said.charAt(0).toUpperCase() + said.slice(1);
}

interface Ctx {
  zone: string;
  names: Map<string, EntityName>;
}

function Folded(p: { text: string }) {
  return (
    <details class="folded">
      <summary>{`${p.text.slice(0, 80).trimEnd()}…`}</summary>
      <span class="pre-line">{p.text}</span>
    </details>
  );
}

function shownValue(key: string, v: unknown, c: Ctx, depth: number): ComponentChildren {
  if (v === null || v === undefined) return <em>none</em>;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return /cents$/i.test(key) && Number.isSafeInteger(v) ? formatCents(v) : v.toLocaleString('en-US');
  if (typeof v === 'string') {
    if (v === '') return <em>empty</em>;
    const kind = idKindOf(key);
    if (kind && UUID.test(v)) {
      const named = c.names.get(`${kind}:${v}`);
      if (named) return named.href ? <a href={named.href}>{named.name}</a> : named.name;
    }
    if (DAY.test(v) && !Number.isNaN(Date.parse(v))) return formatDay(v);
    if (INSTANT.test(v) && !Number.isNaN(Date.parse(v))) return formatTime(new Date(v), c.zone);
    if (v.length > FOLD_AT) return <Folded text={v} />;
    return v.includes('\n') ? <span class="pre-line">{v}</span> : v;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return <em>none</em>;
    if (v.every((x) => x === null || typeof x !== 'object')) {
      const text = v.map((x) => (typeof x === 'string' && DAY.test(x) ? formatDay(x) : String(x))).join(', ');
      return text.length > FOLD_AT ? <Folded text={text} /> : text;
    }
  }
  if (depth < MAX_DEPTH && typeof v === 'object' && !Array.isArray(v)) return <Fields before={undefined} after={v as Record<string, unknown>} c={c} depth={depth + 1} />;
  return <Folded text={JSON.stringify(v)} />;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const asFields = (v: unknown): Record<string, unknown> | undefined =>
  v === null || v === undefined ? undefined : typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };

function Fields(p: { before: Record<string, unknown> | undefined; after: Record<string, unknown> | undefined; c: Ctx; depth: number }) {
  const keys = [...new Set([...Object.keys(p.after ?? {}), ...Object.keys(p.before ?? {})])];
  return (
    <dl class="props audit-details">
      {keys.map((k) => {
        const hasBefore = !!p.before && k in p.before;
        const hasAfter = !!p.after && k in p.after;
        const b = p.before?.[k];
        const a = p.after?.[k];
        let shown: ComponentChildren;
        if (hasBefore && hasAfter && !same(a, b))
          shown = (
            <>
              {shownValue(k, b, p.c, p.depth)} → {shownValue(k, a, p.c, p.depth)}
            </>
          );
        else if (hasAfter) shown = shownValue(k, a, p.c, p.depth);
        else shown = <>was {shownValue(k, b, p.c, p.depth)}</>;
        return (
          <Fragment key={k}>
            <dt>{fieldLabel(k)}</dt>
            <dd>{shown}</dd>
          </Fragment>
        );
      })}
    </dl>
  );
}

/** The entry's details as a list of fields; "No details recorded." when it has none. */
export function AuditDetails(p: { before: unknown; after: unknown; zone: string; names: Map<string, EntityName> }) {
  const before = asFields(p.before);
  const after = asFields(p.after);
  if (!before && !after) return 'No details recorded.';
  return <Fields before={before} after={after} c={{ zone: p.zone, names: p.names }} depth={0} />;
}
