// The public pages of resources: the search page (words, sort, facets with counts, highlighted
// passages, pages), one resource (in full, or the members-only teaser), and a topic page. A
// teaser shows the title, summary and how to sign in or join; never the text or the file.
import { DateTime } from 'luxon';
import type { FieldErrors } from '../../lib/errors.js';
import { ErrorSummary, FilterInput, Select, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Pathway } from '../pathways/index.js';
import { RenderedMarkdown } from '../publishing/index.js';
import type { Catalogue, Facet } from './catalogue.js';
import type { ResourceRow, TopicRow } from './queries.js';
import { TYPE_LABELS } from './schemas.js';
import { passageHtml, type SearchHit } from './search.js';

export type Query = Record<string, string | undefined>;

export function searchLink(query: Query, changes: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...changes })) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `/resources?${s}` : '/resources';
}

const FACET_NAMES: Array<[key: 'type' | 'topic' | 'pathway' | 'year', title: string]> = [
  ['topic', 'Topic'],
  ['pathway', 'Pathway'],
  ['type', 'Type'],
  ['year', 'Year'],
];

function FacetGroup(p: { name: 'type' | 'topic' | 'pathway' | 'year'; title: string; facets: Facet[]; query: Query; bounded: boolean }) {
  const chosen = p.query[p.name];
  // Over more than MATCH_CAP matches, a count is a lower bound: "143+".
  const count = (n: number) => `${n.toLocaleString('en-US')}${p.bounded ? '+' : ''}`;
  if (p.facets.length === 0 && !chosen) return null;
  return (
    <section aria-labelledby={`facet-${p.name}`} class="facet">
      <h3 id={`facet-${p.name}`}>{p.title}</h3>
      <ul>
        {p.facets.map((f) =>
          f.value === chosen ? (
            <li key={f.value}>
              <strong>
                {f.label} ({count(f.count)})
              </strong>{' '}
              <a href={searchLink(p.query, { [p.name]: undefined, page: undefined })}>
                Remove<span class="visually-hidden"> the filter {f.label}</span>
              </a>
            </li>
          ) : (
            <li key={f.value}>
              <a href={searchLink(p.query, { [p.name]: f.value, page: undefined })}>
                {f.label}{' '}
                <span class="count">
                  ({count(f.count)}
                  <span class="visually-hidden"> resources</span>)
                </span>
              </a>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

function Meta(p: { type: SearchHit['type']; year: number; audience: string }) {
  return (
    <p class="meta">
      {p.audience === 'members' ? <strong>Members only · </strong> : null}
      {TYPE_LABELS[p.type]} · {p.year}
    </p>
  );
}

export function ResourcesSearchPage(p: { ctx: PageContext; query: Query; result: Catalogue | null; errors?: FieldErrors; topics: TopicRow[] }) {
  const r = p.result;
  const e = p.errors ?? {};
  const searched = Object.entries(p.query).some(([k, v]) => k !== 'sort' && k !== 'page' && v);
  return (
    <Layout ctx={p.ctx} title="Tools and resources">
      <h1>Tools and resources</h1>
      <p class="lead">Guides, toolkits, case studies, recordings, templates, data sets and tools for local government staff. Some are for members only.</p>
      {p.topics.length ? (
        <nav aria-label="Topics">
          <p>
            Browse by topic:{' '}
            {p.topics.map((t, i) => (
              <span key={t.id}>
                {i ? ', ' : ''}
                <a href={`/resources/topics/${t.slug}`}>{t.name}</a>
              </span>
            ))}
          </p>
        </nav>
      ) : null}
      <ErrorSummary errors={p.errors} labels={{ q: 'Search', type: 'Type', topic: 'Topic', pathway: 'Pathway', year: 'Year', sort: 'Sort by', page: 'Page' }} />
      <form method="get" action="/resources" class="filters" aria-label="Resource search">
        <FilterInput name="q" label="Search resources" type="search" value={p.query.q} error={e.q} />
        <Select
          name="sort"
          label="Sort by"
          required
          value={p.query.sort ?? (p.query.q ? 'relevance' : 'date')}
          options={[
            { value: 'relevance', label: 'Relevance' },
            { value: 'date', label: 'Newest first' },
          ]}
          error={e.sort}
        />
        {(['type', 'topic', 'pathway', 'year'] as const).map((k) => (p.query[k] ? <input key={k} type="hidden" name={k} value={p.query[k]} /> : null))}
        <button type="submit">Search</button>
      </form>
      {r ? (
        <div class="search-layout">
          <aside aria-labelledby="facets-heading" class="facets">
            <h2 id="facets-heading">Narrow the results</h2>
            {FACET_NAMES.map(([name, title]) => (
              <FacetGroup key={name} name={name} title={title} facets={r.facets[name]} query={p.query} bounded={r.bounded} />
            ))}
          </aside>
          <section aria-labelledby="results-heading" class="results">
            <h2 id="results-heading">
              {r.total === 0 ? 'No resources found' : `${r.total.toLocaleString('en-US')}${r.bounded ? '+' : ''} ${r.total === 1 ? 'resource' : 'resources'}`}
              {r.page > 1 ? `, page ${r.page}` : ''}
            </h2>
            {r.total === 0 ? <p>{searched ? 'Nothing matches. Try fewer or different words, or remove a filter.' : 'No resources are published yet.'}</p> : null}
            <ol class="cards">
              {r.hits.map((h) => (
                <li key={h.id}>
                  <article class="card">
                    <h3>
                      <a href={`/resources/${h.slug}`}>{h.title}</a>
                    </h3>
                    <Meta type={h.type} year={h.year} audience={h.audience} />
                    <p class="snippet" dangerouslySetInnerHTML={{ __html: passageHtml(h.passage) }} />
                  </article>
                </li>
              ))}
            </ol>
            {r.hasNext || r.page > 1 ? (
              <nav class="pager" aria-label="Result pages">
                {r.page > 1 ? <a href={searchLink(p.query, { page: r.page === 2 ? undefined : String(r.page - 1) })}>Previous page</a> : null}
                {r.hasNext ? <a href={searchLink(p.query, { page: String(r.page + 1) })}>Next page</a> : null}
              </nav>
            ) : null}
          </section>
        </div>
      ) : (
        <p>
          <a href="/resources">Start a new search</a>
        </p>
      )}
    </Layout>
  );
}

const SIZE = (n: number) => (n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
const KIND_OF: Record<string, string> = {
  'application/pdf': 'PDF',
  'text/csv': 'CSV',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
};

export interface ResourcePageView {
  resource: ResourceRow;
  teaser: boolean;
  html: string;
  pathways: Pathway[];
  topics: TopicRow[];
  signedIn: boolean;
  preview: boolean;
}

export function ResourcePage(p: { ctx: PageContext; view: ResourcePageView }) {
  const { resource: r, teaser } = p.view;
  const when = r.published_at ? DateTime.fromJSDate(r.published_at, { zone: p.ctx.timeZone }).toFormat('LLLL d, yyyy') : null;
  const here = `/resources/${r.slug}`;
  return (
    <Layout ctx={p.ctx} title={r.title}>
      <p>
        <a href="/resources">All resources</a>
      </p>
      {p.view.preview ? (
        <p class="warning" role="status">
          <strong>Preview.</strong> This is how the resource will look; it is not published.
        </p>
      ) : null}
      <h1>{r.title}</h1>
      <Meta type={r.type} year={r.year} audience={r.audience} />
      <p class="lead">{r.summary}</p>
      {teaser ? (
        <section aria-labelledby="members-only" class="notice">
          <h2 id="members-only">Members only</h2>
          <p>
            This resource is for members of {p.ctx.associationName}.{' '}
            {p.view.signedIn ? (
              <>
                Your account is not a member’s. <a href="/join/individual">Join as a professional</a> or ask your government to <a href="/join">join</a>.
              </>
            ) : (
              <>
                <a href={`/login?next=${encodeURIComponent(here)}`}>Sign in</a> to read it and download its file, or <a href="/join/individual">join</a>.
              </>
            )}
          </p>
        </section>
      ) : (
        <>
          {r.file ? (
            <p>
              <a class="button" href={`${here}/download`}>
                Download {r.file.filename}
              </a>{' '}
              <span class="hint">
                ({KIND_OF[r.file.content_type] ?? 'File'}, {SIZE(r.file.size_bytes)})
              </span>
            </p>
          ) : null}
          {r.link_url ? (
            <p>
              <a class="button" href={`${here}/download`} rel="nofollow">
                Open the resource<span class="visually-hidden">: {r.title}</span>
              </a>{' '}
              <span class="hint">(on another site)</span>
            </p>
          ) : null}
          {p.view.html ? <RenderedMarkdown html={p.view.html} /> : null}
        </>
      )}
      <SummaryList
        rows={[
          ['Published', when],
          ['Pathways', p.view.pathways.length ? p.view.pathways.map((x) => x.name).join(', ') : null],
          [
            'Topics',
            p.view.topics.length
              ? p.view.topics.map((t, i) => (
                  <span key={t.id}>
                    {i ? ', ' : ''}
                    <a href={`/resources/topics/${t.slug}`}>{t.name}</a>
                  </span>
                ))
              : null,
          ],
        ]}
      />
    </Layout>
  );
}

export function TopicPage(p: { ctx: PageContext; topic: TopicRow; html: string; result: Catalogue; preview: boolean }) {
  const t = p.topic;
  return (
    <Layout ctx={p.ctx} title={t.name}>
      <p>
        <a href="/resources">All resources</a>
      </p>
      {p.preview ? (
        <p class="warning" role="status">
          <strong>Preview.</strong> This topic page is not published.
        </p>
      ) : null}
      <h1>{t.name}</h1>
      {p.html ? <RenderedMarkdown html={p.html} /> : null}
      <section aria-labelledby="topic-resources">
        <h2 id="topic-resources">Resources on this topic</h2>
        {p.result.hits.length === 0 ? <p>No resources are in this collection yet.</p> : null}
        <ul class="cards">
          {p.result.hits.map((h) => (
            <li key={h.id}>
              <article class="card">
                <h3>
                  <a href={`/resources/${h.slug}`}>{h.title}</a>
                </h3>
                <Meta type={h.type} year={h.year} audience={h.audience} />
                <p>{h.summary}</p>
              </article>
            </li>
          ))}
        </ul>
        {p.result.hasNext ? (
          <p>
            <a href={searchLink({ topic: t.slug }, { page: '2' })}>Search all of this topic’s resources</a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
}
