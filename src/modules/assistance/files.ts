// Attachments: which files a request may carry, checked three ways that must agree — the type
// the browser declared, the file name's extension, and the type sniffed from the bytes
// (`file-type`). The stored type is the checked one, never just what the browser said.
import { type CheckedFile, checkUpload, DOCX_KIND, type FileKind, JPEG_KIND, PDF_KIND, PNG_KIND, PPTX_KIND, type UploadedFile, XLSX_KIND } from '../../lib/uploads.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 5;

const OPENDOCUMENT = 'application/vnd.oasis.opendocument';
// Legacy Office files all read as a compound file (`application/x-cfb`).
const KINDS: FileKind[] = [
  PDF_KIND,
  PNG_KIND,
  JPEG_KIND,
  { type: 'image/gif', extensions: ['gif'] },
  { type: 'image/webp', extensions: ['webp'] },
  DOCX_KIND,
  XLSX_KIND,
  PPTX_KIND,
  { sniffed: 'application/x-cfb', type: 'application/msword', extensions: ['doc'] },
  { sniffed: 'application/x-cfb', type: 'application/vnd.ms-excel', extensions: ['xls'] },
  { sniffed: 'application/x-cfb', type: 'application/vnd.ms-powerpoint', extensions: ['ppt'] },
  { type: `${OPENDOCUMENT}.text`, extensions: ['odt'] },
  { type: `${OPENDOCUMENT}.spreadsheet`, extensions: ['ods'] },
  { type: `${OPENDOCUMENT}.presentation`, extensions: ['odp'] },
];

/** For the file input's `accept` (a hint to the browser; the server decides). */
export const ACCEPT = KINDS.flatMap((k) => k.extensions.map((e) => `.${e}`)).join(',');
export const ALLOWED_TEXT = 'PDF, images (PNG, JPEG, GIF, WebP) and office documents (Word, Excel, PowerPoint, OpenDocument)';

export type { CheckedFile };

/** The checked file, or the message to show beside the field. */
export const checkFile = (f: UploadedFile) =>
  checkUpload(f, KINDS, { maxBytes: MAX_FILE_BYTES, accepted: ALLOWED_TEXT, verb: 'Attach', tooLarge: 'Attach a smaller file, or share a link in the description.' });

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
