// The association's files: its logo (PNG or JPEG, shown in the site header and on invoice PDFs)
// and its W-9 (a PDF, offered with invoices). Checked by content, never by the type the browser
// declared; SVG is refused outright (an SVG can carry script, and the PDF library draws only
// PNG and JPEG). Each upload is a new row; the association's row points at the current one, and
// older rows stay so that an email queued with an earlier W-9 still sends it.
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely, Transaction } from 'kysely';
import PDFDocument from 'pdfkit';
import type { AssociationFilesTable, DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import type { AttachmentRenderer } from '../../lib/email.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { cleanFilename, type UploadedFile } from '../../lib/uploads.js';

type Executor = Kysely<DB> | Transaction<DB>;
export type FileKind = AssociationFilesTable['kind'];

export const LOGO_MAX_BYTES = 1024 * 1024;
export const W9_MAX_BYTES = 5 * 1024 * 1024;
/** The largest side of a logo, in pixels. */
export const LOGO_MAX_PIXELS = 4000;

const looksLikeSvg = (f: UploadedFile) =>
  /\.svgz?$/i.test(f.filename) || /svg/i.test(f.declaredType) || /^\s*(<\?xml|<svg|<!doctype svg)/i.test(f.bytes.subarray(0, 200).toString('latin1'));

/** The checked logo, or throws a field error on `logo`. */
export async function checkLogo(f: UploadedFile): Promise<{ filename: string; contentType: 'image/png' | 'image/jpeg'; bytes: Buffer }> {
  const refuse = (message: string) => fieldError({ logo: message });
  if (f.tooLarge || f.bytes.length > LOGO_MAX_BYTES) throw refuse('The logo must be 1 MB or smaller. Save it as a smaller PNG or JPEG.');
  if (f.bytes.length === 0) throw refuse('The file is empty. Choose a PNG or JPEG image.');
  if (looksLikeSvg(f)) throw refuse('SVG images are not accepted: they can carry scripts. Export the logo as a PNG or JPEG.');
  const sniffed = (await fileTypeFromBuffer(f.bytes))?.mime;
  if (sniffed !== 'image/png' && sniffed !== 'image/jpeg') throw refuse('Choose a PNG or JPEG image. This file is not one.');
  // The PDF library must be able to draw it on invoices: a damaged image is refused here.
  let size: { width: number; height: number };
  try {
    // openImage is pdfkit's own (the one image() uses), missing from its type definitions.
    const doc = new PDFDocument({ autoFirstPage: false }) as unknown as { openImage(src: Buffer): { width: number; height: number } };
    size = doc.openImage(f.bytes);
  } catch {
    throw refuse('This image could not be read. Save it again as a PNG or JPEG.');
  }
  if (!(size.width > 0 && size.height > 0)) throw refuse('This image could not be read. Save it again as a PNG or JPEG.');
  if (size.width > LOGO_MAX_PIXELS || size.height > LOGO_MAX_PIXELS)
    throw refuse(`The logo is ${size.width} × ${size.height} pixels; use at most ${LOGO_MAX_PIXELS} pixels a side.`);
  const filename = cleanFilename(f.filename, sniffed === 'image/png' ? 'logo.png' : 'logo.jpg');
  return { filename, contentType: sniffed, bytes: f.bytes };
}

/** The checked W-9, or throws a field error on `w9`. */
export async function checkW9(f: UploadedFile): Promise<{ filename: string; contentType: 'application/pdf'; bytes: Buffer }> {
  const refuse = (message: string) => fieldError({ w9: message });
  if (f.tooLarge || f.bytes.length > W9_MAX_BYTES) throw refuse('The W-9 must be 5 MB or smaller.');
  if (f.bytes.length === 0) throw refuse('The file is empty. Choose the W-9 as a PDF.');
  const sniffed = (await fileTypeFromBuffer(f.bytes))?.mime;
  if (sniffed !== 'application/pdf' || !/\.pdf$/i.test(f.filename)) throw refuse('Choose a PDF file (its name ending in .pdf). This file is not one.');
  return { filename: cleanFilename(f.filename, 'w9.pdf'), contentType: 'application/pdf', bytes: f.bytes };
}

const COLUMN = { logo: 'logo_file_id', w9: 'w9_file_id' } as const;
const ACTIONS = { logo: ['settings.logo_uploaded', 'settings.logo_removed'], w9: ['settings.w9_uploaded', 'settings.w9_removed'] } as const;

/** Stores a checked file as the association's current logo or W-9, audited. */
export async function saveAssociationFile(
  deps: Pick<Deps, 'db' | 'clock' | 'association'>,
  input: { kind: FileKind; file: { filename: string; contentType: AssociationFilesTable['content_type']; bytes: Buffer }; actorUserId: string; requestId?: string },
): Promise<string> {
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('association').select(['logo_file_id', 'w9_file_id']).where('id', '=', 1).forUpdate().executeTakeFirst();
    if (!before) throw new AppError('conflict', { status: 409, message: 'Save the association’s profile first, then upload its files.' });
    const row = await trx
      .insertInto('association_files')
      .values({
        kind: input.kind,
        filename: input.file.filename,
        content_type: input.file.contentType,
        size_bytes: input.file.bytes.length,
        content: input.file.bytes,
        uploaded_by: input.actorUserId,
        uploaded_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('association')
      .set({ [COLUMN[input.kind]]: row.id, updated_at: now })
      .where('id', '=', 1)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: ACTIONS[input.kind][0],
      entityType: 'association',
      entityId: '1',
      before: { fileId: before[COLUMN[input.kind]] },
      after: { fileId: row.id, filename: input.file.filename, contentType: input.file.contentType, bytes: input.file.bytes.length },
      requestId: input.requestId,
    });
    return row.id;
  });
  deps.association.invalidate();
  return id;
}

/** Takes the logo or the W-9 away (the file row stays for emails already queued), audited. */
export async function removeAssociationFile(
  deps: Pick<Deps, 'db' | 'clock' | 'association'>,
  input: { kind: FileKind; actorUserId: string; requestId?: string },
): Promise<boolean> {
  const now = deps.clock.now();
  const removed = await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('association').select(['logo_file_id', 'w9_file_id']).where('id', '=', 1).forUpdate().executeTakeFirst();
    const fileId = before?.[COLUMN[input.kind]];
    if (!fileId) return false;
    await trx
      .updateTable('association')
      .set({ [COLUMN[input.kind]]: null, updated_at: now })
      .where('id', '=', 1)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: ACTIONS[input.kind][1],
      entityType: 'association',
      entityId: '1',
      before: { fileId },
      requestId: input.requestId,
    });
    return true;
  });
  deps.association.invalidate();
  return removed;
}

export interface StoredFile {
  id: string;
  filename: string;
  content_type: AssociationFilesTable['content_type'];
  size_bytes: number;
  content: Uint8Array;
}

/** The association's current logo or W-9, with its bytes; null when there is none. */
export async function currentAssociationFile(db: Executor, kind: FileKind): Promise<StoredFile | null> {
  const row = await db
    .selectFrom('association as a')
    .innerJoin('association_files as f', 'f.id', kind === 'logo' ? 'a.logo_file_id' : 'a.w9_file_id')
    .select(['f.id', 'f.filename', 'f.content_type', 'f.size_bytes', 'f.content'])
    .where('a.id', '=', 1)
    .executeTakeFirst();
  return row ?? null;
}

/** The logo as the invoice PDF draws it; null when there is none. */
export async function invoiceLogo(db: Executor): Promise<{ bytes: Buffer; contentType: string } | null> {
  const f = await currentAssociationFile(db, 'logo');
  return f ? { bytes: Buffer.from(f.content), contentType: f.content_type } : null;
}

/** The kind of email attachment the W-9 is (`deps.mail.attachments`). */
export const W9_ATTACHMENT = 'association_w9';

/** The W-9 to attach to an invoice email, when the association has one and chose to attach it. */
export async function w9AttachmentRef(db: Executor): Promise<{ kind: string; id: string; filename: string } | null> {
  const row = await db
    .selectFrom('association as a')
    .innerJoin('association_files as f', 'f.id', 'a.w9_file_id')
    .select(['f.id', 'f.filename'])
    .where('a.id', '=', 1)
    .where('a.w9_attach_to_invoices', '=', true)
    .executeTakeFirst();
  return row ? { kind: W9_ATTACHMENT, id: row.id, filename: row.filename } : null;
}

/** Renders `association_w9` attachments: the file the message was queued with. */
export function w9Attachment(db: Executor): AttachmentRenderer {
  return async (id) => {
    const f = await db.selectFrom('association_files').select(['content', 'content_type']).where('id', '=', id).where('kind', '=', 'w9').executeTakeFirst();
    if (!f) throw new Error(`no W-9 file ${id}`);
    return { content: Buffer.from(f.content), contentType: f.content_type };
  };
}

/** The name and size of the current logo or W-9, without its bytes; null when there is none. */
export async function associationFileInfo(db: Executor, kind: FileKind): Promise<{ filename: string; size: number } | null> {
  const row = await db
    .selectFrom('association as a')
    .innerJoin('association_files as f', 'f.id', kind === 'logo' ? 'a.logo_file_id' : 'a.w9_file_id')
    .select(['f.filename', 'f.size_bytes'])
    .where('a.id', '=', 1)
    .executeTakeFirst();
  return row ? { filename: row.filename, size: row.size_bytes } : null;
}
