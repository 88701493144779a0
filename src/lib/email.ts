// Email (P3): templates render into the outbox inside the caller's transaction, and a job
// queued in that same transaction delivers it. With SMTP_URL set, delivery is nodemailer over
// SMTP with retries; without it, messages are kept and readable by staff admins at /dev/mailbox
// (in development only, never confidential kinds without their permission).
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import type { Db } from '../db/client.js';
import type { DB, EmailAttachmentRef } from '../db/types.js';
import type { Jobs } from './jobs.js';
import { insertUnnest } from './unnest.js';
import { isUuid } from './validators.js';

/** Renders an attachment's bytes when its message is sent (for instance an invoice PDF). */
export type AttachmentRenderer = (id: string) => Promise<{ content: Buffer; contentType: string }>;

export interface RenderedEmail {
  subject: string;
  /** paragraphs of plain text; links are written out in full */
  paragraphs: string[];
  /** one call to action, shown as a link in HTML and written out in text */
  action?: { label: string; url: string };
}

export type EmailTemplate<T> = (data: T, ctx: { associationName: string }) => RenderedEmail;

/** A template with its name; `confidential` names the permission that may read its messages
 * besides their recipient (Members in Transition, ethics), in the development mailbox. */
export interface EmailTemplateDefinition<T> {
  kind: 'email_template';
  name: string;
  render: EmailTemplate<T>;
  confidential?: string;
}
export type AnyEmailTemplate = EmailTemplateDefinition<never>;

/** A module's template: a value, registered nowhere. The composition root adds every module's
 * templates to each app's mailer (`wireModules`, src/modules/index.ts). */
export function defineTemplate<T>(name: string, template: EmailTemplate<T>, opts: { confidential?: string } = {}): EmailTemplateDefinition<T> {
  return { kind: 'email_template', name, render: template, ...(opts.confidential ? { confidential: opts.confidential } : {}) };
}

export const isEmailTemplate = (value: unknown): value is AnyEmailTemplate =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'email_template';

/** The templates among a module's exports (its emails file, or the namespace its index.ts
 * exports it as); anything else is left out. */
export const templatesIn = (...files: object[]): AnyEmailTemplate[] => files.flatMap((file) => Object.values(file).filter(isEmailTemplate));

/** Templates by name. */
export type EmailTemplates = ReadonlyMap<string, AnyEmailTemplate>;

/** The names of confidential templates that someone holding these roles may not read. */
export function unreadableTemplates(templates: EmailTemplates, roles: ReadonlySet<string>): string[] {
  return [...templates.values()].filter((t) => t.confidential && !roles.has(t.confidential)).map((t) => t.name);
}

/** The association's email signature (settings) ends every message; without one, its name does.
 * It is text: HTML gets it escaped, its line breaks as <br>. */
export function renderEmail(templates: EmailTemplates, name: string, data: unknown, ctx: { associationName: string; signature?: string }) {
  const template = templates.get(name);
  if (!template) throw new Error(`unknown email template ${name}`);
  const e = (template.render as EmailTemplate<unknown>)(data, { associationName: ctx.associationName });
  const signature = (ctx.signature ?? '').trim();
  const signOff = signature || `— ${ctx.associationName}`;
  const signOffLines = signOff.split(/\r?\n/);
  const text = [...e.paragraphs, ...(e.action ? [`${e.action.label}: ${e.action.url}`] : []), signOff].join('\n\n');
  return { subject: e.subject, text, html: emailHtml(e, signOffLines) };
}

/** Text and attribute values escaped as preact-render-to-string escapes them (", & and <). */
const escapeHtml = (value: string) => (/["&<]/.test(value) ? value.replace(/["&<]/g, (c) => (c === '"' ? '&quot;' : c === '&' ? '&amp;' : '&lt;')) : value);

/** An email's HTML, written out directly: the same bytes as rendering its element tree with
 * preact (`emailHtmlWithPreact`, kept for the test that says so) at a fraction of the cost — a
 * renewal run renders a hundred thousand. */
export function emailHtml(e: RenderedEmail, signOffLines: string[]): string {
  let body = '';
  for (const p of e.paragraphs) body += `<p>${escapeHtml(p)}</p>`;
  if (e.action) body += `<p><a href="${escapeHtml(e.action.url)}">${escapeHtml(e.action.label)}</a></p>`;
  body += `<p class="signature">${signOffLines.map(escapeHtml).join('<br/>')}</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"/><title>${escapeHtml(e.subject)}</title></head><body>${body}</body></html>`;
}

/** The email's HTML through preact: what `emailHtml` writes, by construction (tests compare). */
export function emailHtmlWithPreact(e: RenderedEmail, signOffLines: string[]): string {
  return `<!doctype html>${render(
    h('html', { lang: 'en' }, [
      h('head', null, [h('meta', { charset: 'utf-8' }), h('title', null, e.subject)]),
      h('body', null, [
        ...e.paragraphs.map((p) => h('p', null, p)),
        e.action ? h('p', null, h('a', { href: e.action.url }, e.action.label)) : null,
        h(
          'p',
          { class: 'signature' },
          signOffLines.flatMap((line, i) => (i === 0 ? [line] : [h('br', null), line])),
        ),
      ]),
    ]),
  )}`;
}

export const EMAIL_QUEUE = 'email-send';

export interface EmailMessage {
  to: string;
  template: string;
  data: unknown;
  attachments?: EmailAttachmentRef[];
  /** extra headers, such as `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058) for a
   * newsletter; names are checked (`checkHeaders`), values may not break a line */
  headers?: Record<string, string>;
  /** the message already written (a newsletter: its HTML is rendered safe Markdown): stored as
   * given instead of rendering `template`, which still names its kind in the outbox */
  body?: { subject: string; text: string; html: string };
}

/** A recipient the SMTP server refused permanently (a 5xx reply): a hard bounce. */
export interface EmailRejection {
  outboxId: string;
  to: string;
  template: string;
  code: number;
  error: string;
}

const HEADER_NAME = /^[A-Za-z][A-Za-z0-9-]{0,60}$/;
/** Headers a message may carry: well-formed names other than the ones the sender sets itself,
 * values with no line breaks (a header injection). A mistake here is ours: it throws. */
export function checkHeaders(headers: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name) || /^(from|to|cc|bcc|subject|content-.*|mime-version|date|message-id)$/i.test(name)) throw new Error(`a message may not set the header ${name}`);
    if (/[\r\n]/.test(value)) throw new Error(`the header ${name} has a line break`);
  }
  return headers;
}

/** Replies to a message a staff member's decision sends (an inquiry's, an application's) reach
 * that person: our sender is a no-reply address. Their name is quoted (nodemailer encodes it),
 * with nothing in it that could end the header or the quotes; nobody given, no header. */
export function replyToHeaders(person: { name: string; email: string } | null | undefined): Record<string, string> {
  const email = person?.email.trim() ?? '';
  if (!email || /[\s<>"]/.test(email)) return {};
  const name = (person?.name ?? '')
    .replace(/[\p{Cc}"\\<>]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { 'Reply-To': name ? `"${name}" <${email}>` : email };
}

export interface Mailer {
  /** Render and store a message and queue its delivery, in the caller's transaction. */
  queue(trx: Transaction<DB> | Db, message: EmailMessage): Promise<string>;
  /** The same for many messages, with one insert of each kind (bulk runs). */
  queueMany(trx: Transaction<DB> | Db, messages: EmailMessage[]): Promise<string[]>;
  /** The templates messages are rendered with, by name. */
  readonly templates: EmailTemplates;
  /** Adds templates (the composition root adds every module's); two of one name are a mistake
   * caught at start-up. */
  addTemplates(templates: Iterable<AnyEmailTemplate>): void;
  /** How to render the attachments messages reference, by kind: filled by the composition root
   * for this app (an invoice PDF, a meeting invitation). */
  readonly attachments: Map<string, AttachmentRenderer>;
  /** The bytes of the attachments of a message, when it is sent. */
  renderAttachments(refs: EmailAttachmentRef[]): Promise<Array<{ filename: string; content: Buffer; contentType: string }>>;
  /** The names of confidential templates that someone holding these roles may not read. */
  unreadableTemplates(roles: ReadonlySet<string>): string[];
  /** Called when the SMTP server refuses a recipient permanently (5xx), before the delivery is
   * retried as any failure is: the composition root adds newsletters' suppression of hard bounces. */
  readonly rejected: Array<(rejection: EmailRejection) => Promise<void>>;
}

const OUTBOX_COLUMNS = [
  ['id', 'uuid'],
  ['to_address', 'text'],
  ['subject', 'text'],
  ['body_text', 'text'],
  ['body_html', 'text'],
  ['template', 'text'],
  ['status', 'text'],
  ['last_error', 'text'],
  ['created_at', 'timestamptz'],
  ['sent_at', 'timestamptz'],
  ['attachments', 'jsonb'],
  ['headers', 'jsonb'],
] as const;

export function createMailer(deps: { jobs: Jobs; now: () => Date }): Mailer {
  const templates = new Map<string, AnyEmailTemplate>();
  const attachments = new Map<string, AttachmentRenderer>();
  const rejected: Mailer['rejected'] = [];
  const queueMany: Mailer['queueMany'] = async (trx, messages) => {
    if (messages.length === 0) return [];
    // Read through the caller's executor: on PGlite a read on the root handle from inside a
    // transaction would wait for that transaction forever.
    const association = await trx.selectFrom('association').select(['name', 'email_signature']).where('id', '=', 1).executeTakeFirst();
    const ctx = { associationName: association?.name ?? 'Civnet', signature: association?.email_signature ?? '' };
    const rows = messages.map((m) => {
      const rendered = m.body ?? renderEmail(templates, m.template, m.data, ctx);
      return {
        id: randomUUID(),
        to_address: m.to,
        subject: rendered.subject,
        body_text: rendered.text,
        body_html: rendered.html,
        template: m.template,
        status: 'queued' as const,
        last_error: null,
        created_at: deps.now(),
        sent_at: null,
        attachments: JSON.stringify(m.attachments ?? []),
        headers: JSON.stringify(checkHeaders(m.headers ?? {})),
      };
    });
    // One array parameter per column (unnest.ts): a renewal batch queues hundreds at once.
    await insertUnnest(trx, 'outbox', OUTBOX_COLUMNS, rows);
    await deps.jobs.sendMany(
      trx,
      EMAIL_QUEUE,
      rows.map((r) => ({ outboxId: r.id })),
    );
    return rows.map((r) => r.id);
  };
  return {
    queueMany,
    templates,
    addTemplates(added) {
      for (const t of added) {
        if (templates.has(t.name) && templates.get(t.name) !== t) throw new Error(`two email templates are named ${t.name}`);
        templates.set(t.name, t);
      }
    },
    attachments,
    renderAttachments: (refs) =>
      Promise.all(
        refs.map(async (ref) => {
          const render = attachments.get(ref.kind);
          if (!render) throw new Error(`no renderer for attachment kind ${ref.kind}`);
          const { content, contentType } = await render(ref.id);
          return { filename: ref.filename, content, contentType };
        }),
      ),
    unreadableTemplates: (roles) => unreadableTemplates(templates, roles),
    rejected,
    async queue(trx, message) {
      const [id] = await queueMany(trx, [message]);
      if (!id) throw new Error('the message was not stored');
      return id;
    },
  };
}

/** Registers the delivery worker: sends through SMTP when configured, otherwise keeps the
 * message for the development mailbox. A message already sent is never sent again. */
export function registerEmailDelivery(deps: {
  db: Db;
  jobs: Jobs;
  mail: Pick<Mailer, 'renderAttachments'> & Partial<Pick<Mailer, 'rejected'>>;
  smtpUrl?: string;
  from: string;
  now: () => Date;
}) {
  const transport: Transporter | null = deps.smtpUrl ? nodemailer.createTransport(deps.smtpUrl) : null;
  deps.jobs.register({ name: EMAIL_QUEUE, retryLimit: 5, retryDelaySeconds: 30, retryBackoff: true, deadLetter: true }, async (data) => {
    const id = typeof data.outboxId === 'string' ? data.outboxId : '';
    if (!isUuid(id)) return;
    const msg = await deps.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    if (msg?.status !== 'queued') return;
    if (!transport) {
      await deps.db.updateTable('outbox').set({ status: 'kept' }).where('id', '=', id).where('status', '=', 'queued').execute();
      return;
    }
    try {
      const attachments = await deps.mail.renderAttachments(msg.attachments);
      await transport.sendMail({ from: deps.from, to: msg.to_address, subject: msg.subject, text: msg.body_text, html: msg.body_html, attachments, headers: msg.headers });
    } catch (err) {
      await deps.db
        .updateTable('outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: err instanceof Error ? err.message.slice(0, 500) : 'send failed' }))
        .where('id', '=', id)
        .execute();
      const code = smtpCode(err);
      if (code >= 500 && code < 600) {
        const rejection = { outboxId: id, to: msg.to_address, template: msg.template, code, error: err instanceof Error ? err.message.slice(0, 500) : '' };
        for (const run of deps.mail.rejected ?? []) await run(rejection);
      }
      throw err;
    }
    await deps.db
      .updateTable('outbox')
      .set((eb) => ({ status: 'sent', sent_at: deps.now(), attempts: eb('attempts', '+', 1), last_error: null }))
      .where('id', '=', id)
      .execute();
  });
  // After the last retry the job lands in the dead-letter queue: mark the message failed.
  deps.jobs.register({ name: `${EMAIL_QUEUE}-dead`, retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false, deadLetter: false }, async (data) => {
    const id = typeof data.outboxId === 'string' ? data.outboxId : '';
    await deps.db.updateTable('outbox').set({ status: 'failed' }).where('id', '=', id).where('status', '=', 'queued').execute();
  });
  return transport;
}

/** The SMTP reply code of a failed send (nodemailer's `responseCode`), or 0. */
function smtpCode(err: unknown): number {
  const code = typeof err === 'object' && err !== null ? (err as { responseCode?: unknown }).responseCode : undefined;
  return typeof code === 'number' ? code : 0;
}
