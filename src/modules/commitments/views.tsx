// Public pages of commitments: the list, one commitment with its signatories (counted, by state,
// on a small map, filterable by state), and the signing page of a government's authorised person.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { stateName } from '../../lib/us-states.js';
import { ErrorSummary, Field, FieldError, FilterSelect, PostForm, Select, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { renderNetworkMap, stateOptions } from '../network/index.js';
import { RenderedMarkdown } from '../publishing/index.js';
import type { PublicCommitment, Signatory, SigningSeat } from './queries.js';
import { SIGNER_SENTENCES, type SigningStanding, signingRefusal } from './shared.js';

const n = (count: number) => count.toLocaleString('en-US');
const governments = (count: number) => `${n(count)} ${count === 1 ? 'government' : 'governments'}`;

export function CommitmentsPage(p: { ctx: PageContext; commitments: PublicCommitment[] }) {
  return (
    <Layout ctx={p.ctx} title="Commitments">
      <h1>Commitments</h1>
      <p>
        Public commitments that local governments sign to show where they stand. Each page has the text, who may sign, and the governments that have signed, by state and on a map.
        An organization administrator or an elected official signs for their government.
      </p>
      {p.commitments.length === 0 ? <p>No commitments are published yet.</p> : null}
      <ul class="commitment-list">
        {p.commitments.map((c) => (
          <li key={c.slug}>
            <a href={`/commitments/${c.slug}`}>{c.title}</a> — launched {formatDay(c.launched_on)}; {governments(c.signatories)} signed
            {c.open ? '' : ' (closed to new signatures)'}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

interface CommitmentPageProps {
  ctx: PageContext;
  commitment: PublicCommitment;
  html: string;
  signatories: Signatory[];
  /** every state's count (the map), whatever the filter */
  byState: Record<string, number>;
  state?: string;
  stateError?: string;
}

export function CommitmentPage(p: CommitmentPageProps) {
  const c = p.commitment;
  const total = Object.values(p.byState).reduce((a, b) => a + b, 0);
  const inState = p.state ? (p.byState[p.state] ?? 0) : total;
  // signatories of organizations not listed in the directory: counted, never named
  const unnamed = inState - p.signatories.length;
  const grouped = new Map<string, Signatory[]>();
  for (const s of p.signatories) grouped.set(s.state, [...(grouped.get(s.state) ?? []), s]);
  const withCounts = stateOptions()
    .filter((o) => (p.byState[o.value] ?? 0) > 0)
    .map((o) => ({ value: o.value, label: `${o.label} (${n(p.byState[o.value] ?? 0)})` }));
  const points = p.signatories.flatMap((s) =>
    s.latitude !== null && s.longitude !== null ? [{ latitude: s.latitude, longitude: s.longitude, label: `${s.organization}, ${s.state}`, kind: 'member' as const }] : [],
  );
  return (
    <Layout ctx={p.ctx} title={c.title}>
      <h1>{c.title}</h1>
      <SummaryList
        rows={[
          ['Launched', formatDay(c.launched_on)],
          ['Who may sign', SIGNER_SENTENCES[c.signers]],
          ['Signatories', governments(c.signatories)],
          ['Status', c.open ? 'Open for signatures' : 'Closed to new signatures'],
        ]}
      />
      {c.open ? (
        <p>
          <a href={`/commitments/${c.slug}/sign`}>Sign for your government</a>
        </p>
      ) : null}
      <RenderedMarkdown html={p.html} />
      <h2 id="signatories">Signatories</h2>
      <p id="signatory-count">{p.state ? `${governments(inState)} in ${stateName(p.state)} signed (of ${n(total)} in all).` : `${governments(total)} signed.`}</p>
      {unnamed > 0 ? (
        <p id="unlisted-count">
          {unnamed === 1
            ? '1 of them is not named here: it is not listed in our public directory.'
            : `${n(unnamed)} of them are not named here: they are not listed in our public directory.`}
        </p>
      ) : null}
      <figure class="network-map">
        {renderNetworkMap({
          title: `Signatories of ${c.title}`,
          description: `A map of the United States: states are shaded by their number of signatories, and each dot is a signatory with a known location. ${governments(total)} signed.`,
          stateCounts: p.byState,
          points,
          stateHref: (code) => `/commitments/${c.slug}?state=${code}#signatories`,
          selectedState: p.state,
          countWords: ['signatory', 'signatories'],
        })}
        <figcaption>
          <p>Each dot is a signatory; the darker a state, the more of its governments signed. Choose a state on the map or below to list only its signatories.</p>
        </figcaption>
      </figure>
      <form method="get" action={`/commitments/${c.slug}`} class="filters" aria-label="Signatories by state">
        <FilterSelect name="state" label="State" value={p.state} options={withCounts} error={p.stateError} />
        <button type="submit">Show signatories</button>
        {p.state ? <a href={`/commitments/${c.slug}#signatories`}>All states</a> : null}
      </form>
      {inState === 0 ? <p>No government has signed yet{p.state ? ` in ${stateName(p.state)}` : ''}.</p> : null}
      {[...grouped].map(([state, rows]) => (
        <section key={state} aria-labelledby={`state-${state}`}>
          <h3 id={`state-${state}`}>
            {stateName(state)} ({n(rows.length)})
          </h3>
          <ul class="signatory-list">
            {rows.map((s) => (
              <li key={`${s.slug}`}>
                {s.networkUrl ? <a href={s.networkUrl}>{s.organization}</a> : s.organization}: {s.signerName}, {s.signerTitle}{' '}
                <span class="hint">(signed {formatDay(s.signedOn)})</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}

const SIGN_LABELS = { org: 'Government you sign for', signerName: 'Your name', signerTitle: 'Your title', reason: 'Why the signature is withdrawn' };

/** A failed withdrawal: the organization whose form it was, and the message beside its reason. */
export interface FailedWithdrawal {
  org: string;
  reason: string;
  error: string;
}

export function SignPage(p: {
  ctx: PageContext;
  commitment: Pick<PublicCommitment, 'slug' | 'title' | 'signers' | 'open'>;
  seats: SigningSeat[];
  values?: Record<string, string>;
  errors?: FieldErrors;
  withdrawal?: FailedWithdrawal;
}) {
  const c = p.commitment;
  const v = p.values ?? {};
  const e = p.errors ?? {};
  const unsigned = p.seats.filter((s) => !s.signature);
  // only what this person may sign is offered; the other seats say why not (no form that can only fail)
  const signable = unsigned.filter((s) => signingRefusal(c.signers, seatStanding(s)) === null);
  const refused = unsigned.filter((s) => signingRefusal(c.signers, seatStanding(s)) !== null);
  const signed = p.seats.filter((s) => s.signature);
  const first = signable.find((s) => s.organizationId === v.org) ?? signable[0];
  const w = p.withdrawal;
  return (
    <Layout ctx={p.ctx} title={`Sign: ${c.title}`}>
      <h1>Sign the {c.title}</h1>
      <p>{SIGNER_SENTENCES[c.signers]}</p>
      {w ? <ErrorSummary errors={{ [`reason-${w.org}`]: w.error }} labels={{ [`reason-${w.org}`]: SIGN_LABELS.reason }} /> : null}
      {p.seats.length === 0 ? (
        <p>
          You do not act for any government in our network, so you cannot sign for one. An administrator or an elected official of a government signs for it: ask yours to sign.
        </p>
      ) : null}
      {c.open && signable.length > 0 ? (
        <>
          <p>
            Your government’s name and state, and your name and title as you give them here, are shown publicly on the list of signatories (a government not listed in our public
            directory is counted there, but not named).
          </p>
          <ErrorSummary errors={p.errors} labels={SIGN_LABELS} />
          <PostForm action={`/commitments/${c.slug}/sign`} csrf={p.ctx.csrf} label="Signature">
            <Select
              name="org"
              label={SIGN_LABELS.org}
              options={signable.map((s) => ({ value: s.organizationId, label: `${s.organizationName} (${s.elected ? 'elected official' : 'administrator'})` }))}
              value={first?.organizationId}
              error={e.org}
              required
            />
            <Field
              name="signerName"
              label={SIGN_LABELS.signerName}
              value={v.signerName ?? p.ctx.principal?.name}
              error={e.signerName}
              required
              maxLength={200}
              autocomplete="name"
            />
            <Field
              name="signerTitle"
              label={SIGN_LABELS.signerTitle}
              value={v.signerTitle ?? first?.title}
              error={e.signerTitle}
              required
              maxLength={200}
              hint="As it should appear, like Mayor or City Manager."
            />
            <button type="submit">Sign for this government</button>
          </PostForm>
        </>
      ) : null}
      {!c.open ? <p>This commitment is closed to new signatures.</p> : null}
      {c.open && refused.length > 0 ? (
        <ul aria-label="Governments you cannot sign for">
          {refused.map((s) => (
            <li key={s.organizationId}>
              <strong>{s.organizationName}</strong> has not signed. {notSignable(c.signers, s)}
            </li>
          ))}
        </ul>
      ) : null}
      {signed.length > 0 ? (
        <>
          <h2>Signed</h2>
          {signed.map((s) => {
            const sig = s.signature;
            const mayWithdraw = s.admin || s.elected;
            const failed = w?.org === s.organizationId ? w : undefined;
            const id = `f-reason-${s.organizationId}`;
            return (
              <section key={s.organizationId} aria-label={`${s.organizationName}’s signature`}>
                <p>
                  {s.organizationName} signed this commitment on {sig ? formatDay(sig.signedOn) : ''}
                  {sig ? `, by ${sig.signerName}, ${sig.signerTitle}` : ''}.{' '}
                  {mayWithdraw
                    ? 'To withdraw its signature, say why: it leaves the public list, and the withdrawal is recorded.'
                    : 'Only its administrator or one of its elected officials can withdraw the signature.'}
                </p>
                {mayWithdraw ? (
                  <PostForm action={`/commitments/${c.slug}/withdraw`} csrf={p.ctx.csrf} label={`Withdraw ${s.organizationName}’s signature`}>
                    <input type="hidden" name="org" value={s.organizationId} />
                    <div class={failed ? 'field field-error' : 'field'}>
                      <label for={id}>{SIGN_LABELS.reason}</label>
                      <FieldError id={`${id}-error`} error={failed?.error} />
                      <textarea
                        id={id}
                        name="reason"
                        rows={3}
                        required
                        maxLength={2000}
                        aria-invalid={failed ? 'true' : undefined}
                        aria-describedby={failed ? `${id}-error` : undefined}
                      >
                        {failed?.reason ?? ''}
                      </textarea>
                    </div>
                    <button type="submit" class="button-danger">
                      Withdraw {s.organizationName}’s signature
                    </button>
                  </PostForm>
                ) : null}
              </section>
            );
          })}
        </>
      ) : null}
      <p>
        <a href={`/commitments/${c.slug}`}>Back to the commitment</a>
      </p>
    </Layout>
  );
}

const seatStanding = (s: SigningSeat): SigningStanding => ({ name: s.organizationName, status: s.status, admin: s.admin, elected: s.elected });

/** Why this seat cannot sign, in the person's terms: what they are there, and who can. */
function notSignable(signers: PublicCommitment['signers'], s: SigningSeat): string {
  if (!(s.admin || s.elected)) return 'You are one of its contacts; only its administrator or one of its elected officials can sign for it. Ask them to sign.';
  if (signers === 'elected') return `You are its administrator, and elected officials sign this commitment: ask one of ${s.organizationName}’s elected officials to sign it.`;
  return `This commitment is open to member organizations in good standing, and ${s.organizationName} is not a current member.`;
}
