// A resource's file: checked three ways that must agree, as other modules' files are — the type
// the browser declared, the file name's extension, and the type sniffed from the bytes
// (`file-type`). A CSV (a data set) has no magic bytes: it must be UTF-8 text without control
// characters other than tabs and line ends. The stored type is the checked one.
import { fileTypeFromBuffer } from 'file-type';
import { cleanFilename, type UploadedFile } from '../../lib/uploads.js';

export const MAX_FILE_BYTES = 25 * 1024 * 1024;

const OOXML = 'application/vnd.openxmlformats-officedocument';
const KINDS: Array<{ type: string; extensions: string[]; declared: string[] }> = [
  { type: 'application/pdf', extensions: ['pdf'], declared: ['application/pdf'] },
  { type: `${OOXML}.wordprocessingml.document`, extensions: ['docx'], declared: [`${OOXML}.wordprocessingml.document`] },
  { type: `${OOXML}.spreadsheetml.sheet`, extensions: ['xlsx'], declared: [`${OOXML}.spreadsheetml.sheet`] },
  { type: `${OOXML}.presentationml.presentation`, extensions: ['pptx'], declared: [`${OOXML}.presentationml.presentation`] },
  { type: 'text/csv', extensions: ['csv'], declared: ['text/csv', 'application/vnd.ms-excel', 'text/plain'] },
];

export const ACCEPT = KINDS.flatMap((k) => k.extensions.map((e) => `.${e}`)).join(',');
export const ALLOWED_TEXT = 'a PDF, a Word, Excel or PowerPoint document, or a CSV file, up to 25 MB';

export interface CheckedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function isCsvText(bytes: Buffer): boolean {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return !text.includes('\uFFFD') && !BINARY.test(text);
}

/** The checked file, or the message to show beside the field. */
export async function checkFile(f: UploadedFile): Promise<{ ok: true; file: CheckedFile } | { ok: false; message: string }> {
  const filename = cleanFilename(f.filename, 'resource');
  if (f.tooLarge) return { ok: false, message: `${filename} is larger than 25 MB. Upload a smaller file, or link to it.` };
  if (f.bytes.length === 0) return { ok: false, message: `${filename} is empty.` };
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const declared = f.declaredType.split(';')[0]?.trim().toLowerCase() ?? '';
  const kind = KINDS.find((k) => k.extensions.includes(ext));
  const sniffed = (await fileTypeFromBuffer(f.bytes))?.mime;
  const bytesMatch = kind?.type === 'text/csv' ? sniffed === undefined && isCsvText(f.bytes) : sniffed === kind?.type;
  if (!kind?.declared.includes(declared) || !bytesMatch) {
    return { ok: false, message: `${filename} is not a file we accept, or its content does not match its type. Upload ${ALLOWED_TEXT}.` };
  }
  return { ok: true, file: { filename, contentType: kind.type, bytes: f.bytes } };
}
