// Pages of applications: the application form, what happens after submitting, and the staff review.
import type { Application, DuplicateFlag } from '../../db/types.js';
import { ENTITY_TYPES } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { stateName, US_STATES } from '../../lib/us-states.js';
import { BackLink, Checkbox, ErrorSummary, Field, Honeypot, PostForm, RadioGroup, Select, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ENTITY_TYPE_CHOICES } from '../organizations/index.js';
import { LABELS } from './schemas.js';
import { describeQuote } from './service.js';

const STATE_OPTIONS = US_STATES.map(([code, name]) => ({ value: code, label: name }));
const ENTITY_OPTIONS = ENTITY_TYPES.map((t) => ({ value: t, label: ENTITY_TYPE_CHOICES[t] }));
export const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Submitted — in review',
  more_info_requested: 'More information needed',
  approved: 'Approved',
  declined: 'Declined',
};

export function applicationValues(a: Application): Record<string, string> {
  return {
    applicant_email: a.applicant_email,
    entity_type: a.entity_type ?? '',
    legal_name: a.legal_name,
    state: a.state ?? '',
    population: a.population === null ? '' : a.population.toLocaleString('en-US'),
    population_source: a.population_source,
    population_year: a.population_year === null ? '' : String(a.population_year),
    place_source: a.place_source ?? '',
    latitude: a.latitude === null ? '' : String(a.latitude),
    longitude: a.longitude === null ? '' : String(a.longitude),
    website: a.website,
    staff_name: a.staff_name,
    staff_email: a.staff_email,
    staff_title: a.staff_title,
    staff_phone: a.staff_phone,
    elected_name: a.elected_name,
    elected_email: a.elected_email,
    elected_title: a.elected_title,
    billing_name: a.billing_name,
    billing_email: a.billing_email,
    billing_address: a.billing_address,
    po_required: a.po_required ? 'yes' : 'no',
    po_number: a.po_number,
    listed: a.listed ? 'yes' : 'no',
    agree_terms: a.agreed_terms_at ? 'yes' : '',
  };
}

export function ApplyPage(p: { ctx: PageContext; values: Record<string, string>; errors?: FieldErrors; draft?: string; infoRequest?: string | null; message?: string }) {
  const v = p.values;
  const e = p.errors ?? {};
  const L = (k: string) => LABELS[k] ?? k;
  return (
    <Layout ctx={p.ctx} title="Apply for membership" scripts={['place-lookup.js']}>
      <h1>Apply for membership</h1>
      <p class="lead">For cities, counties, towns, regions and Tribal nations. It takes about ten minutes. You can save a draft and come back to it: we email you a link.</p>
      <p>
        Not sure what it costs? <a href="/dues">Calculate your dues</a>. What happens after you apply: membership staff review the application (usually within five working days),
        the billing contact gets the invoice, membership begins when it is paid, and then you book a first meeting with your dedicated advisor on your organization’s page.
      </p>
      {p.infoRequest ? (
        <div class="warning" role="note">
          <h2>Membership staff asked for more information</h2>
          <p>{p.infoRequest}</p>
        </div>
      ) : null}
      <ErrorSummary errors={p.errors} labels={LABELS} message={p.message} />
      <PostForm action="/apply" csrf={p.ctx.csrf} label="Membership application">
        {p.draft ? <input type="hidden" name="draft" value={p.draft} /> : null}
        <input type="hidden" name="place_source" value={v.place_source ?? ''} />
        <input type="hidden" name="latitude" value={v.latitude ?? ''} />
        <input type="hidden" name="longitude" value={v.longitude ?? ''} />
        <fieldset class="group">
          <legend>About you</legend>
          <Field
            name="applicant_email"
            label={L('applicant_email')}
            type="email"
            autocomplete="email"
            required
            value={v.applicant_email}
            error={e.applicant_email}
            hint="We send the link to your draft and our answer here."
          />
        </fieldset>
        <fieldset class="group">
          <legend>Your government</legend>
          <RadioGroup name="entity_type" legend={L('entity_type')} options={ENTITY_OPTIONS} value={v.entity_type} error={e.entity_type} />
          <div class="place-lookup">
            <Field
              name="legal_name"
              label={L('legal_name')}
              required
              value={v.legal_name}
              error={e.legal_name}
              hint="As it appears on official documents, like “City of Boulder”. Start typing to pick your place and fill in the state and population."
              dataPlaceLookup
            />
          </div>
          <Select name="state" label={L('state')} required options={STATE_OPTIONS} includeBlank="Choose a state or territory" value={v.state} error={e.state} />
          <Field
            name="population"
            label={L('population')}
            inputMode="numeric"
            required
            value={v.population}
            error={e.population}
            hint="A whole number, like 31,685. Dues follow population: use the latest official figure."
          />
          <Field
            name="population_source"
            label={L('population_source')}
            required
            value={v.population_source}
            error={e.population_source}
            hint="For example “2020 Census” or “State demographer”."
          />
          <Field name="population_year" label={L('population_year')} inputMode="numeric" required value={v.population_year} error={e.population_year} />
          <Field name="website" label={L('website')} type="url" value={v.website} error={e.website} />
        </fieldset>
        <fieldset class="group">
          <legend>Primary staff contact</legend>
          <p class="hint">This person manages the membership: they become the organization’s administrator.</p>
          <Field name="staff_name" label={L('staff_name')} required autocomplete="name" value={v.staff_name} error={e.staff_name} />
          <Field name="staff_email" label={L('staff_email')} type="email" required value={v.staff_email} error={e.staff_email} />
          <Field name="staff_title" label={L('staff_title')} value={v.staff_title} error={e.staff_title} />
          <Field name="staff_phone" label={L('staff_phone')} type="tel" value={v.staff_phone} error={e.staff_phone} />
        </fieldset>
        <fieldset class="group">
          <legend>Elected official</legend>
          <Field name="elected_name" label={L('elected_name')} required value={v.elected_name} error={e.elected_name} />
          <Field name="elected_email" label={L('elected_email')} type="email" required value={v.elected_email} error={e.elected_email} />
          <Field name="elected_title" label={L('elected_title')} value={v.elected_title} error={e.elected_title} hint="For example Mayor, Council member, County commissioner." />
        </fieldset>
        <fieldset class="group">
          <legend>Billing</legend>
          <Field name="billing_name" label={L('billing_name')} required value={v.billing_name} error={e.billing_name} />
          <Field name="billing_email" label={L('billing_email')} type="email" required value={v.billing_email} error={e.billing_email} />
          <TextArea name="billing_address" label={L('billing_address')} required rows={3} value={v.billing_address} error={e.billing_address} />
          <RadioGroup
            name="po_required"
            legend={L('po_required')}
            options={[
              { value: 'no', label: 'No' },
              { value: 'yes', label: 'Yes' },
            ]}
            value={v.po_required || 'no'}
            error={e.po_required}
          />
          <Field
            name="po_number"
            label={L('po_number')}
            value={v.po_number}
            error={e.po_number}
            hint="Only if your answer above is yes. You can add it later if you do not have it yet."
          />
        </fieldset>
        <fieldset class="group">
          <legend>Public listing</legend>
          <p>
            Members are shown on the <a href="/network">network map and member list</a> by name, kind of government, state and population band. Either way your government is
            counted in the network’s totals, and an administrator of your organization can change this at any time on its profile.
          </p>
          <RadioGroup
            name="listed"
            legend={L('listed')}
            options={[
              { value: 'yes', label: 'Yes, list it by name once it is a member' },
              { value: 'no', label: 'No, count it without showing its name' },
            ]}
            value={v.listed || 'yes'}
            error={e.listed}
          />
        </fieldset>
        <fieldset class="group">
          <legend>Membership terms</legend>
          <p>
            Members pay annual dues set by population, take part in the network in good faith, and may end their membership at the end of any term. Read the{' '}
            <a href="/membership-terms">full membership terms</a> before you agree to them.
          </p>
          <Checkbox name="agree_terms" label="I agree to the membership terms on behalf of the government" checked={v.agree_terms === 'yes'} error={e.agree_terms} />
        </fieldset>
        <Honeypot />
        <div class="button-row">
          <button type="submit" name="action" value="submit">
            Submit application
          </button>
          <button type="submit" name="action" value="save" class="button-secondary">
            Save draft
          </button>
        </div>
      </PostForm>
    </Layout>
  );
}

export function SubmittedPage(p: { ctx: PageContext; application: Application; justSubmitted: boolean; contactEmail: string }) {
  const a = p.application;
  const title = p.justSubmitted ? 'Application received' : `Application of ${a.legal_name}`;
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <SummaryList
        rows={[
          [
            'Government',
            <>
              {a.legal_name}
              {a.state ? `, ${stateName(a.state)}` : ''}
            </>,
          ],
          ['Status', STATUS_LABELS[a.status]],
          ['Quoted annual dues', describeQuote(a)],
          ['Dues schedule', a.quote_schedule_effective_from ? `in force from ${formatDay(a.quote_schedule_effective_from)}` : null],
        ]}
      />
      {a.status === 'declined' && a.decision_reason ? <p>Reason given: {a.decision_reason}</p> : null}
      <SentDetails application={a} contactEmail={p.contactEmail} />
      <h2>What happens next</h2>
      {a.status === 'approved' ? (
        // decided: the review is behind it (the page said it was still ahead)
        <>
          <p>Membership staff approved the application. The invoice went to your billing contact ({a.billing_email}).</p>
          <ol>
            <li>Membership becomes active when the invoice is paid.</li>
            <li>We email your organization’s contacts the name of your dedicated advisor, and they book a first meeting with them on the organization’s page.</li>
          </ol>
          <p>
            Your organization’s contacts were invited by email. Once you have accepted, <a href="/org">your organization’s page</a> shows the membership, its invoices and its
            contacts.
          </p>
        </>
      ) : a.status === 'declined' ? (
        <p>Nothing more: the application was declined. If you think it should be looked at again, reply to the email that told you, or contact membership staff.</p>
      ) : (
        <ol>
          <li class={a.status === 'submitted' ? 'current' : undefined}>
            Membership staff review your application, usually within five working days. We email you when they decide.
          </li>
          <li>When it is approved, the invoice goes to your billing contact ({a.billing_email}).</li>
          <li>Membership becomes active when the invoice is paid.</li>
          <li>We email your organization’s contacts the name of your dedicated advisor, and they book a first meeting with them on the organization’s page.</li>
        </ol>
      )}
      <BackLink href="/">Back to the home page</BackLink>
    </Layout>
  );
}

/** What the applicant sent, to read again (a typo in an address is found here, not when an
 * invitation goes astray); changes go through membership staff once it is sent. */
function SentDetails(p: { application: Application; contactEmail: string }) {
  const a = p.application;
  const person = (name: string, email: string, title = '') => (name ? `${name}${title ? `, ${title}` : ''} <${email}>` : '—');
  return (
    <details>
      <summary>What you sent</summary>
      <SummaryList
        rows={[
          ['Kind of government', a.entity_type ? ENTITY_TYPE_CHOICES[a.entity_type] : '—'],
          ['Population', populationText(a)],
          ['Website', a.website || '—'],
          ['Staff contact', person(a.staff_name, a.staff_email, a.staff_title)],
          ['Elected official', person(a.elected_name, a.elected_email, a.elected_title)],
          ['Billing contact', person(a.billing_name, a.billing_email)],
          ['Billing address', a.billing_address || '—'],
          ['Purchase order', purchaseOrderText(a)],
          ['Public listing', listingText(a)],
        ]}
      />
      <p>
        Spotted a mistake? Write to membership staff at <a href={`mailto:${p.contactEmail}`}>{p.contactEmail}</a>, and they correct it
        {a.status === 'submitted' ? ' before they decide' : ''}.
      </p>
    </details>
  );
}

/** An application's answers in words, as the applicant's page and staff's review show them. */
export const populationText = (a: Pick<Application, 'population' | 'population_source' | 'population_year'>): string =>
  a.population === null ? '—' : `${a.population.toLocaleString('en-US')} (${a.population_source || 'no source'}, ${a.population_year ?? 'no year'})`;
export const purchaseOrderText = (a: Pick<Application, 'po_required' | 'po_number'>): string => (a.po_required ? `Required: ${a.po_number || 'number to follow'}` : 'Not required');
export const listingText = (a: Pick<Application, 'listed'>): string => (a.listed ? 'Listed by name on the network map once a member' : 'Counted, not shown by name');

export function duplicateText(d: DuplicateFlag): string {
  const what = d.kind === 'organization' ? 'existing member organization' : 'another open application';
  const why = d.reason === 'email_domain' ? 'same staff email domain' : 'similar name in the same state';
  return `${d.name} (${stateName(d.state)}) — ${what}, ${why}`;
}

export function dollars(cents: number | null): string {
  return cents === null ? 'Contact us' : formatCents(cents);
}
