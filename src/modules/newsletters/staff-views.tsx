// Communications staff's pages: lists, campaigns and the sending rate; a campaign's editor with
// its segment, preview, test, scheduling and report; the suppression list.
import { ENTITY_TYPES } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime, formatZonedDay } from '../../lib/format.js';
import { Checkbox, ErrorSummary, Field, FieldError, PostForm, RadioGroup, Select, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ENTITY_TYPE_PLURALS, POPULATION_BANDS } from '../organizations/index.js';
import { MarkdownField, RenderedMarkdown } from '../publishing/index.js';
import type { CampaignReport, CampaignRow, ListRow } from './queries.js';
import { AUDIENCE_LABELS, CAMPAIGN_STATE_LABELS } from './shared.js';

type ListWithCount = ListRow & { subscribers: number };
interface CampaignLine {
  id: string;
  subject: string;
  state: keyof typeof CAMPAIGN_STATE_LABELS;
  send_at: Date | null;
  finished_at: Date | null;
  list_name: string;
}

/** When the campaign went, or goes: "Sent" (when sending started) for one sent at once; "Scheduled
 * for" while it waits for its time, and beside "Sent" once a scheduled one went. Sent at once, its
 * send_at is the moment sending started; scheduled, sending starts after it. */
function whenRows(c: CampaignRow, zone: string): Array<readonly [string, string]> {
  const time = (d: Date) => formatTime(d, zone);
  if (c.state === 'draft') return [['Scheduled for', 'Not scheduled']];
  if (c.state === 'scheduled') return [['Scheduled for', c.send_at ? time(c.send_at) : 'Not scheduled']];
  const started = c.started_at ?? c.send_at;
  const wasScheduled = c.send_at && started && c.send_at.getTime() !== started.getTime();
  const schedule = wasScheduled && c.send_at ? [['Scheduled for', time(c.send_at)] as const] : [];
  if (c.state === 'sending') return [...schedule, ['Sending since', started ? time(started) : '—']];
  return [...schedule, ['Sent', started ? time(started) : '—']];
}

export function NewslettersStaffPage(p: {
  ctx: PageContext;
  lists: ListWithCount[];
  campaigns: CampaignLine[];
  settings: { rate_per_minute: number; batch_size: number };
  values: Record<string, string>;
  errors?: FieldErrors;
}) {
  return (
    <Layout ctx={p.ctx} title="Newsletters">
      <h1>Newsletters</h1>
      <p>
        <a href="/staff/newsletters/campaigns/new">Write a campaign</a> · <a href="/staff/newsletters/suppressions">Suppression list</a> ·{' '}
        <a href="/newsletters/archive">Public archive</a>
      </p>
      <SimpleTable
        caption="Campaigns"
        rows={p.campaigns}
        rowKey={(c) => c.id}
        empty="No campaign yet."
        columns={[
          { label: 'Subject', cell: (c) => <a href={`/staff/newsletters/campaigns/${c.id}`}>{c.subject}</a> },
          { label: 'List', cell: (c) => c.list_name },
          { label: 'State', cell: (c) => CAMPAIGN_STATE_LABELS[c.state] },
          { label: 'Sent or scheduled', cell: (c) => formatZonedDay(c.finished_at ?? c.send_at, p.ctx.timeZone) },
        ]}
      />
      <SimpleTable
        caption="Lists"
        rows={p.lists}
        rowKey={(l) => l.id}
        empty="No list yet."
        columns={[
          { label: 'List', cell: (l) => <a href={`/staff/newsletters/lists/${l.id}/subscribers`}>{l.name}</a> },
          { label: 'Who may subscribe', cell: (l) => AUDIENCE_LABELS[l.audience] },
          { label: 'Confirmed subscribers', cell: (l) => l.subscribers.toLocaleString('en-US') },
        ]}
      />
      <h2>New list</h2>
      <ErrorSummary
        errors={p.errors}
        labels={{
          name: 'Name',
          slug: 'Web address',
          description: 'Description',
          audience: 'Who may subscribe',
          ratePerMinute: 'Messages per minute',
          batchSize: 'Messages per batch',
        }}
      />
      <PostForm action="/staff/newsletters/lists" csrf={p.ctx.csrf} label="New list">
        <Field name="name" label="Name" value={p.values.name} error={p.errors?.name} required />
        <Field name="slug" label="Web address" hint="Lowercase words joined by hyphens, like policy-updates." value={p.values.slug} error={p.errors?.slug} required />
        <TextArea name="description" label="Description" value={p.values.description} error={p.errors?.description} rows={3} />
        <RadioGroup
          name="audience"
          legend="Who may subscribe"
          options={Object.entries(AUDIENCE_LABELS).map(([value, label]) => ({ value, label }))}
          value={p.values.audience}
          error={p.errors?.audience}
        />
        <button type="submit">Add the list</button>
      </PostForm>
      <h2>Sending rate</h2>
      <p>
        A campaign goes out in batches: each batch hands its messages to the mail server at once, and the next waits so that no more than the messages per minute go out. Every
        campaign uses these numbers, including one already sending.
      </p>
      <PostForm action="/staff/newsletters/settings" csrf={p.ctx.csrf} label="Sending rate">
        <Field
          name="ratePerMinute"
          label="Messages per minute"
          hint="Lower it if your mail provider limits how many messages you may send a minute."
          type="number"
          value={p.values.ratePerMinute ?? String(p.settings.rate_per_minute)}
          error={p.errors?.ratePerMinute}
          required
        />
        <Field
          name="batchSize"
          label="Messages per batch"
          hint="How many messages are handed over at once."
          type="number"
          value={p.values.batchSize ?? String(p.settings.batch_size)}
          error={p.errors?.batchSize}
          required
        />
        <button type="submit">Save the rate</button>
      </PostForm>
    </Layout>
  );
}

export function CampaignPage(p: {
  ctx: PageContext;
  campaign?: CampaignRow;
  lists: ListRow[];
  levels: Array<{ id: string; name: string }>;
  pathways: Array<{ id: string; name: string }>;
  /** events with attendees, newest first */
  events: Array<{ id: string; title: string; startsAt: Date }>;
  values: Record<string, string>;
  errors?: FieldErrors;
  preview?: string;
  reach?: number;
  report?: CampaignReport;
}) {
  const c = p.campaign;
  const editable = !c || c.state === 'draft' || c.state === 'scheduled';
  const title = c ? c.subject : 'New campaign';
  const v = p.values;
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <p>
        <a href="/staff/newsletters">All newsletters</a>
      </p>
      {c ? (
        <SummaryList
          rows={[
            ['State', CAMPAIGN_STATE_LABELS[c.state]],
            ...whenRows(c, p.ctx.timeZone),
            ...(p.reach !== undefined ? [['Addresses it would reach now', p.reach.toLocaleString('en-US')] as const] : []),
          ]}
        />
      ) : null}
      {p.report ? (
        <section aria-labelledby="report">
          <h2 id="report">Report</h2>
          <SummaryList
            rows={[
              ['Queued', p.report.queued.toLocaleString('en-US')],
              ['Sent', p.report.sent.toLocaleString('en-US')],
              ['Failed', p.report.failed.toLocaleString('en-US')],
              ['Waiting to send', p.report.waiting.toLocaleString('en-US')],
              ['Unsubscribed from it', p.report.unsubscribed.toLocaleString('en-US')],
            ]}
          />
        </section>
      ) : null}
      {editable ? (
        <>
          <ErrorSummary errors={p.errors} labels={{ listId: 'List', subject: 'Subject', body: 'Newsletter', states: 'States', send_at: 'Send at', when: 'When' }} />
          <PostForm action={c ? `/staff/newsletters/campaigns/${c.id}` : '/staff/newsletters/campaigns'} csrf={p.ctx.csrf} label="Campaign">
            <Select
              name="listId"
              label="List"
              required
              value={v.listId}
              error={p.errors?.listId}
              options={p.lists.map((l) => ({ value: l.id, label: `${l.name}: ${AUDIENCE_LABELS[l.audience].toLowerCase()}` }))}
            />
            <Field name="subject" label="Subject" value={v.subject} error={p.errors?.subject} required />
            <MarkdownField name="body" label="Newsletter" value={v.body} error={p.errors?.body} />
            <fieldset>
              <legend>Segment (optional: only subscribers who are members matching every choice)</legend>
              <fieldset>
                <legend>Organization type</legend>
                {ENTITY_TYPES.map((t) => (
                  <Checkbox name={`type_${t}`} label={ENTITY_TYPE_PLURALS[t]} checked={v[`type_${t}`] === 'yes'} />
                ))}
              </fieldset>
              <Field name="states" label="States" hint="Two-letter codes separated by commas, like WA, OR. Empty for every state." value={v.states} error={p.errors?.states} />
              <fieldset>
                <legend>Population</legend>
                {POPULATION_BANDS.map((b) => (
                  <Checkbox name={`band_${b.key}`} label={b.label} checked={v[`band_${b.key}`] === 'yes'} />
                ))}
              </fieldset>
              <fieldset>
                <legend>Individual membership level</legend>
                {p.levels.map((l) => (
                  <Checkbox name={`level_${l.id}`} label={l.name} checked={v[`level_${l.id}`] === 'yes'} />
                ))}
              </fieldset>
              <fieldset>
                <legend>Pathway</legend>
                {p.pathways.map((w) => (
                  <Checkbox name={`pathway_${w.id}`} label={w.name} checked={v[`pathway_${w.id}`] === 'yes'} />
                ))}
              </fieldset>
              {p.events.length ? (
                <fieldset>
                  <legend>Attended (checked in at any of these events)</legend>
                  {p.events.map((e) => (
                    <Checkbox name={`event_${e.id}`} label={`${e.title} (${formatZonedDay(e.startsAt, p.ctx.timeZone)})`} checked={v[`event_${e.id}`] === 'yes'} />
                  ))}
                </fieldset>
              ) : null}
            </fieldset>
            <button type="submit">Save the draft</button>
          </PostForm>
        </>
      ) : null}
      {c && p.preview !== undefined ? (
        <section aria-labelledby="preview">
          <h2 id="preview">Preview</h2>
          <RenderedMarkdown html={p.preview} class="newsletter-preview" />
        </section>
      ) : null}
      {c && editable ? (
        <>
          <h2>Send</h2>
          <PostForm action={`/staff/newsletters/campaigns/${c.id}/test`} csrf={p.ctx.csrf} label="Send a test">
            <p>A test goes to your own address ({p.ctx.principal?.email}), marked [Test].</p>
            <button type="submit">Send me a test</button>
          </PostForm>
          <PostForm action={`/staff/newsletters/campaigns/${c.id}/release`} csrf={p.ctx.csrf} label="Send or schedule">
            <RadioGroup
              name="when"
              legend="When"
              options={[
                { value: 'now', label: 'Send now' },
                { value: 'later', label: 'Schedule for the time below' },
              ]}
              value={v.when ?? 'now'}
              error={p.errors?.when}
            />
            <div class={p.errors?.send_at ? 'field field-error' : 'field'}>
              <label for="f-send_at">Send at (the association’s time zone)</label>
              <FieldError id="f-send_at-error" error={p.errors?.send_at} />
              <input
                id="f-send_at"
                name="send_at"
                type="datetime-local"
                value={v.send_at ?? ''}
                aria-invalid={p.errors?.send_at ? 'true' : undefined}
                aria-describedby={p.errors?.send_at ? 'f-send_at-error' : undefined}
              />
            </div>
            <Checkbox
              name="confirm"
              label={
                p.reach !== undefined
                  ? `I have checked the preview: send it to the ${p.reach.toLocaleString('en-US')} ${p.reach === 1 ? 'address' : 'addresses'} it would reach (counted again when it is sent)`
                  : 'I have checked the preview: send it to the addresses it reaches when it is sent'
              }
              error={p.errors?.confirm}
            />
            <button type="submit">Send or schedule</button>
          </PostForm>
          {c.state === 'scheduled' ? (
            <PostForm action={`/staff/newsletters/campaigns/${c.id}/unschedule`} csrf={p.ctx.csrf} label="Back to draft">
              <button type="submit">Back to draft</button>
            </PostForm>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}

export function SuppressionsPage(p: {
  ctx: PageContext;
  rows: Array<{ email: string; reason: string; detail: string; created_at: Date }>;
  values: Record<string, string>;
  errors?: FieldErrors;
}) {
  return (
    <Layout ctx={p.ctx} title="Suppression list">
      <h1>Suppression list</h1>
      <p>No newsletter goes to these addresses: they stopped every newsletter, bounced (the receiving server refused them) or complained. Membership emails are not affected.</p>
      <SimpleTable
        caption="Suppressed addresses (latest 200)"
        rows={p.rows}
        rowKey={(r) => r.email}
        empty="No address is suppressed."
        columns={[
          { label: 'Address', cell: (r) => r.email },
          { label: 'Reason', cell: (r) => r.reason },
          { label: 'Detail', cell: (r) => r.detail },
          { label: 'Since', cell: (r) => formatZonedDay(r.created_at, p.ctx.timeZone) },
        ]}
      />
      <h2>Add an address</h2>
      <ErrorSummary errors={p.errors} labels={{ email: 'Email address', reason: 'Reason', detail: 'Detail' }} />
      <PostForm action="/staff/newsletters/suppressions" csrf={p.ctx.csrf} label="Add an address">
        <Field name="email" label="Email address" type="email" value={p.values.email} error={p.errors?.email} required />
        <RadioGroup
          name="reason"
          legend="Reason"
          options={[
            { value: 'complained', label: 'A complaint (marked as spam)' },
            { value: 'bounced', label: 'A bounce' },
          ]}
          value={p.values.reason}
          error={p.errors?.reason}
        />
        <Field name="detail" label="Detail" value={p.values.detail} error={p.errors?.detail} />
        <button type="submit">Suppress the address</button>
      </PostForm>
      <p>
        <a href="/staff/newsletters">All newsletters</a>
      </p>
    </Layout>
  );
}
