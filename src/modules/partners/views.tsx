// Public pages of partners: the list of current partners, the inquiry form, and the steps of an
// inquiry (check your email, confirm, thank you).
import type { FieldErrors } from '../../lib/errors.js';
import { STATE_CODES, stateName } from '../../lib/us-states.js';
import { ErrorSummary, Field, Honeypot, PostForm, RadioGroup, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { InquiryLink } from './inquiry.js';
import type { PublicPartner } from './queries.js';
import { KIND_HINTS, KIND_LABELS, KINDS, regionOf } from './shared.js';

export const stateOptions = () => STATE_CODES.map((c) => ({ value: c, label: stateName(c) }));
const kindOptions = () => KINDS.map((k) => ({ value: k, label: `${KIND_LABELS[k]}: ${KIND_HINTS[k]}` }));

const PLURAL: Record<string, string> = { alliance: 'Strategic alliances', partnership: 'Partnerships', branch: 'Branches', chapter: 'Chapters' };

export function PartnersPage(p: { ctx: PageContext; partners: PublicPartner[] }) {
  return (
    <Layout ctx={p.ctx} title="Our partners">
      <h1>Our partners</h1>
      <p>
        We work with other organizations through strategic alliances (broad, ongoing collaboration), partnerships (short-term projects, often grant-funded), branches (offices run
        by staff) and chapters (groups of local-government professionals in an area). Chapters and branches also appear on the <a href="/network">network map</a>.
      </p>
      {p.partners.length === 0 ? <p>No partners are listed yet.</p> : null}
      {KINDS.map((k) => {
        const rows = p.partners.filter((x) => x.kind === k);
        if (rows.length === 0) return null;
        return (
          <section key={k} aria-labelledby={`kind-${k}`}>
            <h2 id={`kind-${k}`}>{PLURAL[k]}</h2>
            <ul class="partner-list">
              {rows.map((r) => (
                <li key={`${r.kind}-${r.name}`}>
                  {r.website ? <a href={r.website}>{r.name}</a> : r.name}
                  {regionOf(r) ? <span>, {regionOf(r)}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <h2>Work with us</h2>
      <p>
        Interested in an organizational relationship? <a href="/partners/inquire">Tell us about your organization</a> to begin the process.
      </p>
      <p>
        Companies can also <a href="/partners/sponsorship">sponsor the annual conference or become year-round partners</a>; see <a href="/partners/sponsors">our sponsors</a>.
      </p>
    </Layout>
  );
}

const LABELS = { organization: 'Organization', kind: 'Kind of relationship', purpose: 'What you hope to do together', contactName: 'Your name', email: 'Your email address' };

export function InquirePage(p: { ctx: PageContext; values?: Record<string, string>; errors?: FieldErrors }) {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title="Inquire about a relationship">
      <h1>Inquire about a relationship</h1>
      <p>
        Tell us who you are and what you have in mind. We email you a link to confirm your address; once you confirm, our partnerships staff receive your inquiry and write to you
        with their decision.
      </p>
      <ErrorSummary errors={p.errors} labels={LABELS} />
      <PostForm action="/partners/inquire" csrf={p.ctx.csrf} label="Inquiry">
        <Field name="organization" label={LABELS.organization} value={v.organization} error={e.organization} required maxLength={200} autocomplete="organization" />
        <RadioGroup name="kind" legend={LABELS.kind} options={kindOptions()} value={v.kind} error={e.kind} />
        <TextArea
          name="purpose"
          label={LABELS.purpose}
          value={v.purpose}
          error={e.purpose}
          required
          maxLength={4000}
          hint="A few sentences: the project, the area, who would take part."
        />
        <Field name="contactName" label={LABELS.contactName} value={v.contactName} error={e.contactName} required maxLength={200} autocomplete="name" />
        <Field
          name="email"
          type="email"
          label={LABELS.email}
          value={v.email}
          error={e.email}
          required
          maxLength={254}
          autocomplete="email"
          hint="We send a link to this address to confirm it."
        />
        <Honeypot />
        <button type="submit">Send the inquiry</button>
      </PostForm>
    </Layout>
  );
}

export function CheckEmailPage(p: { ctx: PageContext; email: string }) {
  return (
    <Layout ctx={p.ctx} title="Check your email">
      <h1>Check your email</h1>
      <p>
        We sent a link to {p.email}. Open it within 24 hours and press the button to send your inquiry. If nothing arrives in a few minutes, look in your spam folder, or{' '}
        <a href="/partners/inquire">fill in the form again</a>.
      </p>
    </Layout>
  );
}

const LINK_TITLES: Record<InquiryLink['state'], string> = {
  waiting: 'Confirm your inquiry',
  sent: 'Your inquiry is sent already',
  expired: 'This link has expired',
  unknown: 'This link does not work',
};

/** The page of a confirmation link: its button while the inquiry waits; otherwise what became of
 * it (sent already: nothing to do; expired or unknown: how to get a new link). */
export function ConfirmInquiryPage(p: { ctx: PageContext; token: string; link: InquiryLink }) {
  const l = p.link;
  const again = <a href="/partners/inquire">Fill in the form again</a>;
  return (
    <Layout ctx={p.ctx} title={LINK_TITLES[l.state]}>
      <h1>{LINK_TITLES[l.state]}</h1>
      {l.state === 'waiting' ? (
        <>
          <p>Press the button to send the inquiry for {l.organization} to our partnerships staff. You will get an acknowledgment by email.</p>
          <PostForm action="/partners/inquire/confirm" csrf={p.ctx.csrf} label="Confirm the inquiry">
            <input type="hidden" name="token" value={p.token} />
            <button type="submit">Send the inquiry</button>
          </PostForm>
        </>
      ) : l.state === 'sent' ? (
        <>
          <p>
            This link has been used: the inquiry for {l.organization} is with our partnerships staff, and we emailed you an acknowledgment. There is nothing more to do; we will
            write to you with our decision, usually within two weeks.
          </p>
          <p>
            <a href="/partners">See our partners</a>
          </p>
        </>
      ) : l.state === 'expired' ? (
        <p>
          It is more than 24 hours old, so the inquiry for {l.organization} was not sent. {again} to get a new link.
        </p>
      ) : (
        <p>
          It may have been cut short when it was copied: open it again from the email. If that does not work, <a href="/partners/inquire">fill in the form again</a> to get a new
          link.
        </p>
      )}
    </Layout>
  );
}

export function InquirySentPage(p: { ctx: PageContext }) {
  return (
    <Layout ctx={p.ctx} title="Thank you for your inquiry">
      <h1>Thank you for your inquiry</h1>
      <p>Our partnerships staff have your inquiry. We emailed you an acknowledgment, and we will write to you with our decision, usually within two weeks.</p>
      <p>
        <a href="/partners">See our partners</a>
      </p>
    </Layout>
  );
}
