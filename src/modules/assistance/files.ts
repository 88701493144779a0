// Attachments: which files a request may carry, checked three ways that must agree — the type
// the browser declared, the file name's extension, and the type sniffed from the bytes
// (`file-type`). The stored type is the checked one, never just what the browser said.
import { fileTypeFromBuffer } from 'file-type';
import { cleanFilename, type UploadedFile } from '../../lib/uploads.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 5;

interface Kind {
  /** sniffed mime type (file-type); legacy Office files all sniff as a compound file */
  sniffed: string;
  /** the type stored and served */
  type: string;
  extensions: string[];
}

const OOXML = 'application/vnd.openxmlformats-officedocument';
const KINDS: Kind[] = [
  { sniffed: 'application/pdf', type: 'application/pdf', extensions: ['pdf'] },
  { sniffed: 'image/png', type: 'image/png', extensions: ['png'] },
  { sniffed: 'image/jpeg', type: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  { sniffed: 'image/gif', type: 'image/gif', extensions: ['gif'] },
  { sniffed: 'image/webp', type: 'image/webp', extensions: ['webp'] },
  { sniffed: `${OOXML}.wordprocessingml.document`, type: `${OOXML}.wordprocessingml.document`, extensions: ['docx'] },
  { sniffed: `${OOXML}.spreadsheetml.sheet`, type: `${OOXML}.spreadsheetml.sheet`, extensions: ['xlsx'] },
  { sniffed: `${OOXML}.presentationml.presentation`, type: `${OOXML}.presentationml.presentation`, extensions: ['pptx'] },
  { sniffed: 'application/x-cfb', type: 'application/msword', extensions: ['doc'] },
  { sniffed: 'application/x-cfb', type: 'application/vnd.ms-excel', extensions: ['xls'] },
  { sniffed: 'application/x-cfb', type: 'application/vnd.ms-powerpoint', extensions: ['ppt'] },
  { sniffed: 'application/vnd.oasis.opendocument.text', type: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  { sniffed: 'application/vnd.oasis.opendocument.spreadsheet', type: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'] },
  { sniffed: 'application/vnd.oasis.opendocument.presentation', type: 'application/vnd.oasis.opendocument.presentation', extensions: ['odp'] },
];

/** For the file input's `accept` (a hint to the browser; the server decides). */
export const ACCEPT = KINDS.flatMap((k) => k.extensions.map((e) => `.${e}`)).join(',');
export const ALLOWED_TEXT = 'PDF, images (PNG, JPEG, GIF, WebP) and office documents (Word, Excel, PowerPoint, OpenDocument)';

export interface CheckedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** The checked file, or the message to show beside the field. */
export async function checkFile(f: UploadedFile): Promise<{ ok: true; file: CheckedFile } | { ok: false; message: string }> {
  const filename = cleanFilename(f.filename);
  if (f.tooLarge) return { ok: false, message: `${filename} is larger than 10 MB. Attach a smaller file, or share a link in the description.` };
  if (f.bytes.length === 0) return { ok: false, message: `${filename} is empty.` };
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const declared = f.declaredType.split(';')[0]?.trim().toLowerCase() ?? '';
  const sniffed = (await fileTypeFromBuffer(f.bytes))?.mime;
  const kind = KINDS.find((k) => k.extensions.includes(ext));
  if (!kind || declared !== kind.type || sniffed !== kind.sniffed) {
    return { ok: false, message: `${filename} is not a file we accept, or its content does not match its type. Attach ${ALLOWED_TEXT}.` };
  }
  return { ok: true, file: { filename, contentType: kind.type, bytes: f.bytes } };
}

/** Checks every file of a form; the first problem is the field's message. */
export async function checkFiles(files: UploadedFile[], tooMany: boolean): Promise<{ files: CheckedFile[]; error?: string }> {
  if (tooMany || files.length > MAX_FILES) return { files: [], error: `Attach at most ${MAX_FILES} files.` };
  const out: CheckedFile[] = [];
  for (const f of files) {
    const r = await checkFile(f);
    if (!r.ok) return { files: [], error: r.message };
    out.push(r.file);
  }
  return { files: out };
}
