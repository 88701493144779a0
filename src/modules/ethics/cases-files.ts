// Files of a complaint or case: PDF and images only, checked three ways that must agree — the type
// the browser declared, the name's extension and the type sniffed from the bytes (`file-type`).
import { fileTypeFromBuffer } from 'file-type';
import { cleanFilename, type UploadedFile } from '../../lib/uploads.js';

export const MAX_CASE_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_CASE_FILES = 5;

const KINDS: Array<{ type: string; extensions: string[] }> = [
  { type: 'application/pdf', extensions: ['pdf'] },
  { type: 'image/png', extensions: ['png'] },
  { type: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
];

export const CASE_FILE_ACCEPT = KINDS.flatMap((k) => k.extensions.map((e) => `.${e}`)).join(',');
export const CASE_FILE_TEXT = 'PDF files and PNG or JPEG images, up to 10 MB each, at most 5';

export interface CaseFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** The checked files, or the message to show beside the field. */
export async function checkCaseFiles(files: UploadedFile[], tooMany: boolean): Promise<{ ok: true; files: CaseFile[] } | { ok: false; message: string; tooLarge: boolean }> {
  if (tooMany || files.length > MAX_CASE_FILES) return { ok: false, message: `Attach at most ${MAX_CASE_FILES} files.`, tooLarge: false };
  const out: CaseFile[] = [];
  for (const f of files) {
    const filename = cleanFilename(f.filename);
    if (f.tooLarge) return { ok: false, message: `${filename} is larger than 10 MB. Attach a smaller file.`, tooLarge: true };
    if (f.bytes.length === 0) return { ok: false, message: `${filename} is empty.`, tooLarge: false };
    const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
    const declared = f.declaredType.split(';')[0]?.trim().toLowerCase() ?? '';
    const sniffed = (await fileTypeFromBuffer(f.bytes))?.mime;
    const kind = KINDS.find((k) => k.extensions.includes(ext));
    if (!kind || declared !== kind.type || sniffed !== kind.type) {
      return { ok: false, message: `${filename} is not a file we accept, or its content does not match its type. Attach ${CASE_FILE_TEXT}.`, tooLarge: false };
    }
    out.push({ filename, contentType: kind.type, bytes: f.bytes });
  }
  return { ok: true, files: out };
}
