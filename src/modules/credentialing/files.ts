// Evidence files of self-reported PD activities: a PDF, PNG or JPEG of at most 5 MB, where the
// declared type, the extension and the type sniffed from the bytes (`file-type`) agree, as the
// cohorts' space checks its files. The stored type is the checked one.
import { fileTypeFromBuffer } from 'file-type';
import { cleanFilename, type UploadedFile } from '../../lib/uploads.js';

export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

const KINDS = [
  { type: 'application/pdf', extensions: ['pdf'] },
  { type: 'image/png', extensions: ['png'] },
  { type: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
];

export const EVIDENCE_ACCEPT = KINDS.flatMap((k) => k.extensions.map((e) => `.${e}`)).join(',');
export const EVIDENCE_TEXT = 'a PDF, PNG or JPEG of at most 5 MB (a certificate, a receipt, an agenda)';

export interface CheckedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** The checked file, or the message to show beside the field. */
export async function checkEvidence(f: UploadedFile): Promise<{ ok: true; file: CheckedFile } | { ok: false; message: string }> {
  const filename = cleanFilename(f.filename);
  if (f.tooLarge) return { ok: false, message: `${filename} is larger than 5 MB. Upload a smaller file.` };
  if (f.bytes.length === 0) return { ok: false, message: `${filename} is empty.` };
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const declared = f.declaredType.split(';')[0]?.trim().toLowerCase() ?? '';
  const sniffed = (await fileTypeFromBuffer(f.bytes))?.mime;
  const kind = KINDS.find((k) => k.extensions.includes(ext));
  if (!kind || declared !== kind.type || sniffed !== kind.type) {
    return { ok: false, message: `${filename} is not a file we accept, or its content does not match its type. Upload ${EVIDENCE_TEXT}.` };
  }
  return { ok: true, file: { filename, contentType: kind.type, bytes: f.bytes } };
}
