// Public pages of ethics cases: the complaint form, "check your email", the confirmation page, the
// complainant's status page (the stage only), their list of complaints, and the published
// censures. Nothing here shows what a complaint says once it is sent.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatZonedDay } from '../../lib/format.js';
import { Checkbox, ErrorSummary, Field, FieldError, FileField, Honeypot, PostForm, SimpleTable, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { ComplaintStage } from './cases-common.js';
import { CASE_FILE_ACCEPT, CASE_FILE_TEXT } from './cases-files.js';
import type { Censure } from './cases-queries.js';

export const COMPLAINT_LABELS: Record<string, string> = {
  name: 'Your name',
  email: 'Your email',
  respondentName: 'Name of the member concerned',
  respondentOrganization: 'Their organization',
  respondentPosition: 'Their position',
  tenets: 'Tenets at issue',
  facts: 'The facts',
  attachments: 'Attachments',
};

export function ComplaintFormPage(p: {
  ctx: PageContext;
  tenets: Array<{ number: number; title: string }>;
  verified: boolean;
  values?: Record<string, string>;
  errors?: FieldErrors;
  message?: string;
}) {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title="File an ethics complaint">
      <h1>File an ethics complaint</h1>
      <p class="lead">
        Anyone may complain that a member has broken the Code of Ethics. Complaints and cases are confidential: only ethics staff and the committee members assigned to a case read
        them.
      </p>
      <p>
        What happens next: ethics staff review the complaint, and may open a case, in which the member concerned responds in writing. You will be told the stage of your complaint —
        received, under review or closed — and nothing more.
      </p>
      <ErrorSummary errors={p.errors} labels={COMPLAINT_LABELS} message={p.message} />
      <PostForm action="/ethics/complaints/new" csrf={p.ctx.csrf} enctype="multipart/form-data" label="Ethics complaint">
        {p.ctx.principal && p.verified ? (
          <p>
            You are filing as {p.ctx.principal.name} ({p.ctx.principal.email}).
          </p>
        ) : (
          <>
            <h2>About you</h2>
            <p>We email you a link to confirm the complaint: it is held until you follow it.</p>
            <Field name="name" label={COMPLAINT_LABELS.name ?? ''} required autocomplete="name" maxLength={200} value={v.name} error={e.name} />
            <Field name="email" label={COMPLAINT_LABELS.email ?? ''} type="email" required autocomplete="email" maxLength={254} value={v.email} error={e.email} />
          </>
        )}
        <h2>The member concerned</h2>
        <Field name="respondentName" label={COMPLAINT_LABELS.respondentName ?? ''} required maxLength={200} value={v.respondentName} error={e.respondentName} />
        <Field
          name="respondentOrganization"
          label={COMPLAINT_LABELS.respondentOrganization ?? ''}
          maxLength={200}
          value={v.respondentOrganization}
          error={e.respondentOrganization}
          hint="The local government or body they work for, as you know it."
        />
        <Field name="respondentPosition" label={COMPLAINT_LABELS.respondentPosition ?? ''} maxLength={200} value={v.respondentPosition} error={e.respondentPosition} />
        <h2>The complaint</h2>
        {p.tenets.length === 0 ? (
          <p id="f-tenets">The Code of Ethics has not been published here yet, so there are no tenets to choose: describe the conduct in the facts.</p>
        ) : (
          <fieldset class={e.tenets ? 'field field-error' : 'field'} aria-describedby={e.tenets ? 'f-tenets-error' : undefined} id="f-tenets">
            <legend>{COMPLAINT_LABELS.tenets}</legend>
            <FieldError id="f-tenets-error" error={e.tenets} />
            {p.tenets.map((t) => (
              <Checkbox key={t.number} name={`tenet-${t.number}`} label={`Tenet ${t.number}: ${t.title}`} checked={v[`tenet-${t.number}`] === 'yes'} />
            ))}
          </fieldset>
        )}
        <TextArea
          name="facts"
          label={COMPLAINT_LABELS.facts ?? ''}
          required
          rows={8}
          maxLength={20000}
          value={v.facts}
          error={e.facts}
          hint="What happened, when and where, and who else knows of it."
        />
        <FileField name="attachments" label={COMPLAINT_LABELS.attachments ?? ''} optional multiple hint={`${CASE_FILE_TEXT}.`} accept={CASE_FILE_ACCEPT} error={e.attachments} />
        <Honeypot />
        <button type="submit">Send the complaint</button>
      </PostForm>
    </Layout>
  );
}

export function CheckEmailPage(p: { ctx: PageContext; email: string; hours: number }) {
  return (
    <Layout ctx={p.ctx} title="Check your email">
      <h1>Check your email</h1>
      <p class="lead">
        We sent a link to {p.email}. Your complaint is held until you follow it, within {p.hours} hours; after that it is deleted.
      </p>
    </Layout>
  );
}

export function ConfirmPage(p: { ctx: PageContext; token: string; valid: boolean }) {
  return (
    <Layout ctx={p.ctx} title="Confirm your complaint">
      <h1>Confirm your complaint</h1>
      {p.valid ? (
        <>
          <p class="lead">Confirm that you sent this ethics complaint. Ethics staff then receive it, and we email you a private link to follow its stage.</p>
          <PostForm action="/ethics/complaints/confirm" csrf={p.ctx.csrf} label="Confirm the complaint">
            <input type="hidden" name="token" value={p.token} />
            <button type="submit">Confirm and send the complaint</button>
          </PostForm>
        </>
      ) : (
        <p class="lead">This link has expired or has already been used. If you still want to complain, please file the complaint again.</p>
      )}
    </Layout>
  );
}

const STAGE_TEXT: Record<ComplaintStage, string> = {
  received: 'Received: ethics staff will review it.',
  'under review': 'Under review under the rules of procedure.',
  closed: 'Closed.',
};

export function StatusPage(p: { ctx: PageContext; reference: string; stage: ComplaintStage }) {
  return (
    <Layout ctx={p.ctx} title={`Complaint ${p.reference}`}>
      <h1>Complaint {p.reference}</h1>
      <p class="lead">
        Stage: <strong>{p.stage}</strong>. {STAGE_TEXT[p.stage]}
      </p>
      <p>The proceedings are confidential: this page shows the stage of your complaint and nothing more. Keep its address private.</p>
    </Layout>
  );
}

export function MyComplaintsPage(p: { ctx: PageContext; complaints: Array<{ reference: string; filedAt: Date; stage: ComplaintStage }> }) {
  return (
    <Layout ctx={p.ctx} title="Your ethics complaints">
      <h1>Your ethics complaints</h1>
      <SimpleTable
        caption="Complaints you filed"
        rows={p.complaints}
        rowKey={(c) => c.reference}
        empty="You have not filed a complaint."
        columns={[
          { label: 'Complaint', cell: (c) => c.reference },
          { label: 'Filed', cell: (c) => formatZonedDay(c.filedAt, p.ctx.timeZone) },
          { label: 'Stage', cell: (c) => c.stage },
        ]}
      />
      <p>
        <a href="/ethics/complaints/new">File a complaint</a>
      </p>
    </Layout>
  );
}

export function CensuresPage(p: { ctx: PageContext; censures: Censure[] }) {
  return (
    <Layout ctx={p.ctx} title="Public censures">
      <h1>Public censures and expulsions</h1>
      <p class="lead">
        Members publicly censured or expelled under the Code of Ethics, as the rules of procedure allow. A decision is listed once it takes effect: after its appeal window, or once
        an appeal upheld it.
      </p>
      <SimpleTable
        caption="Public censures and expulsions in effect"
        rows={p.censures}
        rowKey={(c) => `${c.name}-${c.effectiveOn}`}
        empty="There are no public censures or expulsions."
        columns={[
          { label: 'Member', cell: (c) => c.name },
          { label: 'Position', cell: (c) => c.position || '—' },
          { label: 'Organization', cell: (c) => c.organization || '—' },
          { label: 'Tenets', cell: (c) => c.tenets.join('; ') || '—' },
          { label: 'Outcome', cell: (c) => (c.outcome === 'expulsion' ? 'Expulsion and bar' : 'Public censure') },
          { label: 'Date', cell: (c) => formatDay(c.effectiveOn) },
        ]}
      />
    </Layout>
  );
}
