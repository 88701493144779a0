// Reading back what a test caused: CSV exports cell by cell, the outbox, the audit log, and the
// calendar invitations attached to advising emails (rendered as delivery would).
import ICAL from 'ical.js';
import type { TestContext } from './helpers.js';

type Ctx = Pick<TestContext, 'deps'>;

/** A small CSV reader for checking exports cell by cell (quoted cells, doubled quotes, CRLF). A
 * file must start with the byte order mark (as every export does, for Excel), which it then skips
 * as a spreadsheet does. */
export function readCsv(file: string): string[][] {
  if (!file.startsWith('\uFEFF')) throw new Error(`a CSV export starts with the byte order mark; this one starts ${JSON.stringify(file.slice(0, 20))}`);
  const text = file.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Messages in the outbox to this address (newest first), with their template. */
export function mailTo(ctx: Ctx, email: string) {
  return ctx.deps.db.selectFrom('outbox').select(['template', 'subject', 'body_text']).where('to_address', '=', email).orderBy('created_at', 'desc').execute();
}

/** Audit rows of one action, oldest first. */
export function auditOf(ctx: Ctx, action: string) {
  return ctx.deps.db.selectFrom('audit_log').select(['actor_user_id', 'entity_id', 'before', 'after']).where('action', '=', action).orderBy('id').execute();
}

export interface ParsedInvitation {
  method: string;
  uid: string;
  sequence: number;
  start: string;
  end: string;
  organizer: string;
  attendees: string[];
  status: string;
  contentType: string;
  location: string | null;
  url: string | null;
  description: string;
}

/** The .ics attached to each message of this template to this address, rendered as delivery
 * would and parsed with ical.js, oldest first. */
export async function invitationsTo(ctx: Ctx, email: string, template?: string): Promise<ParsedInvitation[]> {
  let q = ctx.deps.db.selectFrom('outbox').select(['attachments', 'template']).where('to_address', '=', email).where('template', 'like', 'advising.meeting_%');
  if (template) q = q.where('template', '=', template);
  const rows = await q.orderBy('created_at').execute();
  const out: ParsedInvitation[] = [];
  for (const row of rows) {
    const [file] = await ctx.deps.mail.renderAttachments(row.attachments);
    if (!file) throw new Error('no attachment');
    const cal = new ICAL.Component(ICAL.parse(file.content.toString('utf8')));
    const event = cal.getFirstSubcomponent('vevent');
    if (!event) throw new Error('no VEVENT');
    const ev = new ICAL.Event(event);
    out.push({
      method: String(cal.getFirstPropertyValue('method')),
      uid: ev.uid,
      sequence: ev.sequence,
      start: ev.startDate.toJSDate().toISOString(),
      end: ev.endDate.toJSDate().toISOString(),
      organizer: String(event.getFirstPropertyValue('organizer')).toLowerCase(),
      attendees: event.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase()),
      status: String(event.getFirstPropertyValue('status')),
      contentType: file.contentType,
      location: (event.getFirstPropertyValue('location') as string | null) ?? null,
      url: (event.getFirstPropertyValue('url') as string | null) ?? null,
      description: String(event.getFirstPropertyValue('description') ?? ''),
    });
  }
  return out;
}
