// Staff pages of commitments (communications and partnerships staff): the list, a new commitment,
// and one commitment with its form and every signature, withdrawn ones included.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatTime } from '../../lib/format.js';
import { stateName } from '../../lib/us-states.js';
import { Checkbox, ErrorSummary, Field, PostForm, RadioGroup, SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { MarkdownField } from '../publishing/index.js';
import type { StaffCommitment, StaffCommitmentRow } from './queries.js';
import { COMMITMENT_SIGNERS, SIGNER_LABELS } from './shared.js';

const LABELS = { title: 'Title', slug: 'Web address', body: 'Text', launchedOn: 'Launch date', signers: 'Who may sign', open: 'Open for signatures' };

export function StaffCommitmentsPage(p: { ctx: PageContext; rows: StaffCommitmentRow[] }) {
  return (
    <Layout ctx={p.ctx} title="Commitments">
      <h1>Commitments</h1>
      <p>
        Commitments are public from their launch date at <a href="/commitments">/commitments</a>. Governments sign them through an organization administrator or an elected
        official.
      </p>
      <p>
        <a href="/staff/commitments/new">Publish a commitment</a>
      </p>
      <SimpleTable
        caption="Commitments"
        rowKey={(r) => r.id}
        rows={p.rows}
        empty="No commitments yet."
        columns={[
          { label: 'Title', cell: (r) => <a href={`/staff/commitments/${r.id}`}>{r.title}</a> },
          { label: 'Launch date', cell: (r) => formatDay(r.launched_on) },
          { label: 'Who may sign', cell: (r) => SIGNER_LABELS[r.signers] },
          { label: 'Open', cell: (r) => (r.open ? 'Open' : 'Closed') },
          { label: 'Signatories', cell: (r) => r.signatories.toLocaleString('en-US') },
        ]}
      />
    </Layout>
  );
}

function CommitmentFields(p: { values: Record<string, string>; errors: FieldErrors }) {
  const v = p.values;
  const e = p.errors;
  return (
    <>
      <Field name="title" label={LABELS.title} value={v.title} error={e.title} required maxLength={200} />
      <Field name="slug" label={LABELS.slug} value={v.slug} error={e.slug} required maxLength={100} hint="Lowercase letters, digits and hyphens: /commitments/<this>." />
      <MarkdownField name="body" label={LABELS.body} value={v.body} error={e.body} />
      <Field name="launchedOn" type="date" label={LABELS.launchedOn} value={v.launchedOn} error={e.launchedOn} required hint="The commitment is public from this day." />
      <RadioGroup name="signers" legend={LABELS.signers} options={COMMITMENT_SIGNERS.map((s) => ({ value: s, label: SIGNER_LABELS[s] }))} value={v.signers} error={e.signers} />
      <Checkbox name="open" label={LABELS.open} checked={v.open === 'yes'} error={e.open} />
    </>
  );
}

export function NewCommitmentPage(p: { ctx: PageContext; values?: Record<string, string>; errors?: FieldErrors }) {
  return (
    <Layout ctx={p.ctx} title="Publish a commitment">
      <h1>Publish a commitment</h1>
      <ErrorSummary errors={p.errors} labels={LABELS} />
      <PostForm action="/staff/commitments/new" csrf={p.ctx.csrf} label="Commitment">
        <CommitmentFields values={p.values ?? { open: 'yes', signers: 'governments' }} errors={p.errors ?? {}} />
        <button type="submit">Publish the commitment</button>
      </PostForm>
      <p>
        <a href="/staff/commitments">Back to the commitments</a>
      </p>
    </Layout>
  );
}

export function StaffCommitmentPage(p: { ctx: PageContext; c: StaffCommitment; values?: Record<string, string>; errors?: FieldErrors }) {
  const c = p.c;
  const values = p.values ?? { title: c.title, slug: c.slug, body: c.body, launchedOn: c.launched_on, signers: c.signers, open: c.open ? 'yes' : '' };
  const standing = c.signatures.filter((s) => !s.withdrawn_at).length;
  return (
    <Layout ctx={p.ctx} title={c.title}>
      <h1>{c.title}</h1>
      <p>
        {standing.toLocaleString('en-US')} standing {standing === 1 ? 'signature' : 'signatures'}. Public page: <a href={`/commitments/${c.slug}`}>/commitments/{c.slug}</a> (from{' '}
        {formatDay(c.launched_on)}).
      </p>
      <h2>Signatures</h2>
      <SimpleTable
        caption="Every signature, withdrawn ones included"
        rowKey={(s) => s.id}
        rows={c.signatures}
        empty="No government has signed yet."
        columns={[
          { label: 'Government', cell: (s) => s.organization },
          { label: 'State', cell: (s) => stateName(s.state) },
          { label: 'Signer', cell: (s) => `${s.signer_name}, ${s.signer_title}` },
          { label: 'Signed', cell: (s) => `${formatTime(s.signed_at, p.ctx.timeZone)}${s.signed_by_name ? ` by ${s.signed_by_name}` : ''}` },
          {
            label: 'Withdrawn',
            cell: (s) =>
              s.withdrawn_at ? (
                `${formatTime(s.withdrawn_at, p.ctx.timeZone)}${s.withdrawn_by_name ? ` by ${s.withdrawn_by_name}` : ''}: ${s.withdrawal_reason ?? ''}`
              ) : (
                <PostForm action={`/staff/commitments/${c.id}/signatures/${s.id}/withdraw`} csrf={p.ctx.csrf} label={`Withdraw ${s.organization}’s signature`}>
                  <label for={`f-reason-${s.id}`}>Reason</label>
                  <input id={`f-reason-${s.id}`} name="reason" type="text" required maxLength={2000} />
                  <button type="submit">Withdraw</button>
                </PostForm>
              ),
          },
        ]}
      />
      <h2>Change the commitment</h2>
      <ErrorSummary errors={p.errors} labels={LABELS} />
      <PostForm action={`/staff/commitments/${c.id}`} csrf={p.ctx.csrf} label="Commitment">
        <CommitmentFields values={values} errors={p.errors ?? {}} />
        <button type="submit">Save the commitment</button>
      </PostForm>
      <p>
        <a href="/staff/commitments">Back to the commitments</a>
      </p>
    </Layout>
  );
}
