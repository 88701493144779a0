// Navigation within a section and actions on things: the sub-navigation of a staff area, the
// actions of a table row kept apart, and the confirmation step every destructive action takes.
import { type ComponentChildren, toChildArray } from 'preact';
import { PostForm } from './forms.js';

/** The links between the pages of one area (Invoices, New invoice, Payments…), under the `h1`.
 * `current` is the path of the page shown: its link gets `aria-current="page"`. */
export function SubNav(p: { label: string; current: string; links: ReadonlyArray<{ href: string; label: string }> }) {
  return (
    <nav class="subnav" aria-label={p.label}>
      <ul>
        {p.links.map((l) => (
          <li key={l.href}>
            <a href={l.href} aria-current={p.current === l.href ? 'page' : undefined}>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The actions of one table row (Edit, Remove…), spaced apart and wrapping on a phone. */
export function RowActions(p: { children: ComponentChildren }) {
  // none to offer: nothing at all, so that a stacked table (phones) hides the cell and its label
  // instead of showing 'Actions' over nothing
  const actions = toChildArray(p.children);
  return actions.length ? <div class="row-actions">{actions}</div> : null;
}

/** The way to a destructive action's confirmation page: a link, styled as danger. The action
 * itself is a POST from that page, so nothing is lost by a stray click. */
export function DangerLink(p: { href: string; children: ComponentChildren }) {
  return (
    <a class="danger-link" href={p.href}>
      {p.children}
    </a>
  );
}

/** The form of a confirmation page: the fields the action needs (a reason), then the danger
 * button that does it and a Cancel link back to where the person came from. `plain`: the button
 * of a weighty step that destroys nothing (publishing), in the ordinary colour. `cancelLabel`: the
 * back link's words when "Cancel" would read as the action itself (cancelling a registration:
 * "Keep my seat"). */
export function ConfirmForm(p: { action: string; csrf: string; button: string; cancelHref: string; cancelLabel?: string; plain?: boolean; children?: ComponentChildren }) {
  return (
    <PostForm action={p.action} csrf={p.csrf} label={p.button}>
      {p.children}
      <div class="button-row confirm-buttons">
        <button type="submit" class={p.plain ? undefined : 'button-danger'}>
          {p.button}
        </button>
        <a class="button button-secondary" href={p.cancelHref}>
          {p.cancelLabel ?? 'Cancel'}
        </a>
      </div>
    </PostForm>
  );
}
