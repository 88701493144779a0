// The agreement file: a PDF or Word document of at most 10 MB, where the declared type, the
// extension and the type sniffed from the bytes (`file-type`) agree, as credentialing and the
// assistance requests check theirs. The stored type is the checked one.
import { fileTypeFromBuffer } from 'file-type';
import { cleanFilename, type UploadedFile } from '../../lib/uploads.js';

export const MAX_AGREEMENT_BYTES = 10 * 1024 * 1024;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const KINDS = [
  { type: 'application/pdf', extensions: ['pdf'] },
  { type: DOCX, extensions: ['docx'] },
];

export interface CheckedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** The checked file, or the message to show beside the field. */
export async function checkAgreementFile(f: UploadedFile): Promise<{ ok: true; file: CheckedFile } | { ok: false; message: string }> {
  const filename = cleanFilename(f.filename, 'agreement');
  if (f.tooLarge) return { ok: false, message: `${filename} is larger than 10 MB. Upload a smaller file.` };
  if (f.bytes.length === 0) return { ok: false, message: `${filename} is empty.` };
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const declared = f.declaredType.split(';')[0]?.trim().toLowerCase() ?? '';
  const sniffed = (await fileTypeFromBuffer(f.bytes))?.mime;
  const kind = KINDS.find((k) => k.extensions.includes(ext));
  if (!kind || declared !== kind.type || sniffed !== kind.type) {
    return { ok: false, message: `${filename} is not a file we accept, or its content does not match its type. Upload a PDF or a Word document (.docx).` };
  }
  return { ok: true, file: { filename, contentType: kind.type, bytes: f.bytes } };
}
