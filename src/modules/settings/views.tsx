// The settings page: the association's profile, its logo, the settings that run it (brand colour,
// remittance details, the default advisor, the email signature) and its W-9. Each part is its own
// form; one error summary at the top links to the field that failed, whichever form it is in.
import type { Association } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { US_TIME_ZONES } from '../../lib/us-states.js';
import { Checkbox, DangerLink, ErrorSummary, Field, FileField, PostForm, RadioGroup, Select, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { MarkdownField, RenderedMarkdown, renderMarkdown } from '../publishing/index.js';
import { LOGO_MAX_PIXELS } from './files.js';

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const TERM_MODELS = [
  { value: 'anniversary', label: 'A year from the day each membership starts (anniversary)' },
  { value: 'calendar', label: 'The association’s membership year, starting on the 1st of the month below' },
];

export const LABELS: Record<string, string> = {
  name: 'Name',
  short_name: 'Short name',
  contact_email: 'Contact email',
  phone: 'Phone',
  address: 'Postal address',
  time_zone: 'Time zone',
  website: 'Website',
  founded_year: 'Year founded',
  term_model: 'Membership terms run for',
  membership_year_start_month: 'Membership year starts in',
  logo: 'Logo',
  brand_colour: 'Brand color',
  remit_check_payee: 'Make checks payable to',
  remit_check_address: 'Mail checks to',
  remit_ach_bank: 'Bank name',
  remit_ach_routing: 'Routing number',
  remit_ach_account: 'Account number',
  w9_attach_to_invoices: 'Attach the W-9 to invoice emails',
  default_advisor_user_id: 'Default advisor',
  email_signature: 'Email signature',
  membership_terms: 'Membership terms',
  w9: 'W-9 form',
};

export const profileValues = (a: Association): Record<string, string> => ({
  name: a.name,
  short_name: a.short_name,
  contact_email: a.contact_email,
  phone: a.phone,
  address: a.address,
  website: a.website,
  founded_year: String(a.founded_year),
  term_model: a.term_model,
  membership_year_start_month: String(a.membership_year_start_month),
  time_zone: a.time_zone,
});

export const operationsValues = (a: Association): Record<string, string> => ({
  brand_colour: a.brand_colour ?? '',
  remit_check_payee: a.remit_check_payee,
  remit_check_address: a.remit_check_address,
  remit_ach_bank: a.remit_ach_bank,
  remit_ach_routing: a.remit_ach_routing,
  remit_ach_account: a.remit_ach_account,
  w9_attach_to_invoices: a.w9_attach_to_invoices ? 'yes' : '',
  default_advisor_user_id: a.default_advisor_user_id ?? '',
  email_signature: a.email_signature,
  membership_terms: a.membership_terms,
});

/** The membership year in words, as the page and the public profile say it. */
export function membershipYearText(a: Pick<Association, 'term_model' | 'membership_year_start_month'>): string {
  if (a.term_model === 'anniversary') return 'Each membership runs for a year from the day it starts.';
  const start = MONTHS[a.membership_year_start_month - 1] ?? 'January';
  const end = MONTHS[(a.membership_year_start_month + 10) % 12] ?? 'December';
  return `Memberships run with the membership year, from 1 ${start} to the end of ${end}.`;
}

export interface SettingsPageProps {
  ctx: PageContext;
  association: Association;
  /** whether a saved profile exists (a fresh deployment has none until the first save) */
  saved: boolean;
  advisors: Array<{ userId: string; name: string; email: string }>;
  logo: { filename: string; size: number } | null;
  w9: { filename: string; size: number } | null;
  profile?: Record<string, string>;
  operations?: Record<string, string>;
  errors?: FieldErrors;
}

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;

export function SettingsPage(p: SettingsPageProps) {
  const v = p.profile ?? profileValues(p.association);
  const o = p.operations ?? operationsValues(p.association);
  const e = p.errors ?? {};
  const a = p.association;
  return (
    <Layout ctx={p.ctx} title="Association settings">
      <h1>Association settings</h1>
      <p>These details appear on every page, on invoices and in email. Changes are recorded in the audit log.</p>
      <ErrorSummary errors={p.errors} labels={LABELS} />

      <h2 id="profile">Profile and membership year</h2>
      <PostForm action="/staff/settings" csrf={p.ctx.csrf} label="Profile and membership year">
        <Field name="name" label={LABELS.name ?? ''} required value={v.name} error={e.name} />
        <Field name="short_name" label={LABELS.short_name ?? ''} required value={v.short_name} error={e.short_name} hint="Used in the authenticator app and short labels." />
        <Field name="contact_email" label={LABELS.contact_email ?? ''} type="email" required value={v.contact_email} error={e.contact_email} />
        <Field name="phone" label={LABELS.phone ?? ''} type="tel" value={v.phone} error={e.phone} />
        <TextArea name="address" label={LABELS.address ?? ''} value={v.address} error={e.address} rows={3} />
        <Field name="website" label={LABELS.website ?? ''} type="url" value={v.website} error={e.website} />
        <Field name="founded_year" label={LABELS.founded_year ?? ''} inputMode="numeric" required value={v.founded_year} error={e.founded_year} />
        <p>{membershipYearText(a)} New and renewed terms follow this; terms already running keep their dates.</p>
        <RadioGroup name="term_model" legend={LABELS.term_model ?? ''} options={TERM_MODELS} value={v.term_model} error={e.term_model} />
        <Select
          name="membership_year_start_month"
          label={LABELS.membership_year_start_month ?? ''}
          required
          value={v.membership_year_start_month}
          error={e.membership_year_start_month}
          options={MONTHS.map((m, i) => ({ value: String(i + 1), label: m }))}
          hint="Used when terms run with the membership year."
        />
        <Select
          name="time_zone"
          label={LABELS.time_zone ?? ''}
          required
          value={v.time_zone}
          error={e.time_zone}
          options={US_TIME_ZONES.map(([value, label]) => ({ value, label }))}
          hint="Times on staff pages, in emails and on invoices are shown in this zone, with its name. “Today” is its day (due dates, deadlines), and the daily work runs at its hours there (renewals at 06:00)."
        />
        <button type="submit">Save settings</button>
      </PostForm>

      {p.saved ? (
        <>
          <h2 id="logo-title">Logo</h2>
          {p.logo ? (
            <>
              <p>
                <img class="logo-preview" src={`/association/logo?v=${a.logo_file_id ?? ''}`} alt={`Current logo of ${a.name}`} />
              </p>
              <p>
                {p.logo.filename}, {kb(p.logo.size)}. It is shown in the header of every page and on invoice PDFs.
              </p>
            </>
          ) : (
            <p>There is no logo yet: pages and invoices show the association’s name only.</p>
          )}
          <PostForm action="/staff/settings/logo" csrf={p.ctx.csrf} enctype="multipart/form-data" label="Upload a logo">
            <FileField
              name="logo"
              label={p.logo ? 'Replace the logo' : 'Logo'}
              hint={`A PNG or JPEG image of 1 MB or less, at most ${LOGO_MAX_PIXELS} pixels a side. SVG files are not accepted.`}
              accept="image/png,image/jpeg"
              error={e.logo}
            />
            <button type="submit">Upload logo</button>
          </PostForm>
          {p.logo ? (
            <p>
              <DangerLink href="/staff/settings/logo/remove">Remove logo</DangerLink>
            </p>
          ) : null}

          <h2 id="running">Color, payments, advising and email</h2>
          <PostForm action="/staff/settings/operations" csrf={p.ctx.csrf} label="Color, payments, advising and email">
            <fieldset class="group">
              <legend>Brand color</legend>
              <Field
                name="brand_colour"
                label={LABELS.brand_colour ?? ''}
                value={o.brand_colour}
                error={e.brand_colour}
                maxLength={7}
                hint="A hex code like #0b5394, used for the header and links. It must be dark enough for text on white (a contrast of at least 4.5:1). Leave it empty for the default colors."
              />
            </fieldset>
            <fieldset class="group">
              <legend>Paying by check</legend>
              <p class="hint">Printed on every invoice and its PDF. Left empty, the association’s name and postal address are used.</p>
              <Field name="remit_check_payee" label={LABELS.remit_check_payee ?? ''} value={o.remit_check_payee} error={e.remit_check_payee} maxLength={200} />
              <TextArea name="remit_check_address" label={LABELS.remit_check_address ?? ''} value={o.remit_check_address} error={e.remit_check_address} rows={3} />
            </fieldset>
            <fieldset class="group">
              <legend>Paying by ACH transfer</legend>
              <p class="hint">
                Printed on every invoice: its PDF and its page, which only those with the link sent to the invoice’s organization can open; never on the site’s open pages (dues,
                join, network). Leave all three empty to ask members to contact you for bank details.
              </p>
              <Field name="remit_ach_bank" label={LABELS.remit_ach_bank ?? ''} value={o.remit_ach_bank} error={e.remit_ach_bank} maxLength={200} />
              <Field name="remit_ach_routing" label={LABELS.remit_ach_routing ?? ''} inputMode="numeric" value={o.remit_ach_routing} error={e.remit_ach_routing} hint="9 digits." />
              <Field
                name="remit_ach_account"
                label={LABELS.remit_ach_account ?? ''}
                inputMode="numeric"
                value={o.remit_ach_account}
                error={e.remit_ach_account}
                hint="4 to 17 digits."
              />
            </fieldset>
            <fieldset class="group">
              <legend>W-9 with invoices</legend>
              <Checkbox
                name="w9_attach_to_invoices"
                label={LABELS.w9_attach_to_invoices ?? ''}
                checked={o.w9_attach_to_invoices === 'yes'}
                error={e.w9_attach_to_invoices}
                hint="When a W-9 is uploaded below. Contacts of an organization can always download it from their invoices."
              />
            </fieldset>
            <fieldset class="group">
              <legend>Advising</legend>
              <Select
                name="default_advisor_user_id"
                label={LABELS.default_advisor_user_id ?? ''}
                value={o.default_advisor_user_id}
                error={e.default_advisor_user_id}
                includeBlank="No default advisor"
                options={p.advisors.map((x) => ({ value: x.userId, label: `${x.name} (${x.email})` }))}
                hint="Assigned to a new member organization when no advisor covers its state; membership staff are then emailed to find it a regional advisor."
              />
            </fieldset>
            <fieldset class="group">
              <legend>Email</legend>
              <TextArea
                name="email_signature"
                label={LABELS.email_signature ?? ''}
                value={o.email_signature}
                error={e.email_signature}
                rows={4}
                hint="Ends every email the association sends, as plain text (at most 12 lines). Left empty, emails end with the association’s name."
              />
            </fieldset>
            <fieldset class="group">
              <legend>Membership terms</legend>
              <p>
                Public at <a href="/membership-terms">/membership-terms</a>: the application form links to them and asks applicants to agree to them. Left empty, that page says to
                ask the association for them.
              </p>
              <MarkdownField name="membership_terms" label={LABELS.membership_terms ?? ''} value={o.membership_terms} error={e.membership_terms} />
            </fieldset>
            <button type="submit">Save these settings</button>
          </PostForm>

          <h2 id="w9-title">W-9 form</h2>
          {p.w9 ? (
            <SummaryList
              rows={[
                ['Current file', p.w9.filename],
                ['Size', kb(p.w9.size)],
                [
                  'Download',
                  <a key="dl" href="/staff/settings/w9">
                    Download the W-9
                  </a>,
                ],
              ]}
            />
          ) : (
            <p>There is no W-9 yet. Once uploaded, contacts of member organizations can download it from their invoices.</p>
          )}
          <PostForm action="/staff/settings/w9" csrf={p.ctx.csrf} enctype="multipart/form-data" label="Upload a W-9">
            <FileField name="w9" label={p.w9 ? 'Replace the W-9' : 'W-9 form'} hint="The signed form as a PDF of 5 MB or less." accept=".pdf,application/pdf" error={e.w9} />
            <button type="submit">Upload W-9</button>
          </PostForm>
          {p.w9 ? (
            <p>
              <DangerLink href="/staff/settings/w9/remove">Remove W-9</DangerLink>
            </p>
          ) : null}
        </>
      ) : (
        <p>Save the profile first; then you can add a logo, remittance details, a W-9 and the other settings.</p>
      )}
    </Layout>
  );
}

/** The membership terms, public: what applicants agree to. */
export function MembershipTermsPage(p: { ctx: PageContext; association: Pick<Association, 'name' | 'contact_email' | 'membership_terms'> }) {
  const a = p.association;
  return (
    <Layout ctx={p.ctx} title="Membership terms">
      <h1>Membership terms</h1>
      {a.membership_terms ? (
        <RenderedMarkdown html={renderMarkdown(a.membership_terms)} />
      ) : (
        <p>
          The membership terms of {a.name} are not online yet. Ask for a copy at {a.contact_email ? <a href={`mailto:${a.contact_email}`}>{a.contact_email}</a> : 'the association'}{' '}
          before you apply.
        </p>
      )}
      <p>
        <a href="/join">Joining {a.name}</a>
      </p>
    </Layout>
  );
}
