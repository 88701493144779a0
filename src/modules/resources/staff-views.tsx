// Communications staff's pages of resources: the list, a resource's form (new or edit, with its
// file or link, pathways, topics and the publishing fields; the image upload, preview link and
// revision history beside it), and the topic pages' list and form.
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { BackLink, Checkbox, DataTable, ErrorSummary, Field, FileField, FilterSelect, PostForm, Select, SimpleTable, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Pathway } from '../pathways/index.js';
import { AUDIENCE_LABELS, ImageUploadForm, MarkdownField, MOVES, PublishFields, type PublishState, type Revision, RevisionHistory, STATE_LABELS } from '../publishing/index.js';
import { ACCEPT, ALLOWED_TEXT } from './files.js';
import type { ResourceRow, StaffListed, TopicRow } from './queries.js';
import { FIELD_LABELS, TYPE_LABELS } from './schemas.js';

type Values = Record<string, string>;
const stateOptions = Object.entries(STATE_LABELS).map(([value, label]) => ({ value, label }));
const statesFrom = (s: PublishState): PublishState[] => [s, ...MOVES[s]];

export function StaffResourcesPage(p: { ctx: PageContext; items: StaffListed[]; state?: string; page: number; hasNext: boolean }) {
  return (
    <Layout ctx={p.ctx} title="Resources">
      <h1>Resources</h1>
      <p class="lead">The tools and resources catalog. A new resource is a draft until you publish or schedule it; members-only resources show visitors a teaser.</p>
      <p>
        <a class="button" href="/staff/resources/new">
          New resource
        </a>{' '}
        <a href="/staff/resources/topics">Topic pages</a>
      </p>
      <form method="get" action="/staff/resources" class="filters" aria-label="Filter resources">
        <FilterSelect name="state" label="State" value={p.state} options={stateOptions} />
        <button type="submit">Filter</button>
      </form>
      <DataTable
        caption="Resources, latest changes first"
        empty="No resources match."
        rows={p.items}
        rowKey={(r) => r.id}
        basePath="/staff/resources"
        query={{ state: p.state }}
        page={p.page}
        hasNext={p.hasNext}
        columns={[
          { key: 'title', label: 'Resource', cell: (r) => <a href={`/staff/resources/${r.id}`}>{r.title}</a> },
          { key: 'type', label: 'Type', cell: (r) => TYPE_LABELS[r.type] },
          { key: 'state', label: 'State', cell: (r) => STATE_LABELS[r.state] + (r.state === 'scheduled' && r.publish_at ? `, ${formatTime(r.publish_at, p.ctx.timeZone)}` : '') },
          { key: 'audience', label: 'Who may read it', cell: (r) => AUDIENCE_LABELS[r.audience] },
          { key: 'downloads', label: 'Downloads', cell: (r) => r.download_count.toLocaleString('en-US') },
        ]}
      />
    </Layout>
  );
}

export interface ResourceFormView {
  resource?: ResourceRow;
  values: Values;
  errors?: FieldErrors;
  pathways: Pathway[];
  topics: TopicRow[];
  chosenPathways: string[];
  chosenTopics: string[];
  revisions: Revision[];
  previewUrl?: string;
}

export function ResourceFormPage(p: { ctx: PageContext; view: ResourceFormView }) {
  const { resource: r, values: v } = p.view;
  const e = p.view.errors ?? {};
  const action = r ? `/staff/resources/${r.id}` : '/staff/resources';
  const title = r ? `Edit: ${r.title}` : 'New resource';
  const state = (r?.state ?? 'draft') as PublishState;
  return (
    <Layout ctx={p.ctx} title={title}>
      <BackLink href="/staff/resources">Resources</BackLink>
      <h1>{title}</h1>
      {r ? (
        <p>
          {STATE_LABELS[r.state]} · {r.download_count.toLocaleString('en-US')} downloads
          {r.state === 'published' ? (
            <>
              {' '}
              · <a href={`/resources/${r.slug}`}>See it on the site</a>
            </>
          ) : null}
        </p>
      ) : null}
      <ErrorSummary errors={p.view.errors} labels={FIELD_LABELS} />
      <PostForm action={action} csrf={p.ctx.csrf} enctype="multipart/form-data" label={title}>
        <Field name="title" label="Title" value={v.title} error={e.title} required maxLength={200} />
        <Field name="slug" label="Web address" hint="The end of /resources/…; made from the title when left empty." value={v.slug} error={e.slug} maxLength={120} />
        <TextArea
          name="summary"
          label="Summary"
          hint="One or two sentences. Visitors see it even when the resource is for members only."
          value={v.summary}
          error={e.summary}
          rows={3}
          required
          maxLength={600}
        />
        <Select name="type" label="Type" value={v.type} options={Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label }))} error={e.type} required />
        <Field name="year" label="Year" hint="The year of the resource, like 2024." value={v.year} error={e.year} required maxLength={4} inputMode="numeric" />
        <MarkdownField name="body" label="Text" value={v.body} error={e.body} required={false} images />
        <fieldset>
          <legend>File or link</legend>
          {r?.file ? (
            <>
              <p>Current file: {r.file.filename}. Upload another to replace it.</p>
              <Checkbox name="remove_file" label="Remove the current file" checked={v.remove_file === 'yes'} value="yes" />
            </>
          ) : null}
          <FileField name="file" label="File" hint={`${ALLOWED_TEXT}. Checked by its content.`} accept={ACCEPT} optional error={e.file} />
          <Field
            name="link_url"
            label="Link"
            hint="Or the address of a tool or page on another site, starting with https://."
            value={v.link_url}
            error={e.link_url}
            maxLength={2000}
            type="url"
          />
        </fieldset>
        {p.view.pathways.length ? (
          <fieldset>
            <legend>Pathways</legend>
            {p.view.pathways.map((x) => (
              <Checkbox key={x.id} name={`pathway_${x.id}`} label={x.name} value="yes" checked={p.view.chosenPathways.includes(x.id)} />
            ))}
          </fieldset>
        ) : null}
        {p.view.topics.length ? (
          <fieldset>
            <legend>Topics</legend>
            {p.view.topics.map((t) => (
              <Checkbox key={t.id} name={`topic_${t.id}`} label={t.name} value="yes" checked={p.view.chosenTopics.includes(t.id)} />
            ))}
          </fieldset>
        ) : null}
        <PublishFields state={(v.state as PublishState) || state} publishAt={v.publish_at} audience={v.audience} timeZone={p.ctx.timeZone} errors={e} states={statesFrom(state)} />
        <button type="submit">{r ? 'Save the resource' : 'Create the resource'}</button>
      </PostForm>
      {r ? (
        <Extras ctx={p.ctx} previewAction={`/staff/resources/${r.id}/preview`} previewUrl={p.view.previewUrl} returnTo={`/staff/resources/${r.id}`} revisions={p.view.revisions} />
      ) : null}
    </Layout>
  );
}

function Extras(p: { ctx: PageContext; previewAction: string; previewUrl?: string; returnTo: string; revisions: Revision[] }) {
  return (
    <>
      <ImageUploadForm csrf={p.ctx.csrf} returnTo={p.returnTo} markdownField="f-body" />
      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading">Preview link</h2>
        {p.previewUrl ? (
          <p class="notice" role="status">
            Anyone with this link sees the page as it is now, even unpublished: <a href={p.previewUrl}>{p.previewUrl}</a>
          </p>
        ) : (
          <p>A link that shows the page before it is published. Making a new one stops the old one.</p>
        )}
        <PostForm action={p.previewAction} csrf={p.ctx.csrf} label="Make a preview link">
          <button type="submit" class="button-secondary">
            Make a preview link
          </button>
        </PostForm>
      </section>
      <RevisionHistory revisions={p.revisions} timeZone={p.ctx.timeZone} fieldLabels={FIELD_LABELS} />
    </>
  );
}

export function StaffTopicsPage(p: { ctx: PageContext; topics: TopicRow[]; sizes: Map<string, number> }) {
  return (
    <Layout ctx={p.ctx} title="Topic pages">
      <BackLink href="/staff/resources">Resources</BackLink>
      <h1>Topic pages</h1>
      <p class="lead">Curated collections of resources, each with its own address and introduction. Add a resource to a topic on the resource’s form.</p>
      <p>
        <a class="button" href="/staff/resources/topics/new">
          New topic page
        </a>
      </p>
      <SimpleTable
        caption="Topic pages"
        rows={p.topics}
        rowKey={(t) => t.id}
        empty="No topic pages yet."
        columns={[
          { label: 'Topic', cell: (t) => <a href={`/staff/resources/topics/${t.id}`}>{t.name}</a> },
          { label: 'Address', cell: (t) => `/resources/topics/${t.slug}` },
          { label: 'State', cell: (t) => STATE_LABELS[t.state] },
          { label: 'Resources', cell: (t) => String(p.sizes.get(t.id) ?? 0) },
        ]}
      />
    </Layout>
  );
}

export function TopicFormPage(p: { ctx: PageContext; topic?: TopicRow; values: Values; errors?: FieldErrors; revisions: Revision[]; previewUrl?: string }) {
  const t = p.topic;
  const v = p.values;
  const e = p.errors ?? {};
  const title = t ? `Edit: ${t.name}` : 'New topic page';
  const state = (t?.state ?? 'draft') as PublishState;
  return (
    <Layout ctx={p.ctx} title={title}>
      <BackLink href="/staff/resources/topics">Topic pages</BackLink>
      <h1>{title}</h1>
      <ErrorSummary errors={p.errors} labels={FIELD_LABELS} />
      <PostForm action={t ? `/staff/resources/topics/${t.id}` : '/staff/resources/topics'} csrf={p.ctx.csrf} label={title}>
        <Field name="name" label="Name" value={v.name} error={e.name} required maxLength={120} />
        <Field name="slug" label="Web address" hint="The end of /resources/topics/…; made from the name when left empty." value={v.slug} error={e.slug} maxLength={100} />
        <MarkdownField name="introduction" label="Introduction" value={v.introduction} error={e.introduction} required={false} />
        <PublishFields state={(v.state as PublishState) || state} publishAt={v.publish_at} timeZone={p.ctx.timeZone} errors={e} states={statesFrom(state)} withAudience={false} />
        <button type="submit">{t ? 'Save the topic page' : 'Create the topic page'}</button>
      </PostForm>
      {t ? (
        <Extras
          ctx={p.ctx}
          previewAction={`/staff/resources/topics/${t.id}/preview`}
          previewUrl={p.previewUrl}
          returnTo={`/staff/resources/topics/${t.id}`}
          revisions={p.revisions}
        />
      ) : null}
    </Layout>
  );
}
