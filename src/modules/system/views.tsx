// Development mailbox pages. Times are in the association's zone, named, as on every staff page.
import markdownit from 'markdown-it';
import type { OutboxMessage } from '../../db/types.js';
import { formatTime } from '../../lib/format.js';
import { BackLink, ErrorSummary, FilterInput, SimpleTable, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { emailKind } from './email-kinds.js';

const STATUS: Record<OutboxMessage['status'], string> = {
  queued: 'Waiting to be sent',
  sent: 'Sent',
  kept: 'Kept here (no SMTP server configured)',
  failed: 'Failed',
};

export function MailboxListPage(p: {
  ctx: PageContext;
  messages: Array<Pick<OutboxMessage, 'id' | 'to_address' | 'subject' | 'status' | 'created_at'>>;
  to: string;
  /** why the recipient filter was refused */
  error?: string | undefined;
}) {
  return (
    <Layout ctx={p.ctx} title="Development mailbox">
      <h1>Development mailbox</h1>
      <p>
        Email Civnet would have sent. No mail server (SMTP) is set up here, so nothing is delivered: every message is kept on this page instead. This page does not exist in
        production or once a mail server is set up.
      </p>
      <ErrorSummary errors={p.error ? { to: p.error } : {}} labels={{ to: 'Recipient' }} />
      <form method="get" action="/dev/mailbox" class="filters">
        <FilterInput name="to" label="Recipient" type="email" value={p.to} error={p.error} />
        <button type="submit">Filter</button>
      </form>
      <SimpleTable
        caption="Latest messages"
        rowHeader={false}
        rows={p.messages}
        rowKey={(m) => String(m.id)}
        empty={p.error ? 'Nothing is listed until the recipient is corrected.' : p.to ? 'No messages to this recipient.' : 'No messages yet.'}
        columns={[
          { label: 'When', cell: (m) => formatTime(m.created_at, p.ctx.timeZone) },
          { label: 'To', cell: (m) => m.to_address },
          { label: 'Subject', cell: (m) => <a href={`/dev/mailbox/${m.id}`}>{m.subject}</a> },
          { label: 'Status', cell: (m) => STATUS[m.status] },
        ]}
      />
    </Layout>
  );
}

// markdown-it's linkify-it finds links the way mail clients do: a link ends before trailing
// punctuation, quotes and closing brackets that are not its own ("http://x")." gives http://x).
// Only written-out web addresses are listed (no bare "example.org", no other schemes).
const linkify = markdownit({ linkify: true }).linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });

/** The web addresses in a text body, in order, each once (an email often repeats its link). */
const linksIn = (text: string): string[] => [...new Set((linkify.match(text) ?? []).filter((m) => m.schema === 'http:' || m.schema === 'https:').map((m) => m.url))];

export function MailboxMessagePage(p: { ctx: PageContext; message: OutboxMessage }) {
  const m = p.message;
  const links = linksIn(m.body_text);
  return (
    <Layout ctx={p.ctx} title={m.subject}>
      <h1>{m.subject}</h1>
      <SummaryList
        rows={[
          ['To', m.to_address],
          ['Reply to', m.headers['Reply-To'] ?? null],
          ['Queued', formatTime(m.created_at, p.ctx.timeZone)],
          ['Sent', m.sent_at ? formatTime(m.sent_at, p.ctx.timeZone) : null],
          ['Status', STATUS[m.status]],
          ['Kind of email', emailKind(m.template)],
        ]}
      />
      <h2>Message</h2>
      <pre class="mail">{m.body_text}</pre>
      {links.length ? (
        <>
          <h2>Links in this message</h2>
          <ul>
            {links.map((href) => (
              <li key={href}>
                <a href={href} class="mail-link">
                  {href}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <BackLink href="/dev/mailbox">Back to the mailbox</BackLink>
    </Layout>
  );
}
