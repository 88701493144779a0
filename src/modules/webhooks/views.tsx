// Staff admins' webhook pages: the endpoints, a new one (its secret shown once), one endpoint with
// its settings and delivery log, and one delivery with its attempts and the resend button.

import { randomUUID } from 'node:crypto';
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { BackLink, ErrorSummary, Field, FieldError, PostForm, SimpleTable, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { EVENT_LABELS, EVENT_TYPES, eventTypeWords } from './events.js';
import type { DeliveryDetail, DeliveryRow, EndpointRow } from './queries.js';

const STATUS_WORDS = { pending: 'Retrying', succeeded: 'Delivered', failed: 'Failed' } as const;
const LABELS = { url: 'Address (URL)', description: 'Description', events: 'Events' };

export function EndpointsPage(p: { ctx: PageContext; rows: EndpointRow[] }) {
  return (
    <Layout ctx={p.ctx} title="Webhooks">
      <h1>Webhooks</h1>
      <p>
        Civnet tells other systems (accounting, email tools) when something happens, by a signed HTTPS request (Standard Webhooks) to the address you give.{' '}
        <a href="/staff/webhooks/new">Add an endpoint</a>.
      </p>
      <SimpleTable
        caption="Endpoints"
        rows={p.rows}
        rowKey={(r) => r.id}
        empty="No endpoint yet."
        columns={[
          { label: 'Address', cell: (r) => <a href={`/staff/webhooks/${r.id}`}>{r.url}</a> },
          { label: 'Description', cell: (r) => r.description || '—' },
          {
            label: 'Events',
            cell: (r) => (
              <ul>
                {r.event_types.map((t) => (
                  <li key={t}>{eventTypeWords(t)}</li>
                ))}
              </ul>
            ),
          },
          { label: 'State', cell: (r) => (r.enabled ? 'On' : 'Off') },
          { label: 'Retrying', cell: (r) => String(r.pending) },
          { label: 'Failed', cell: (r) => String(r.failed) },
        ]}
      />
    </Layout>
  );
}

function EventChoices(p: { chosen: readonly string[]; error?: string }) {
  return (
    <fieldset class={p.error ? 'field field-error checkboxes' : 'field checkboxes'} aria-describedby={p.error ? 'f-events-error' : undefined}>
      <legend>{LABELS.events}</legend>
      <FieldError id="f-events-error" error={p.error} />
      {EVENT_TYPES.map((t, i) => (
        <div class="checkbox" key={t}>
          <input id={i === 0 ? 'f-events' : `f-events-${i}`} name="events" type="checkbox" value={t} checked={p.chosen.includes(t)} />
          <label for={i === 0 ? 'f-events' : `f-events-${i}`}>
            {EVENT_LABELS[t]} (<code>{t}</code>)
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function EndpointFields(p: { values: Record<string, string>; chosen: readonly string[]; errors: FieldErrors }) {
  return (
    <>
      <Field
        name="url"
        label={LABELS.url}
        type="url"
        value={p.values.url}
        error={p.errors.url}
        required
        maxLength={2000}
        hint="An https:// address of the receiving system, like https://hooks.example.org/civnet. Addresses inside private networks are refused."
      />
      <Field name="description" label={LABELS.description} value={p.values.description} error={p.errors.description} maxLength={300} />
      <EventChoices chosen={p.chosen} error={p.errors.events} />
    </>
  );
}

export function NewEndpointPage(p: { ctx: PageContext; values?: Record<string, string>; chosen?: readonly string[]; errors?: FieldErrors }) {
  const errors = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title="Add a webhook endpoint">
      <BackLink href="/staff/webhooks">Webhooks</BackLink>
      <h1>Add a webhook endpoint</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <PostForm action="/staff/webhooks/new" csrf={p.ctx.csrf} label="New endpoint">
        <input type="hidden" name="formKey" value={p.values?.formKey || randomUUID()} />
        <EndpointFields values={p.values ?? {}} chosen={p.chosen ?? []} errors={errors} />
        <button type="submit">Add the endpoint</button>
      </PostForm>
    </Layout>
  );
}

export function EndpointPage(p: {
  ctx: PageContext;
  endpoint: EndpointRow;
  deliveries: DeliveryRow[];
  /** just created or rotated: the signing secret, shown this once */
  secret?: string;
  /** the secret was just rotated (the previous one signs too for 24 hours) */
  rotated?: boolean;
  /** the same form was posted again (a refresh): nothing new was created or rotated */
  replayed?: 'created' | 'rotated';
  now: Date;
  values?: Record<string, string>;
  chosen?: readonly string[];
  errors?: FieldErrors;
}) {
  const e = p.endpoint;
  const errors = p.errors ?? {};
  const zone = p.ctx.timeZone;
  return (
    <Layout ctx={p.ctx} title={`Webhook endpoint ${e.url}`}>
      <BackLink href="/staff/webhooks">Webhooks</BackLink>
      <h1>Webhook endpoint</h1>
      {p.replayed ? (
        <p class="notice" role="status" id="form-replayed">
          {p.replayed === 'created'
            ? 'You sent this form already: the endpoint was added then, and nothing new was added now. Its signing secret was shown once, when it was added. If you did not copy it, rotate the secret below to get a new one.'
            : 'You sent this form already: the secret was rotated then, and it was not rotated again now. The new secret was shown once, when it was made. If you did not copy it, rotate the secret again below.'}
        </p>
      ) : null}
      {p.secret ? (
        <section class="notice" aria-labelledby="secret-title">
          <h2 id="secret-title">{p.rotated ? 'Its new signing secret' : 'Its signing secret'}</h2>
          <p>Copy it into the receiving system now: it is shown this once. The receiver checks each request's webhook-signature header with it.</p>
          {p.rotated && e.previous_secret_until ? (
            <p>
              Until {formatTime(e.previous_secret_until, zone)}, each request is also signed with the previous secret (a second signature in the same header), so the receiving
              system keeps working while you change it.
            </p>
          ) : null}
          <p>
            <code id="webhook-secret">{p.secret}</code>
          </p>
        </section>
      ) : null}
      <SummaryList
        rows={[
          ['Address', e.url],
          ['Description', e.description || '—'],
          ['State', e.enabled ? 'On' : `Off since ${e.disabled_at ? formatTime(e.disabled_at, zone) : '—'}. ${e.disabled_reason}`],
          ['Failing since', e.failing_since ? formatTime(e.failing_since, zone) : null],
          [
            'Signing secret',
            e.secret_rotated_at
              ? `Rotated ${formatTime(e.secret_rotated_at, zone)}${e.previous_secret_until && e.previous_secret_until > p.now ? `; the previous one also signs until ${formatTime(e.previous_secret_until, zone)}` : ''}.`
              : 'The one shown when the endpoint was added.',
          ],
          ['Deliveries retrying', String(e.pending)],
          ['Deliveries failed (retries ran out; test events not counted)', String(e.failed)],
        ]}
      />
      <PostForm action={`/staff/webhooks/${e.id}/${e.enabled ? 'disable' : 'enable'}`} csrf={p.ctx.csrf} label={e.enabled ? 'Turn off' : 'Turn on'}>
        <button type="submit" class="button-secondary">
          {e.enabled ? 'Turn off' : 'Turn on (and resume retries)'}
        </button>
      </PostForm>

      <h2>Test it</h2>
      <PostForm action={`/staff/webhooks/${e.id}/test`} csrf={p.ctx.csrf} label="Send a test event">
        <p>
          Sends a signed <code>webhook.test</code> event to this address now, once, and shows the answer in the delivery log. It changes nothing in Civnet.
        </p>
        <button type="submit" class="button-secondary">
          Send a test event
        </button>
      </PostForm>

      <h2>Delivery log</h2>
      <SimpleTable
        caption="The latest 100 deliveries, newest first"
        rows={p.deliveries}
        rowKey={(d) => d.id}
        empty="Nothing was sent to this endpoint yet."
        columns={[
          { label: 'Event', cell: (d) => <a href={`/staff/webhooks/${e.id}/deliveries/${d.id}`}>{eventTypeWords(d.event_type)}</a> },
          { label: 'Message id', cell: (d) => <code>{d.message_id}</code> },
          { label: 'Created', cell: (d) => formatTime(d.created_at, zone) },
          { label: 'Status', cell: (d) => (d.status === 'pending' ? `${STATUS_WORDS.pending} (next ${formatTime(d.next_attempt_at, zone)})` : STATUS_WORDS[d.status]) },
          { label: 'Attempts', cell: (d) => String(d.attempts) },
          { label: 'Last response', cell: (d) => (d.last_status_code ?? d.last_error) || '—' },
        ]}
      />

      <h2>Change the endpoint</h2>
      <ErrorSummary errors={errors} labels={LABELS} />
      <PostForm action={`/staff/webhooks/${e.id}`} csrf={p.ctx.csrf} label="Change the endpoint">
        <EndpointFields values={p.values ?? { url: e.url, description: e.description }} chosen={p.chosen ?? e.event_types} errors={errors} />
        <button type="submit">Save</button>
      </PostForm>

      <h2>Rotate the signing secret</h2>
      <PostForm action={`/staff/webhooks/${e.id}/rotate-secret`} csrf={p.ctx.csrf} label="Rotate the signing secret">
        <input type="hidden" name="formKey" value={randomUUID()} />
        <p>
          Makes a new secret and shows it once. For 24 hours each request is signed with both the new and the current secret, so the receiving system can be changed without missing
          a delivery; then only the new one signs.
        </p>
        <button type="submit" class="button-secondary">
          Rotate the secret
        </button>
      </PostForm>

      <h2>Delete the endpoint</h2>
      <PostForm action={`/staff/webhooks/${e.id}/delete`} csrf={p.ctx.csrf} label="Delete the endpoint">
        <p>Deleting it stops every delivery and forgets its log.</p>
        <button type="submit" class="button-danger">
          Delete the endpoint
        </button>
      </PostForm>
    </Layout>
  );
}

/** Who or what made an attempt: the schedule, or a button and the staff member who pressed it. */
function sentBy(a: DeliveryDetail['attempts'][number]): string {
  if (a.source === 'schedule') return 'Sent automatically (the delivery schedule)';
  const button = a.source === 'test' ? 'The “Send a test event” button' : 'The Resend button';
  return a.sent_by_name ? `${button}, pressed by ${a.sent_by_name}` : `${button} (who pressed it was not recorded)`;
}

export function DeliveryPage(p: { ctx: PageContext; endpoint: EndpointRow; delivery: DeliveryDetail; refused?: string }) {
  const d = p.delivery;
  const zone = p.ctx.timeZone;
  return (
    <Layout ctx={p.ctx} title={`Delivery ${d.message_id}`}>
      <BackLink href={`/staff/webhooks/${p.endpoint.id}`}>Back to the endpoint {p.endpoint.url} and its delivery log</BackLink>
      <h1>Delivery: {eventTypeWords(d.event_type)}</h1>
      <ErrorSummary message={p.refused} />
      <SummaryList
        rows={[
          ['Endpoint', p.endpoint.url],
          ['Event type', <code key="type">{d.event_type}</code>],
          ['Message id (webhook-id)', <code key="id">{d.message_id}</code>],
          ['Status', STATUS_WORDS[d.status]],
          ['Created', formatTime(d.created_at, zone)],
          ['Next attempt', d.status === 'pending' ? formatTime(d.next_attempt_at, zone) : null],
        ]}
      />
      <h2>Payload</h2>
      <pre>{JSON.stringify(d.payload, null, 2)}</pre>
      <SimpleTable
        caption="Attempts"
        rows={d.attempts}
        rowKey={(a) => a.id}
        empty="Not attempted yet."
        columns={[
          { label: 'When', cell: (a) => formatTime(a.attempted_at, zone) },
          { label: 'Response code', cell: (a) => (a.status_code === null ? 'none' : String(a.status_code)) },
          { label: 'Error', cell: (a) => a.error || '—' },
          { label: 'Time taken', cell: (a) => `${a.duration_ms} ms` },
          { label: 'Sent by', cell: sentBy },
        ]}
      />
      <PostForm action={`/staff/webhooks/${p.endpoint.id}/deliveries/${d.id}/resend`} csrf={p.ctx.csrf} label="Resend">
        <p>Resending sends the same message (same webhook-id) once more, now; a receiver that already has it ignores it.</p>
        <button type="submit">Resend</button>
      </PostForm>
    </Layout>
  );
}
