// Development mailbox pages.
import type { OutboxMessage } from '../../db/types.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';

export function MailboxListPage(p: { ctx: PageContext; messages: Array<Pick<OutboxMessage, 'id' | 'to_address' | 'subject' | 'status' | 'created_at'>>; to: string }) {
  return (
    <Layout ctx={p.ctx} title="Development mailbox">
      <h1>Development mailbox</h1>
      <p>Email that Civnet would send. With SMTP configured, messages are delivered and also listed here until production mode turns this page off.</p>
      <form method="get" action="/dev/mailbox" class="filters">
        <div class="field">
          <label for="f-to">Recipient</label>
          <input id="f-to" name="to" type="email" value={p.to} />
        </div>
        <button type="submit">Filter</button>
      </form>
      <div class="table-wrap">
        <table>
          <caption>Latest messages</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {p.messages.length === 0 ? (
              <tr>
                <td colSpan={4}>No messages yet.</td>
              </tr>
            ) : (
              p.messages.map((m) => (
                <tr key={m.id}>
                  <td>{m.created_at.toISOString().replace('T', ' ').slice(0, 19)} UTC</td>
                  <td>{m.to_address}</td>
                  <td>
                    <a href={`/dev/mailbox/${m.id}`}>{m.subject}</a>
                  </td>
                  <td>{m.status}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function MailboxMessagePage(p: { ctx: PageContext; message: OutboxMessage }) {
  const m = p.message;
  const links = [...m.body_text.matchAll(/https?:\/\/\S+/g)].map((x) => x[0]);
  return (
    <Layout ctx={p.ctx} title={m.subject}>
      <h1>{m.subject}</h1>
      <dl class="props">
        <dt>To</dt>
        <dd>{m.to_address}</dd>
        <dt>Status</dt>
        <dd>{m.status}</dd>
        <dt>Template</dt>
        <dd>{m.template}</dd>
      </dl>
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
      <p>
        <a href="/dev/mailbox">Back to the mailbox</a>
      </p>
    </Layout>
  );
}
