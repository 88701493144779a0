// Eligibility checks on the pages: the panel of /me/membership (what is checked, the proof upload
// form, the files sent so far, the outcome) and membership staff's queue and decision page.
import type { FieldErrors } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { BackLink, DataTable, ErrorSummary, FileField, PostForm, RadioGroup, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { CREDITED_IN_FULL, isCreditedInFull } from '../billing/index.js';
import { QUESTIONS } from './dues.js';
import type { Level } from './levels.js';
import { PROOF_ACCEPT, PROOF_FIELD, PROOF_MAX_FILES, PROOF_TYPES_TEXT, type ProofRow } from './proofs.js';
import type { MembershipView } from './queries.js';
import type { QueueRow, Verification } from './verification.js';

export const VERIFICATION_LABELS: Record<Level['verification'], string> = {
  none: 'None',
  staff_verification: 'Staff verification',
  proof_upload: 'Proof upload',
};

export const ELIGIBILITY_STATUS: Record<MembershipView['verification'], string> = {
  not_needed: 'Not needed',
  awaiting: 'Waiting for membership staff',
  confirmed: 'Confirmed',
  declined: 'Declined (a refund of anything paid is made outside Civnet)',
};

const day = (d: Date | null | undefined, zone: string) => (d ? formatZonedDay(d, zone) : '');

/** On /me/membership: shown while a check is waiting, and after a decline. */
export function VerificationPanel(p: { ctx: PageContext; m: MembershipView; proofs: ProofRow[]; error?: string }) {
  const { m } = p;
  if (m.verification === 'declined')
    return (
      <div class="notice">
        <h2>Eligibility not confirmed</h2>
        <p>Our membership staff could not confirm that you are eligible for the {m.level} level, so this membership did not start.</p>
        {m.verificationNote ? <p class="prewrap">Their reason: {m.verificationNote}</p> : null}
        <p>
          You may <a href="/join/individual">join again at a level that fits you</a>.
        </p>
      </div>
    );
  if (m.verification !== 'awaiting' || m.status !== 'pending') return null;
  const upload = m.levelCheck === 'proof_upload';
  return (
    <section class="notice" aria-labelledby="check-title">
      <h2 id="check-title">We check your eligibility</h2>
      <p>
        The {m.level} level is for people who fit it, and our membership staff confirm that before your membership starts (and before you can use Who’s Who). We will email you when
        they have decided.
      </p>
      {upload ? <p>Please upload: {m.proofInstructions}</p> : <p>You may upload something that shows you fit the level; staff may also write to you.</p>}
      {p.proofs.length > 0 ? (
        <>
          <p>Files you have sent (only our membership staff can open them):</p>
          <ul>
            {p.proofs.map((f) => (
              <li key={f.id}>
                {f.filename}, sent {day(f.uploadedAt, p.ctx.timeZone)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.proofs.length < PROOF_MAX_FILES ? (
        <>
          <ErrorSummary errors={p.error ? { [PROOF_FIELD]: p.error } : undefined} labels={{ [PROOF_FIELD]: 'Proof of eligibility' }} />
          <PostForm action="/me/membership/proof" csrf={p.ctx.csrf} enctype="multipart/form-data" label="Upload proof of eligibility">
            <FileField name={PROOF_FIELD} label="Proof of eligibility" optional={!upload} accept={PROOF_ACCEPT} hint={`Upload ${PROOF_TYPES_TEXT}.`} error={p.error} />
            <button type="submit">Upload proof</button>
          </PostForm>
        </>
      ) : null}
    </section>
  );
}

const CHECK = VERIFICATION_LABELS;
const INVOICE: Record<string, string> = { issued: 'Not paid yet', partially_paid: 'Partly paid', paid: 'Paid', draft: 'Draft' };
/** The first invoice's state in a word; one credited for its whole total reads as billing says it
 * everywhere (its status is `paid`, but nothing may have been paid on it). */
const invoiceText = (status: string | null, total: number | null, credited: number | null) => {
  if (status === null) return 'No invoice';
  if (total === 0) return 'Free';
  if (isCreditedInFull({ status, totalCents: total ?? 0, creditedCents: credited ?? 0 })) return CREDITED_IN_FULL;
  return INVOICE[status] ?? status;
};

export function VerificationQueuePage(p: { ctx: PageContext; rows: QueueRow[]; page: number; hasNext: boolean }) {
  return (
    <Layout ctx={p.ctx} title="Eligibility checks">
      <h1>Eligibility checks</h1>
      <p>
        People who joined at a level that checks eligibility and confirmed their email address, oldest first. Their membership, and with it Who’s Who, starts only when you confirm
        (and their first invoice is paid). Open one to see their proof and decide; the person is emailed either way.
      </p>
      <DataTable
        caption="Memberships waiting for a check"
        basePath="/staff/individuals/verification"
        query={{}}
        page={p.page}
        hasNext={p.hasNext}
        rows={p.rows}
        rowKey={(r) => r.id}
        columns={[
          { key: 'name', label: 'Person', cell: (r) => <a href={`/staff/individuals/verification/${r.id}`}>{r.name}</a> },
          { key: 'email', label: 'Email', cell: (r) => r.email },
          { key: 'level', label: 'Level', cell: (r) => r.level },
          { key: 'check', label: 'Check', cell: (r) => CHECK[r.check] },
          { key: 'joined', label: 'Joined', cell: (r) => day(r.joinedAt, p.ctx.timeZone) },
          { key: 'proofs', label: 'Proof', cell: (r) => (r.proofs === 0 ? 'None yet' : `${r.proofs} file${r.proofs === 1 ? '' : 's'}`) },
          { key: 'invoice', label: 'First invoice', cell: (r) => invoiceText(r.invoiceStatus, r.invoiceTotalCents, r.invoiceCreditedCents) },
        ]}
      />
    </Layout>
  );
}

const DECIDED: Record<string, string> = { confirmed: 'Confirmed', declined: 'Declined', awaiting: 'Waiting for a check' };

export function VerificationPage(p: { ctx: PageContext; v: Verification; proofs: ProofRow[]; values?: Record<string, string>; errors?: FieldErrors; message?: string }) {
  const { v } = p;
  const e = p.errors ?? {};
  const waiting = v.verification === 'awaiting' && v.status === 'pending';
  const answers = v.answers as Record<string, boolean | undefined>;
  return (
    <Layout ctx={p.ctx} title={`Eligibility of ${v.name}`}>
      <BackLink href="/staff/individuals/verification">All eligibility checks</BackLink>
      <h1>Eligibility of {v.name}</h1>
      <SummaryList
        rows={[
          ['Email', v.email],
          ['Level', v.level],
          ['Check', CHECK[v.check]],
          ['Proof asked for', v.check === 'proof_upload' ? v.proofInstructions : null],
          ['Joined', day(v.joinedAt, p.ctx.timeZone)],
          [
            'First invoice',
            v.invoice ? `${v.invoice.number ?? ''} ${invoiceText(v.invoice.status, v.invoice.totalCents, v.invoice.creditedCents)} (${formatCents(v.invoice.totalCents)})` : 'None',
          ],
          ['Status', DECIDED[v.verification] ?? v.verification],
        ]}
      />
      <h2>Their answers when joining</h2>
      <SummaryList rows={QUESTIONS.map((q) => [q.label, answers[q.key] === undefined ? 'Not answered' : answers[q.key] ? 'Yes' : 'No'] as const)} />
      <h2>Proof</h2>
      {p.proofs.length === 0 ? (
        <p>No file uploaded yet.</p>
      ) : (
        <ul>
          {p.proofs.map((f) => (
            <li key={f.id}>
              <a href={`/staff/individuals/verification/${v.id}/proofs/${f.id}`}>{f.filename}</a> ({Math.ceil(f.sizeBytes / 1024).toLocaleString('en-US')} KB, sent{' '}
              {day(f.uploadedAt, p.ctx.timeZone)}
              ), downloads as a file
            </li>
          ))}
        </ul>
      )}
      <ErrorSummary errors={p.errors} message={p.message} labels={{ decision: 'Decision', reason: 'Reason (sent to the person when declining)' }} />
      {waiting ? (
        <>
          <h2>Decide</h2>
          <PostForm action={`/staff/individuals/verification/${v.id}`} csrf={p.ctx.csrf} label="Decide eligibility">
            <RadioGroup
              name="decision"
              legend="Decision"
              value={p.values?.decision}
              error={e.decision}
              options={[
                { value: 'confirm', label: 'Confirm: eligible. The membership starts now if its invoice is paid or free, else when it is paid.' },
                { value: 'decline', label: 'Decline: not eligible. The membership ends; an unpaid invoice is cancelled.' },
              ]}
            />
            <TextArea
              name="reason"
              label="Reason (sent to the person when declining)"
              value={p.values?.reason}
              error={e.reason}
              rows={3}
              maxLength={1000}
              hint="Needed to decline. If they have paid, finance must refund it outside Civnet: the next page says how much."
            />
            <button type="submit">Record the decision</button>
          </PostForm>
        </>
      ) : (
        <p>
          {DECIDED[v.verification] ?? v.verification} on {day(v.decidedAt, p.ctx.timeZone)}
          {v.note ? `: ${v.note}` : '.'}
        </p>
      )}
    </Layout>
  );
}
