// The confirmation step of a destructive action, as a page of its own: a GET on the action's own
// path says what will happen, and its red button posts to that path. Works without JavaScript;
// the route that serves it declares the same access as the action and answers 404 for a thing
// the person may not act on.
import type { ComponentChildren } from 'preact';
import { ConfirmForm } from './components.js';
import type { PageContext } from './context.js';
import { Layout } from './layout.js';

export interface Confirmation {
  /** a question: "Cancel the invitation of Robin Deputy?" */
  title: string;
  /** what will happen, in a sentence or two */
  lead: ComponentChildren;
  /** more of what will happen, under the lead (a list, a table) */
  details?: ComponentChildren;
  /** where the button posts (the action's path, with its query) */
  action: string;
  button: string;
  /** where Cancel and the back link go */
  back: { href: string; label: string };
  /** the words of the Cancel link beside the button, when "Cancel" would read as the action itself */
  stay?: string;
  /** an ordinary button rather than a red one: the action destroys nothing */
  plain?: boolean;
}

export function ConfirmPage(p: { ctx: PageContext } & Confirmation) {
  return (
    <Layout ctx={p.ctx} title={p.title}>
      <p>
        <a href={p.back.href}>{p.back.label}</a>
      </p>
      <h1>{p.title}</h1>
      <p class="lead">{p.lead}</p>
      {p.details}
      <ConfirmForm action={p.action} csrf={p.ctx.csrf} button={p.button} cancelHref={p.back.href} cancelLabel={p.stay} plain={p.plain} />
    </Layout>
  );
}
