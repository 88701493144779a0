// The Who's Who page: a GET search form (name, jurisdiction, state, title, expertise), facets
// that narrow the search, one card per member with only what the viewer may see, and pages.
import type { FieldErrors } from '../../lib/errors.js';
import { stateName } from '../../lib/us-states.js';
import { ErrorSummary, FilterInput, FilterPageInput, FilterSelect, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { stateOptions } from '../network/index.js';
import { Lines } from './profile-views.js';
import { MAX_PAGE, MAX_RESULTS, PAGE_SIZE, TOO_DEEP } from './schemas.js';
import type { DirectoryResult } from './search.js';

const LABELS = { q: 'Name', jurisdiction: 'Jurisdiction', state: 'State', title: 'Title', expertise: 'Area of expertise', page: 'Page' };
const FILTER_KEYS = ['q', 'jurisdiction', 'state', 'title', 'expertise'] as const;
const fmt = (n: number) => n.toLocaleString('en-US');

function link(values: Record<string, string>, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const k of [...FILTER_KEYS, 'page'] as const) {
    const v = k in changes ? changes[k] : values[k];
    if (v) params.set(k, v);
  }
  const s = params.toString();
  return s ? `/directory?${s}` : '/directory';
}

export function DirectoryPage(p: {
  ctx: PageContext;
  values: Record<string, string>;
  page: number;
  errors?: FieldErrors;
  result?: DirectoryResult;
  /** the entries whose person holds the credential now (issue 17) */
  credentialed?: ReadonlySet<string>;
}) {
  const v = p.values;
  const e = p.errors ?? {};
  // the links keep the filters that were applied, not one refused beside its field
  const kept = Object.fromEntries(Object.entries(v).filter(([k]) => !(k in e)));
  const r = p.result;
  // Paging stops at MAX_PAGE: past it, the search is narrowed instead.
  const pages = r ? Math.min(MAX_PAGE, Math.max(1, Math.ceil(r.total / PAGE_SIZE))) : 1;
  const filtered = FILTER_KEYS.some((k) => v[k]);
  return (
    <Layout ctx={p.ctx} title="Who’s Who">
      <h1>Who’s Who</h1>
      <p class="lead">Find fellow members by name, where they work, their title or what they know. Each member chooses which contact details other members see.</p>
      <h2 id="search-title">Search members</h2>
      <ErrorSummary errors={p.errors} labels={LABELS} />
      <form method="get" action="/directory" class="filters" aria-labelledby="search-title">
        <FilterInput name="q" label={LABELS.q} type="search" value={v.q} error={e.q} />
        <FilterInput name="jurisdiction" label={LABELS.jurisdiction} value={v.jurisdiction} error={e.jurisdiction} />
        <FilterSelect name="state" label={LABELS.state} value={v.state} options={stateOptions()} error={e.state} />
        <FilterInput name="title" label={LABELS.title} value={v.title} error={e.title} />
        <FilterInput name="expertise" label={LABELS.expertise} value={v.expertise} error={e.expertise} />
        <FilterPageInput value={v.page} error={e.page} />
        <button type="submit">Search</button>
        {filtered ? <a href="/directory">Clear search</a> : null}
      </form>
      {!r && !p.errors ? <p>Search by name, or choose a jurisdiction, state, title or area of expertise, to see members.</p> : null}
      {r ? (
        <>
          <p role="status">
            {r.totalCapped ? `${fmt(r.total)}+ members match.` : r.total === 1 ? '1 member matches.' : `${fmt(r.total)} members match.`}
            {r.total > PAGE_SIZE ? ` Page ${p.page} of ${fmt(pages)}.` : ''}
            {v.q ? ' Names that are spelled a little differently are included.' : ''}
          </p>
          {r.total > MAX_RESULTS ? <p>{TOO_DEEP}</p> : null}
          {r.facets.states.length || r.facets.expertise.length ? (
            <section aria-labelledby="facets-title" class="facets">
              <h2 id="facets-title">Narrow the search</h2>
              {r.facets.states.length ? (
                <>
                  <h3>By state</h3>
                  <ul class="member-list">
                    {r.facets.states.map((s) => (
                      <li key={s.state}>
                        <a href={link(kept, { state: s.state, page: undefined })} aria-current={v.state === s.state ? 'true' : undefined}>
                          {stateName(s.state)}
                        </a>{' '}
                        ({fmt(s.count)})
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {r.facets.expertise.length ? (
                <>
                  <h3>By area of expertise</h3>
                  <ul class="member-list">
                    {r.facets.expertise.map((x) => (
                      <li key={x.value}>
                        <a href={link(kept, { expertise: x.value, page: undefined })} aria-current={v.expertise === x.value ? 'true' : undefined}>
                          {x.value}
                        </a>{' '}
                        ({fmt(x.count)})
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </section>
          ) : null}
          <h2>Members</h2>
          {r.entries.length === 0 ? <p>No members match. Try fewer filters or another spelling.</p> : null}
          <ul class="cards">
            {r.entries.map((m) => (
              <li class="card" key={m.id}>
                <h3>
                  <a href={`/people/${m.id}`}>{m.name}</a>
                </h3>
                {p.credentialed?.has(m.id) ? <p class="status">Credentialed manager</p> : null}
                <SummaryList
                  rows={[
                    ['Title', m.title],
                    ['Employer', [m.employerName, m.employerState ? stateName(m.employerState) : ''].filter(Boolean).join(', ')],
                    ['Expertise', m.expertise.join(', ')],
                    ['Work email', m.workEmail ? <Lines text={m.workEmail} /> : null],
                    ['Phone', m.phone ? <Lines text={m.phone} /> : null],
                    ['Mailing address', m.mailingAddress ? <Lines text={m.mailingAddress} /> : null],
                  ]}
                />
                {m.id === p.ctx.principal?.userId ? (
                  <p class="hint">
                    This is you: you see all your details, others only those you show them. <a href={`/people/${m.id}`}>Your page</a> says who sees each.
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          {pages > 1 ? (
            <nav class="pager" aria-label="Pages of members">
              {p.page > 1 ? <a href={link(kept, { page: String(p.page - 1) })}>Previous page</a> : null}
              <span>
                Page {p.page} of {fmt(pages)}
              </span>
              {p.page < pages ? <a href={link(kept, { page: String(p.page + 1) })}>Next page</a> : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}
