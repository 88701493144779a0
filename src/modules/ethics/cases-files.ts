// Files of a complaint or case: PDF and images only, checked three ways that must agree — the type
// the browser declared, the name's extension and the type sniffed from the bytes (`file-type`).
import { type CheckedFile, checkUpload, JPEG_KIND, PDF_KIND, PNG_KIND, type UploadedFile } from '../../lib/uploads.js';

export const MAX_CASE_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_CASE_FILES = 5;

const KINDS = [PDF_KIND, PNG_KIND, JPEG_KIND];

export const CASE_FILE_ACCEPT = KINDS.flatMap((k) => k.extensions.map((e) => `.${e}`)).join(',');
export const CASE_FILE_TEXT = 'PDF files and PNG or JPEG images, up to 10 MB each, at most 5';

export type CaseFile = CheckedFile;

/** The checked files, or the message to show beside the field. */
export async function checkCaseFiles(files: UploadedFile[], tooMany: boolean): Promise<{ ok: true; files: CaseFile[] } | { ok: false; message: string; tooLarge: boolean }> {
  if (tooMany || files.length > MAX_CASE_FILES) return { ok: false, message: `Attach at most ${MAX_CASE_FILES} files.`, tooLarge: false };
  const out: CaseFile[] = [];
  for (const f of files) {
    const r = await checkUpload(f, KINDS, { maxBytes: MAX_CASE_FILE_BYTES, accepted: CASE_FILE_TEXT, verb: 'Attach', tooLarge: 'Attach a smaller file.' });
    if (!r.ok) return { ok: false, message: r.message, tooLarge: f.tooLarge || f.bytes.length > MAX_CASE_FILE_BYTES };
    out.push(r.file);
  }
  return { ok: true, files: out };
}
