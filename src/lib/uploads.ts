// File uploads (multipart forms). A module that takes files registers @fastify/multipart in its
// own plugin scope with `registerUploads`, so every other route still refuses multipart bodies.
//
// CSRF: the app's check runs in a preValidation hook, before any handler reads the body, and a
// multipart body is not parsed by then. So an upload form puts `_csrf` first (PostForm does),
// and `readCsrfField` reads that one field — nothing more, no file byte — for the check; the
// handler then reads the rest of the same stream with `readMultipartForm`. A body whose first
// part is not `_csrf` has no token and is refused before anything is read or stored.
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { formValues } from '../web/forms.js';
import { AppError } from './errors.js';

type Parts = AsyncIterableIterator<MultipartFile | MultipartValue>;
const pending = new WeakMap<FastifyRequest, Parts>();
/** Enough for 10,000 characters of any script in UTF-8. */
const FIELD_BYTES = 64 * 1024;

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
}

/** Registers multipart parsing in the caller's (encapsulated) plugin scope. */
export async function registerUploads(app: FastifyInstance, limits: UploadLimits): Promise<void> {
  await app.register(multipart, {
    // Over-size files are cut off and reported (not thrown), so the form can say which one.
    throwFileSizeLimit: false,
    limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 20, fieldSize: FIELD_BYTES, parts: limits.maxFiles + 20, headerPairs: 100 },
  });
}

const isMultipart = (req: FastifyRequest) => typeof req.isMultipart === 'function' && req.isMultipart();

/**
 * For the app's CSRF hook: on a multipart request, reads the first part and, if it is the
 * `_csrf` field, sets `req.body = { _csrf }` so the usual token check applies. Reads nothing
 * more. On any other request, does nothing.
 */
export async function readCsrfField(req: FastifyRequest): Promise<void> {
  // A script may send the token as the x-csrf-token header instead; then the body stays unread.
  if (!isMultipart(req) || req.headers['x-csrf-token']) return;
  const parts = req.parts();
  pending.set(req, parts);
  // A malformed body has no token: the check that follows refuses it (403), never a 500.
  const first = await parts.next().catch(() => null);
  if (!first || first.done) return;
  const part = first.value;
  if (part.type === 'field' && part.fieldname === '_csrf' && typeof part.value === 'string') req.body = { _csrf: part.value };
  else if (part.type === 'file') part.file.resume();
}

export interface UploadedFile {
  field: string;
  filename: string;
  /** the content type the browser declared */
  declaredType: string;
  bytes: Buffer;
  /** over the size limit: the bytes are cut off and must not be kept */
  tooLarge: boolean;
}

export interface MultipartForm {
  /** text fields, first value of each, without `_csrf` */
  fields: Record<string, string>;
  files: UploadedFile[];
  /** more files than allowed were sent; those past the limit are not in `files` */
  tooManyFiles: boolean;
}

/**
 * The fields and files of a form post. A url-encoded post (no files) gives its fields. Files
 * with no name and no content (an empty file input) are left out.
 */
export async function readMultipartForm(req: FastifyRequest): Promise<MultipartForm> {
  if (!isMultipart(req)) return { fields: formValues(req.body), files: [], tooManyFiles: false };
  const parts = pending.get(req) ?? req.parts();
  pending.delete(req);
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.valueTruncated) throw new AppError('payload_too_large', { message: `The field ${part.fieldname} is too long.` });
        if (part.fieldname !== '_csrf' && typeof part.value === 'string' && !Object.hasOwn(fields, part.fieldname)) fields[part.fieldname] = part.value;
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      if (bytes.length === 0 && !part.filename) continue;
      files.push({ field: part.fieldname, filename: part.filename, declaredType: part.mimetype, bytes, tooLarge: part.file.truncated });
    }
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'FST_FILES_LIMIT') return { fields, files, tooManyFiles: true };
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('payload_too_large', { message: 'The form has too many fields or files.' });
    if (err instanceof AppError) throw err;
    // Truncated or malformed multipart data: the client's fault, not ours.
    throw new AppError('bad_request', { message: 'The form could not be read. Please try again.' });
  }
  return { fields, files, tooManyFiles: false };
}

/** A file name safe to store and to put in a header: no path, no control or quote characters. */
export function cleanFilename(name: string, fallback = 'attachment'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}"<>:|?*]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(-200);
  return clean.replace(/^\.+/, '') || fallback;
}

/** Content-Disposition for a download: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Sends a stored file as a download, never rendered by the browser in our origin. The caller has
 * checked that the viewer may have it. */
export function sendDownload(reply: FastifyReply, f: { filename: string; content_type: string; size_bytes: number; content: Uint8Array }) {
  return reply
    .code(200)
    .header('content-type', f.content_type)
    .header('content-length', String(f.size_bytes))
    .header('content-disposition', contentDisposition(f.filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', 'sandbox')
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(f.content));
}

/** A kind of file a form accepts: its one content type and the extensions it may have. */
export interface FileKind {
  /** the type stored and served */
  type: string;
  extensions: readonly string[];
  /** what `file-type` reads from the bytes, when not `type` (legacy Office files all read as a
   * compound file, `application/x-cfb`) */
  sniffed?: string;
  /** the types a browser may declare for it, when not only `type` (a CSV is declared three ways) */
  declared?: readonly string[];
  /** a kind without magic bytes (a CSV): whether the bytes are of it, in place of `sniffed` */
  bytesAre?: (bytes: Buffer, sniffed: string | undefined) => boolean;
}

export const PDF_KIND: FileKind = { type: 'application/pdf', extensions: ['pdf'] };
export const DOCX_KIND: FileKind = { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] };
export const XLSX_KIND: FileKind = { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] };
export const PPTX_KIND: FileKind = { type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extensions: ['pptx'] };
export const PNG_KIND: FileKind = { type: 'image/png', extensions: ['png'] };
export const JPEG_KIND: FileKind = { type: 'image/jpeg', extensions: ['jpg', 'jpeg'] };

export interface CheckedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * An uploaded file checked three ways: its extension, the type the browser declared and the type
 * read from its bytes (`file-type`) must all be one of `kinds`; the stored type is the checked
 * one. Gives the file, or the message to show beside the field (`accepted` says what is, in words;
 * `verb` how the form speaks of giving a file, "Upload" unless told; `tooLarge` what to do about a
 * file over the limit, "Upload a smaller file." unless told).
 */
export async function checkUpload(
  f: UploadedFile,
  kinds: readonly FileKind[],
  o: { maxBytes: number; accepted: string; fallbackName?: string; verb?: string; tooLarge?: string },
): Promise<{ ok: true; file: CheckedFile } | { ok: false; message: string }> {
  const filename = cleanFilename(f.filename, o.fallbackName);
  const mb = Math.round(o.maxBytes / (1024 * 1024));
  if (f.tooLarge || f.bytes.length > o.maxBytes) return { ok: false, message: `${filename} is larger than ${mb} MB. ${o.tooLarge ?? 'Upload a smaller file.'}` };
  if (f.bytes.length === 0) return { ok: false, message: `${filename} is empty.` };
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const declared = f.declaredType.split(';')[0]?.trim().toLowerCase() ?? '';
  const sniffed = (await fileTypeFromBuffer(f.bytes))?.mime;
  const kind = kinds.find((k) => k.extensions.includes(ext));
  const declaredOk = kind ? (kind.declared ?? [kind.type]).includes(declared) : false;
  const bytesOk = kind ? (kind.bytesAre ? kind.bytesAre(f.bytes, sniffed) : sniffed === (kind.sniffed ?? kind.type)) : false;
  if (!kind || !declaredOk || !bytesOk) {
    return { ok: false, message: `${filename} is not a file we accept, or its content does not match its type. ${o.verb ?? 'Upload'} ${o.accepted}.` };
  }
  return { ok: true, file: { filename, contentType: kind.type, bytes: f.bytes } };
}

/**
 * For an RFC 8058 one-click unsubscribe route, registered alone in its own scope: the mail client
 * posts `List-Unsubscribe=One-Click` as `multipart/form-data` (what the RFC recommends) or
 * url-encoded; the route acts on its signed link, so a small multipart body is read and dropped
 * (a url-encoded one is parsed as everywhere).
 */
export function acceptOneClickBodies(scope: FastifyInstance): void {
  scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 4096 }, (_req, _body, done) => done(null, {}));
}
