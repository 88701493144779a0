// Text blocks: a list of terms and values, the link back up to a list, and a phone number.
import { type ComponentChildren, Fragment } from 'preact';

/** Terms and their values (an invoice's details, a person's contact): a `dl` that stacks at
 * 390 px. Rows whose value is null, undefined, false or '' are left out. */
export function SummaryList(p: { rows: ReadonlyArray<readonly [term: string, value: ComponentChildren]>; class?: string }) {
  const shown = p.rows.filter(([, v]) => v !== null && v !== undefined && v !== false && v !== '');
  return (
    <dl class={p.class ? `props ${p.class}` : 'props'}>
      {shown.map(([term, value]) => (
        <Fragment key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** The way up from a detail page to its list (above the `h1`), or back at the end of a page:
 * one link in a paragraph. */
export function BackLink(p: { href: string; children: ComponentChildren }) {
  return (
    <p>
      <a href={p.href}>{p.children}</a>
    </p>
  );
}

/** The `tel:` address of a phone number as people write it ('(217) 555-0100 x12' →
 * 'tel:2175550100;ext=12'), or null when it has fewer than seven digits. */
export function telHref(phone: string): string | null {
  const [main = '', ext] = phone.split(/\s*(?:x|ext\.?|#)\s*/i);
  const digits = main.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  if (digits.replace('+', '').length < 7) return null;
  const extension = ext?.replace(/\D/g, '');
  return `tel:${digits}${extension ? `;ext=${extension}` : ''}`;
}

/** A phone number that does not break across lines and that a phone can call; '—' for none. */
export function PhoneNumber(p: { phone: string | null | undefined }) {
  const phone = p.phone?.trim();
  if (!phone) return <>—</>;
  const href = telHref(phone);
  return href ? (
    <a class="phone" href={href}>
      {phone}
    </a>
  ) : (
    <span class="phone">{phone}</span>
  );
}
