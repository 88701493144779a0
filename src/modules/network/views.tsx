// Pages of the network: the public map and list with its filters, one member's public page,
// and the impact figures (also shown on the home page).
import type { VNode } from 'preact';
import type { FieldErrors } from '../../lib/errors.js';
import { formatMonth } from '../../lib/format.js';
import { stateName } from '../../lib/us-states.js';
import { ErrorSummary, FilterPageInput, PageLinks, Select, SimpleTable, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ENTITY_TYPE_LABELS } from '../organizations/index.js';
import type { Pathway } from '../pathways/index.js';
import { bandLabel, bandOptions, stateOptions } from './filters.js';
import type { ListedMember } from './service.js';
import type { ImpactFigures } from './summary.js';

const fmt = (n: number) => n.toLocaleString('en-US');

export function NetworkImpact(p: { figures: ImpactFigures; headingLevel?: 2 | 3 }) {
  const f = p.figures;
  const H = p.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <section class="impact" aria-labelledby="impact-title">
      <H id="impact-title">Our impact</H>
      <ul class="cards">
        <li class="card">
          <p class="figure">{fmt(f.communitiesServed)}</p>
          <p>communities served since {f.foundedYear}</p>
        </li>
        <li class="card">
          <p class="figure">{fmt(f.currentMembers)}</p>
          <p>current member organizations</p>
        </li>
        <li class="card">
          <p class="figure">{fmt(f.statesCovered)}</p>
          <p>states with members</p>
        </li>
      </ul>
    </section>
  );
}

const LABELS = { state: 'State', type: 'Type of government', band: 'Population', pathway: 'Pathway', page: 'Page' };

export interface NetworkPageProps {
  ctx: PageContext;
  figures: ImpactFigures;
  pathways: Pathway[];
  values: Record<string, string>;
  errors?: FieldErrors;
  /** the results under the form (NetworkResults), rendered: the same for every visitor, so kept
   * with the summaries per filter and page */
  resultsHtml?: string;
}

export interface NetworkResultsProps {
  /** the state chosen, if any */
  state?: string;
  results: {
    counts: Record<string, number>;
    /** this page of the listed members */
    members: ListedMember[];
    /** listed members matching, on all pages */
    listed: number;
    /** the map and its caption, rendered (kept with the summaries: the same for every visitor) */
    map: string;
    /** the address of the list filtered to one state (keeping the other filters) */
    stateHref: (code: string) => string;
    paging: { page: number; pages: number; size: number; askedPastEnd: number | null; href: (page: number) => string };
  };
}

/** The page; `mainHtml` is its content already rendered by NetworkMain (kept per filter and page:
 * the same for every visitor), else it is rendered from the other props. */
export function NetworkPage(p: NetworkPageProps | { ctx: PageContext; mainHtml: string }) {
  return (
    <Layout ctx={p.ctx} title="Our network">
      {'mainHtml' in p ? <div class="network-page" dangerouslySetInnerHTML={{ __html: p.mainHtml }} /> : <NetworkMain {...p} />}
    </Layout>
  );
}

/** The page's content: figures, the filter form and the results. */
export function NetworkMain(p: Omit<NetworkPageProps, 'ctx'>) {
  const e = p.errors ?? {};
  const v = p.values;
  return (
    <>
      <h1>Our network</h1>
      <p class="lead">Cities, counties, towns, regions and Tribal nations that are members today, where they are, and what they work on.</p>
      <NetworkImpact figures={p.figures} />
      <h2 id="filters-title">Find members</h2>
      <ErrorSummary errors={p.errors} labels={LABELS} />
      <form method="get" action="/network" class="filters" aria-labelledby="filters-title">
        <Select name="state" label={LABELS.state} includeBlank="Any state" options={stateOptions()} value={v.state} error={e.state} />
        <Select
          name="type"
          label={LABELS.type}
          includeBlank="Any type"
          options={Object.entries(ENTITY_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
          value={v.type}
          error={e.type}
        />
        <Select name="band" label={LABELS.band} includeBlank="Any population" options={bandOptions(v.band)} value={v.band} error={e.band} />
        <Select
          name="pathway"
          label={LABELS.pathway}
          includeBlank="Any pathway"
          options={p.pathways.map((w) => ({ value: w.slug, label: w.name }))}
          value={v.pathway}
          error={e.pathway}
        />
        <FilterPageInput value={v.page} error={e.page} />
        <button type="submit">Show members</button>
        <a href="/network">Clear filters</a>
      </form>
      {/* rendered by NetworkResults (its values were escaped then) */}
      {p.resultsHtml !== undefined ? <div class="network-results" dangerouslySetInnerHTML={{ __html: p.resultsHtml }} /> : null}
    </>
  );
}

/** Under the form: how many match, the map, the counts by state, one page of listed members and
 * the links to the other pages. */
export function NetworkResults(p: NetworkResultsProps) {
  const r = p.results;
  const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
  const byState = new Map<string, ListedMember[]>();
  for (const m of r.members) byState.set(m.state, [...(byState.get(m.state) ?? []), m]);
  const unlisted = total - r.listed;
  const first = (r.paging.page - 1) * r.paging.size + 1;
  return (
    <>
      <p role="status">
        {total === 1 ? '1 current member matches.' : `${fmt(total)} current members match.`}
        {unlisted > 0
          ? unlisted === total
            ? total === 1
              ? ' It chose not to be listed by name.'
              : ' All of them chose not to be listed by name.'
            : ` ${fmt(unlisted)} of them chose not to be listed by name.`
          : ''}
      </p>
      {/* the map, rendered once per filter and kept (its values were escaped when rendered) */}
      <figure class="network-map" dangerouslySetInnerHTML={{ __html: r.map }} />
      <SimpleTable
        caption="Current members by state"
        rowKey={([state]) => state}
        rows={Object.entries(r.counts)}
        empty="No members match these filters."
        columns={[
          { label: 'State', cell: ([state]) => <a href={r.stateHref(state)}>{stateName(state)}</a> },
          { label: 'Members', cell: ([, n]) => fmt(n) },
        ]}
      />
      {r.members.length === 0 ? <NoMembers state={p.state} total={total} /> : <h2>Members by state</h2>}
      {r.paging.askedPastEnd !== null ? (
        <p class="notice" role="status">
          There is no page {fmt(r.paging.askedPastEnd)}: the list has {r.paging.pages === 1 ? '1 page' : `${fmt(r.paging.pages)} pages`}, and this is the last.
        </p>
      ) : null}
      {r.members.length > 0 && r.paging.pages > 1 ? (
        <p>
          Members {fmt(first)} to {fmt(first + r.members.length - 1)} of {fmt(r.listed)}, by state and name (page {fmt(r.paging.page)} of {fmt(r.paging.pages)}). Choose a state or
          another filter to narrow the list, or use the <a href="/api/docs">members API</a>.
        </p>
      ) : null}
      {[...byState].map(([state, members]) => (
        <section key={state} aria-labelledby={`state-${state}`}>
          <h3 id={`state-${state}`}>{stateName(state)}</h3>
          <ul class="member-list">
            {members.map((m) => (
              <li key={m.id}>
                <a href={`/network/${m.slug}`}>{m.name}</a> — {ENTITY_TYPE_LABELS[m.entityType]}, population {bandLabel(m.populationBand).toLowerCase()}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <PageLinks label="Pages of members" page={r.paging.page} pages={r.paging.pages} href={r.paging.href} />
    </>
  );
}

/** Instead of an empty list: members who chose not to be named, or an invitation to be the first. */
function NoMembers(p: { state?: string; total: number }) {
  const where = p.state ? stateName(p.state) : '';
  if (p.total > 0) {
    return (
      <section class="notice" aria-labelledby="no-members-title">
        <h2 id="no-members-title">Members by state</h2>
        <p>The members that match chose not to be listed by name.</p>
      </section>
    );
  }
  return (
    <section class="notice" aria-labelledby="no-members-title">
      <h2 id="no-members-title">{where ? `No members in ${where} yet` : 'No members match yet'}</h2>
      <p>
        {where ? `Be the first local government in ${where} to join the network` : 'Your local government could be the first'}: a dedicated advisor, peers across the country, and
        programs for your elected officials and staff.
      </p>
      <p>
        <a href="/join">Find out how your government can join</a>
      </p>
    </section>
  );
}

/** A website to link to: only http(s) addresses (the profile form accepts no other), shown without the scheme. */
function websiteLink(raw: string): { href: string; text: string } | null {
  if (!URL.canParse(raw)) return null;
  const u = new URL(raw);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  return { href: u.href, text: `${u.host}${u.pathname === '/' ? '' : u.pathname}` };
}

/** `parts`: what other modules add below the summary (deps.slots.networkMemberParts). */
export function MemberPage(p: { ctx: PageContext; member: ListedMember; parts?: VNode[] }) {
  const m = p.member;
  const website = websiteLink(m.website);
  return (
    <Layout ctx={p.ctx} title={m.name}>
      <p>
        <a href="/network">Our network</a>
      </p>
      <h1>{m.name}</h1>
      <SummaryList
        class="summary"
        rows={[
          ['Type', ENTITY_TYPE_LABELS[m.entityType]],
          ['State', <a href={`/network?state=${m.state}`}>{stateName(m.state)}</a>],
          ['Population', bandLabel(m.populationBand)],
          ['Website', website ? <a href={website.href}>{website.text}</a> : 'Not given'],
          ['Member since', m.memberSince ? formatMonth(m.memberSince) : 'Recently'],
          [
            'Priority pathways',
            m.pathways.length
              ? m.pathways.map((w, i) => (
                  <>
                    {i > 0 ? ', ' : ''}
                    <a href={`/network?pathway=${w.slug}`}>{w.name}</a>
                  </>
                ))
              : 'None chosen yet',
          ],
        ]}
      />
      {p.parts ?? null}
    </Layout>
  );
}
