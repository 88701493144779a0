// A campaign's message to one subscriber: the campaign's Markdown rendered safe once (publishing's
// renderer), then for each address a footer with its own preferences and unsubscribe links and the
// association's postal address (CAN-SPAM), and the RFC 8058 headers: `List-Unsubscribe` with the
// HTTPS one-click link and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
import type { EmailMessage } from '../../lib/email.js';
import { markdownForEmail } from '../publishing/index.js';
import { type LinkSubscriber, subscriberLinks } from './shared.js';

export const CAMPAIGN_TEMPLATE = 'newsletters.campaign';
export const TEST_TEMPLATE = 'newsletters.test';

const escapeHtml = (v: string) => v.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));

export interface CampaignContent {
  id: string;
  subject: string;
  html: string;
  text: string;
  listId: string;
  listName: string;
  listSlug: string;
  associationName: string;
  postalAddress: string;
  publicUrl: string;
}

/** What every message of a campaign shares, rendered once. */
export function campaignContent(
  c: { id: string; subject: string; body: string },
  list: { id: string; name: string; slug: string },
  a: { name: string; address: string },
  publicUrl: string,
): CampaignContent {
  // links and images absolute, and the text part with each link's address
  const body = markdownForEmail(c.body, publicUrl);
  return {
    id: c.id,
    subject: c.subject,
    html: body.html,
    text: body.text,
    listId: list.id,
    listName: list.name,
    listSlug: list.slug,
    associationName: a.name,
    postalAddress: a.address.trim() || a.name,
    publicUrl,
  };
}

/** The message to one subscriber (`test`: a test to its author, marked so, without a campaign id). */
export function campaignMessage(content: CampaignContent, s: LinkSubscriber & { email: string }, opts: { test?: boolean } = {}): EmailMessage {
  const links = subscriberLinks(content.publicUrl, s, content.listId, opts.test ? '' : content.id);
  const subject = opts.test ? `[Test] ${content.subject}` : content.subject;
  const address = content.postalAddress.split(/\r?\n/).map(escapeHtml).join('<br/>');
  const why = `You get ${content.listName} from ${content.associationName} because you subscribed to it.`;
  // A test goes to its author, who need not be a subscriber: links made for nobody would only say
  // "not valid", so the footer says where each subscriber's own links go.
  const testNote = 'In the issue itself, each subscriber’s own links to manage their subscriptions and to unsubscribe go here.';
  const footerLinks = opts.test
    ? escapeHtml(testNote)
    : `<a href="${escapeHtml(links.preferences)}">Manage your subscriptions</a> · <a href="${escapeHtml(links.unsubscribe)}">Unsubscribe from ${escapeHtml(content.listName)}</a>`;
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"/><title>${escapeHtml(subject)}</title></head><body>` +
    `<main>${content.html}</main>` +
    `<footer><p>${escapeHtml(why)} ${footerLinks}</p>` +
    `<p>${escapeHtml(content.associationName)}<br/>${address}</p></footer></body></html>`;
  const text = [
    content.text,
    '—',
    why,
    ...(opts.test ? [testNote] : [`Manage your subscriptions: ${links.preferences}`, `Unsubscribe from ${content.listName}: ${links.unsubscribe}`]),
    `${content.associationName}\n${content.postalAddress}`,
  ].join('\n\n');
  const host = new URL(content.publicUrl).hostname;
  return {
    to: s.email,
    template: opts.test ? TEST_TEMPLATE : CAMPAIGN_TEMPLATE,
    data: {},
    body: { subject, text, html },
    headers: {
      ...(opts.test ? {} : { 'List-Unsubscribe': `<${links.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }),
      'List-Id': `${content.listName.replace(/[^\w .-]/g, '')} <${content.listSlug}.${host}>`,
      Precedence: 'bulk',
    },
  };
}
