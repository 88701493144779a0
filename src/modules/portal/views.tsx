// Pages of the organization portal: adding, changing and removing a contact.
import { CONTACT_DUTIES, type ContactDuty } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { Checkbox, ConfirmForm, ErrorSummary, Field, FieldError, PostForm } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { NextDuesAddressee } from '../billing/index.js';

export const DUTY_LABELS: Record<ContactDuty, string> = { elected: 'Elected official', staff: 'Staff', billing: 'Billing' };

export const CONTACT_LABELS = {
  name: 'Full name',
  email: 'Email',
  title: 'Job title',
  phone: 'Phone',
  duties: 'Roles',
  admin: 'Administrator',
} as const;

export interface ContactFormValues {
  name?: string;
  email?: string;
  title?: string;
  phone?: string;
  duties: ContactDuty[];
  admin: boolean;
}

function DutiesFieldset(p: { chosen: ContactDuty[]; error?: string }) {
  const chosen = new Set(p.chosen);
  return (
    <fieldset class="group" aria-describedby={p.error ? 'f-duties-error' : 'f-duties-hint'}>
      <legend>{CONTACT_LABELS.duties}</legend>
      <p class="hint" id="f-duties-hint">
        What this person does for your organization; choose any that apply. Your next membership invoice goes to the billing contact marked most recently (invoices already sent
        keep their address).
      </p>
      <FieldError id="f-duties-error" error={p.error} />
      {CONTACT_DUTIES.map((d, i) => (
        <div class="checkbox" key={d}>
          <input id={i === 0 ? 'f-duties' : `f-duties-${d}`} type="checkbox" name="duties" value={d} checked={chosen.has(d)} />
          <label for={i === 0 ? 'f-duties' : `f-duties-${d}`}>{DUTY_LABELS[d]}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** Adding a contact (`person` absent) or changing one. */
export function ContactFormPage(p: {
  ctx: PageContext;
  organization: { id: string; name: string };
  person?: { userId: string; name: string; email: string };
  values: ContactFormValues;
  errors?: FieldErrors;
}) {
  const e = p.errors ?? {};
  const v = p.values;
  const title = p.person ? `Change ${p.person.name}` : 'Add a contact';
  const action = p.person ? `/org/contacts/${p.person.userId}?org=${p.organization.id}` : `/org/contacts?org=${p.organization.id}`;
  return (
    <Layout ctx={p.ctx} title={title}>
      <p>
        <a href={`/org?org=${p.organization.id}#contacts`}>Back to {p.organization.name}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">
        {p.person
          ? `A contact of ${p.organization.name}, signing in as ${p.person.email}. Their name and email belong to their own account.`
          : `Someone who acts for ${p.organization.name}. We email them an invitation: they become a contact when they accept it, and are listed as invited until then.`}
      </p>
      <ErrorSummary errors={p.errors} labels={CONTACT_LABELS} />
      <PostForm action={action} csrf={p.ctx.csrf}>
        {p.person ? null : (
          <>
            <Field name="name" label={CONTACT_LABELS.name} required maxLength={200} value={v.name} error={e.name} autocomplete="off" />
            <Field
              name="email"
              label={CONTACT_LABELS.email}
              type="email"
              required
              maxLength={254}
              value={v.email}
              error={e.email}
              autocomplete="off"
              hint="Their work email; the invitation goes here, and they sign in with it."
            />
          </>
        )}
        <Field name="title" label={CONTACT_LABELS.title} maxLength={200} value={v.title} error={e.title} hint="For example: Sustainability Director, Council Member." />
        <Field name="phone" label={CONTACT_LABELS.phone} type="tel" maxLength={40} value={v.phone} error={e.phone} />
        <DutiesFieldset chosen={v.duties} error={e.duties} />
        <Checkbox name="admin" label="Administrator: can add and remove contacts, change the profile and decide login requests" checked={v.admin} error={e.admin} />
        <button type="submit">{p.person ? 'Save changes' : 'Add contact'}</button>
      </PostForm>
    </Layout>
  );
}

/**
 * What removing a contact does to the organization's next membership invoice, said on the
 * confirmation (`'will'`) and in the flash after (`'now'`). `after`: whom billing addresses it to
 * without them (null: nobody). A latest invoice addressed to the person still counts: then the
 * next one would go to their address again, and an administrator should choose someone else.
 */
export function nextInvoiceWithout(person: { name: string; email: string }, after: NextDuesAddressee | null, tense: 'will' | 'now'): string {
  const goes = tense === 'will' ? 'Your next membership invoice will then go to' : 'Your next membership invoice now goes to';
  const choose = 'An administrator should choose who receives it: edit a contact under Contacts and tick Billing.';
  if (after && after.email.toLowerCase() === person.email.toLowerCase()) {
    return `Nobody else is marked Billing, and your latest membership invoice was addressed to ${person.name}, so the next one ${tense === 'will' ? 'would' : 'will'} still go to ${person.email}. ${choose}`;
  }
  if (after?.basis === 'marked') return `${goes} ${after.name} (${after.email}), the contact marked Billing.`;
  if (after?.basis === 'latest_invoice')
    return `${goes} ${after.name} (${after.email}), the address on your latest membership invoice. To send it to someone else, mark them as Billing under Contacts.`;
  if (after)
    return `Nobody else is marked Billing: your next membership invoice ${tense === 'will' ? 'would' : 'will'} go to ${after.email}, your first administrator’s address, until someone is chosen. ${choose}`;
  return `Nobody is left to receive your next membership invoice. ${choose}`;
}

/** The confirmation step before a contact is removed: what will happen, then Remove or Cancel. */
export function RemoveContactPage(p: {
  ctx: PageContext;
  organization: { id: string; name: string };
  person: { userId: string; name: string; email: string };
  self: boolean;
  /** the organization's only administrator: cannot be removed, and the page says so at once */
  onlyAdmin?: boolean;
  /** the person is marked Billing, or the next invoice goes to them: what happens to it (`nextInvoiceWithout`) */
  nextInvoice?: string;
}) {
  const back = `/org?org=${p.organization.id}#contacts`;
  const title = p.self ? `Remove yourself from ${p.organization.name}?` : `Remove ${p.person.name} from ${p.organization.name}?`;
  if (p.onlyAdmin) {
    const who = p.self ? 'You are' : `${p.person.name} is`;
    return (
      <Layout ctx={p.ctx} title={`${p.self ? 'You' : p.person.name} cannot be removed yet`}>
        <p>
          <a href={back}>Back to {p.organization.name}</a>
        </p>
        <h1>{p.self ? 'You' : p.person.name} cannot be removed yet</h1>
        <p class="lead">
          {who} {p.organization.name}’s only administrator, and the organization must always have one. Invite someone else as an administrator first (they must accept the
          invitation); then {p.self ? 'you' : 'they'} can be removed.
        </p>
        <p>
          <a href={`/org/contacts/new?org=${p.organization.id}`}>Add a contact</a>
        </p>
      </Layout>
    );
  }
  return (
    <Layout ctx={p.ctx} title={title}>
      <p>
        <a href={back}>Back to {p.organization.name}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">
        {p.self
          ? `You will lose access to ${p.organization.name}’s pages at once, and go back to the home page.`
          : `${p.person.name} (${p.person.email}) will lose access to ${p.organization.name}’s pages at once and will no longer receive its emails.`}
      </p>
      <p>
        {p.self
          ? 'Your own account is kept. To get the seat back, ask an administrator to invite you again.'
          : 'Their own account is kept. To give the seat back, invite them again.'}
      </p>
      {p.nextInvoice ? <p id="next-invoice">{p.nextInvoice}</p> : null}
      <ConfirmForm action={`/org/contacts/${p.person.userId}/remove?org=${p.organization.id}`} csrf={p.ctx.csrf} button="Remove the contact" cancelHref={back} />
    </Layout>
  );
}
