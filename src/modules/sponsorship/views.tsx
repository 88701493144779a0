// Public pages of sponsorship: the packages open to apply, the application form and its steps
// (check your email, confirm, thank you), the year-round sponsors, and the sponsors part of a
// conference's event page.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { formatMoney } from '../../lib/money.js';
import { US_ADDRESS_LABELS } from '../../lib/us-address.js';
import { ErrorSummary, Field, FileField, Honeypot, PostForm, Select, UsAddressFields } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { PublicPackage, PublicSponsor } from './queries.js';
import { TIER_LABELS, TIERS } from './shared.js';

const places = (n: number) => (n === 0 ? 'Sold out' : n === 1 ? '1 place left' : `${n} places left`);

export function SponsorshipPage(p: { ctx: PageContext; packages: PublicPackage[] }) {
  return (
    <Layout ctx={p.ctx} title="Sponsorship">
      <h1>Sponsorship</h1>
      <p>
        Companies support our work by sponsoring the annual conference or as year-round partners. Choose a package below and apply: we email you a link to confirm your address, our
        partnerships staff decide within a week, and once accepted you receive the invoice (with how to pay it) and your logo appears with our{' '}
        <a href="/partners/sponsors">sponsors</a>.
      </p>
      {p.packages.length === 0 ? <p>No sponsorship package is open at the moment. Please come back later.</p> : null}
      {p.packages.map((k) => (
        <section key={k.id} aria-labelledby={`package-${k.id}`} class="sponsorship-package">
          <h2 id={`package-${k.id}`}>{k.name}</h2>
          <p class="lead">
            {k.tierLabel} · {k.priceCents === 0 ? 'Free' : formatMoney(k.priceCents)} · <strong>{places(k.placesLeft)}</strong>
          </p>
          <p>
            {k.event ? (
              <>
                Sponsors <a href={k.event.url}>{k.event.title}</a>.{' '}
              </>
            ) : (
              'A year-round partner package. '
            )}
            Apply by {formatDay(k.deadline)}.
          </p>
          {k.benefits.length ? (
            <ul aria-label={`Benefits of ${k.name}`}>
              {k.benefits.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          ) : null}
          {k.placesLeft > 0 ? (
            <p>
              <a href={`/partners/sponsorship/apply?package=${k.id}`}>
                Apply<span class="visually-hidden"> for {k.name}</span>
              </a>
            </p>
          ) : null}
        </section>
      ))}
    </Layout>
  );
}

const LABELS = {
  packageId: 'Package',
  companyName: 'Company name',
  contactName: 'Your name',
  email: 'Your email address',
  website: 'Company website',
  ...US_ADDRESS_LABELS,
  logo: 'Logo',
};

export function ApplyPage(p: { ctx: PageContext; packages: PublicPackage[]; values?: Record<string, string>; errors?: FieldErrors }) {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  const choices = p.packages.filter((k) => k.placesLeft > 0).map((k) => ({ value: k.id, label: `${k.name} (${k.tierLabel}, ${formatMoney(k.priceCents)})` }));
  return (
    <Layout ctx={p.ctx} title={p.errors ? 'Error: Apply to sponsor' : 'Apply to sponsor'}>
      <h1>Apply to sponsor</h1>
      <p>We email you a link to confirm your address; once you confirm, our partnerships staff receive your application and write to you with their decision.</p>
      <ErrorSummary errors={p.errors} labels={LABELS} />
      {choices.length === 0 ? (
        <p>
          No package has a place left. <a href="/partners/sponsorship">See the packages</a>.
        </p>
      ) : (
        <PostForm action="/partners/sponsorship/apply" csrf={p.ctx.csrf} label="Sponsorship application" enctype="multipart/form-data">
          <Select name="packageId" label={LABELS.packageId} options={choices} value={v.packageId} error={e.packageId} required includeBlank="Choose a package" />
          <Field name="companyName" label={LABELS.companyName} value={v.companyName} error={e.companyName} required maxLength={200} autocomplete="organization" />
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
            hint="We send a link to this address to confirm it, and the invoice if we accept. It is never shown publicly."
          />
          <Field name="website" type="url" label={LABELS.website} value={v.website} error={e.website} maxLength={300} autocomplete="url" hint="Like https://example.com" />
          <UsAddressFields legend="Billing address" hint="Where the invoice is addressed, printed under “Bill to”. It is never shown publicly." values={v} errors={e} />
          <FileField
            name="logo"
            label={LABELS.logo}
            accept=".png,.jpg,.jpeg,image/png,image/jpeg"
            error={e.logo}
            hint={
              p.errors && !e.logo
                ? 'Choose your logo again: a form sent back with a problem cannot keep the file. A PNG or JPEG image of at most 2 MB.'
                : 'A PNG or JPEG image of at most 2 MB; we show it with our sponsors once you are accepted.'
            }
          />
          <Honeypot />
          <button type="submit">Send the application</button>
        </PostForm>
      )}
    </Layout>
  );
}

export function CheckEmailPage(p: { ctx: PageContext; email: string }) {
  return (
    <Layout ctx={p.ctx} title="Check your email">
      <h1>Check your email</h1>
      <p>
        We sent a link to {p.email}. Open it within 24 hours and press the button to send your application. If nothing arrives in a few minutes, look in your spam folder, or{' '}
        <a href="/partners/sponsorship/apply">fill in the form again</a>.
      </p>
    </Layout>
  );
}

export function ConfirmApplicationPage(p: { ctx: PageContext; token: string; found: { company: string; packageName: string } | null }) {
  return (
    <Layout ctx={p.ctx} title={p.found ? 'Confirm your application' : 'This link does not work'}>
      {p.found ? (
        <>
          <h1>Confirm your application</h1>
          <p>
            Press the button to send the application of {p.found.company} for “{p.found.packageName}” to our partnerships staff. You will get an acknowledgment by email.
          </p>
          <PostForm action="/partners/sponsorship/confirm" csrf={p.ctx.csrf} label="Confirm the application">
            <input type="hidden" name="token" value={p.token} />
            <button type="submit">Send the application</button>
          </PostForm>
        </>
      ) : (
        <>
          <h1>This link does not work</h1>
          <p>
            It was used already, or it is more than 24 hours old. If you pressed its button already, your application is with our partnerships staff and there is nothing more to
            do: we will write to you. Otherwise <a href="/partners/sponsorship/apply">fill in the form again</a> to get a new link.
          </p>
        </>
      )}
    </Layout>
  );
}

export function ApplicationSentPage(p: { ctx: PageContext }) {
  return (
    <Layout ctx={p.ctx} title="Thank you for your application">
      <h1>Thank you for your application</h1>
      <p>Our partnerships staff have your application. We emailed you an acknowledgment, and we will write to you with our decision, usually within a week.</p>
      <p>
        <a href="/partners/sponsorship">See the sponsorship packages</a>
      </p>
    </Layout>
  );
}

/** Sponsors grouped by tier, highest first, with their logos (headings at `level`). */
export function SponsorsByTier(p: { sponsors: PublicSponsor[]; level: 2 | 3; idPrefix: string }) {
  const H = p.level === 2 ? 'h2' : 'h3';
  return (
    <>
      {TIERS.map((t) => {
        const rows = p.sponsors.filter((s) => s.tier === t);
        if (rows.length === 0) return null;
        return (
          <section key={t} aria-labelledby={`${p.idPrefix}-${t}`}>
            <H id={`${p.idPrefix}-${t}`}>{TIER_LABELS[t]} sponsors</H>
            <ul class="sponsor-list">
              {rows.map((s) => {
                const logo = <img src={s.logoUrl} alt={`${s.company} logo`} width={s.logoWidth} height={s.logoHeight} loading="lazy" />;
                return (
                  <li key={s.id}>
                    {s.website ? <a href={s.website}>{logo}</a> : logo}
                    <span class="sponsor-name">{s.company}</span>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </>
  );
}

export function SponsorsPage(p: { ctx: PageContext; sponsors: PublicSponsor[]; conferences: Array<{ title: string; url: string }> }) {
  return (
    <Layout ctx={p.ctx} title="Our sponsors">
      <h1>Our sponsors</h1>
      <p>
        These companies support our work all year round. <a href="/partners/sponsorship">Become a sponsor</a>.
      </p>
      {p.sponsors.length === 0 ? <p>No year-round sponsor yet.</p> : <SponsorsByTier sponsors={p.sponsors} level={2} idPrefix="tier" />}
      {p.conferences.length ? (
        <section aria-labelledby="conference-sponsors">
          <h2 id="conference-sponsors">Conference sponsors</h2>
          <p>The sponsors of a conference are listed on its page:</p>
          <ul>
            {p.conferences.map((c) => (
              <li key={c.url}>
                <a href={c.url}>{c.title}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

/** The part of a conference's event page: its sponsors by tier. */
export function EventSponsors(p: { sponsors: PublicSponsor[] }) {
  return (
    <section aria-labelledby="sponsors">
      <h2 id="sponsors">Sponsors</h2>
      <SponsorsByTier sponsors={p.sponsors} level={3} idPrefix="sponsors" />
      <p>
        <a href="/partners/sponsorship">Become a sponsor</a>
      </p>
    </section>
  );
}
