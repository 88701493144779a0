// Files of a cohort's space: which files a participant may share, checked three ways that must
// agree — the type the browser declared, the file name's extension, and the type sniffed from the
// bytes (`file-type`), as technical assistance does. The stored type is the checked one.
import { fileTypeFromBuffer } from 'file-type';
import { cleanFilename, type UploadedFile } from '../../lib/uploads.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const OOXML = 'application/vnd.openxmlformats-officedocument';
const KINDS: Array<{ sniffed: string; type: string; extensions: string[] }> = [
  { sniffed: 'application/pdf', type: 'application/pdf', extensions: ['pdf'] },
  { sniffed: 'image/png', type: 'image/png', extensions: ['png'] },
  { sniffed: 'image/jpeg', type: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  { sniffed: `${OOXML}.wordprocessingml.document`, type: `${OOXML}.wordprocessingml.document`, extensions: ['docx'] },
  { sniffed: `${OOXML}.spreadsheetml.sheet`, type: `${OOXML}.spreadsheetml.sheet`, extensions: ['xlsx'] },
  { sniffed: `${OOXML}.presentationml.presentation`, type: `${OOXML}.presentationml.presentation`, extensions: ['pptx'] },
];

/** For the file input's `accept` (a hint to the browser; the server decides). */
export const ACCEPT = KINDS.flatMap((k) => k.extensions.map((e) => `.${e}`)).join(',');
export const ALLOWED_TEXT = 'PDF, PNG or JPEG images, and Word, Excel or PowerPoint documents, up to 10 MB';

export interface CheckedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** The checked file, or the message to show beside the field. */
export async function checkFile(f: UploadedFile): Promise<{ ok: true; file: CheckedFile } | { ok: false; message: string }> {
  const filename = cleanFilename(f.filename);
  if (f.tooLarge) return { ok: false, message: `${filename} is larger than 10 MB. Share a smaller file.` };
  if (f.bytes.length === 0) return { ok: false, message: `${filename} is empty.` };
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const declared = f.declaredType.split(';')[0]?.trim().toLowerCase() ?? '';
  const sniffed = (await fileTypeFromBuffer(f.bytes))?.mime;
  const kind = KINDS.find((k) => k.extensions.includes(ext));
  if (!kind || declared !== kind.type || sniffed !== kind.sniffed) {
    return { ok: false, message: `${filename} is not a file we accept, or its content does not match its type. Share ${ALLOWED_TEXT}.` };
  }
  return { ok: true, file: { filename, contentType: kind.type, bytes: f.bytes } };
}
