// A resource's file: checked three ways that must agree, as other modules' files are — the type
// the browser declared, the file name's extension, and the type sniffed from the bytes
// (`file-type`). A CSV (a data set) has no magic bytes: it must be UTF-8 text without control
// characters other than tabs and line ends. The stored type is the checked one.
import { type CheckedFile, checkUpload, DOCX_KIND, type FileKind, PDF_KIND, PPTX_KIND, type UploadedFile, XLSX_KIND } from '../../lib/uploads.js';

export const MAX_FILE_BYTES = 25 * 1024 * 1024;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function isCsvText(bytes: Buffer): boolean {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return !text.includes('\uFFFD') && !BINARY.test(text);
}

const CSV_KIND: FileKind = {
  type: 'text/csv',
  extensions: ['csv'],
  declared: ['text/csv', 'application/vnd.ms-excel', 'text/plain'],
  bytesAre: (bytes, sniffed) => sniffed === undefined && isCsvText(bytes),
};
const KINDS: FileKind[] = [PDF_KIND, DOCX_KIND, XLSX_KIND, PPTX_KIND, CSV_KIND];

export const ACCEPT = KINDS.flatMap((k) => k.extensions.map((e) => `.${e}`)).join(',');
export const ALLOWED_TEXT = 'a PDF, a Word, Excel or PowerPoint document, or a CSV file, up to 25 MB';

export type { CheckedFile };

/** The checked file, or the message to show beside the field. */
export const checkFile = (f: UploadedFile) =>
  checkUpload(f, KINDS, { maxBytes: MAX_FILE_BYTES, accepted: ALLOWED_TEXT, fallbackName: 'resource', tooLarge: 'Upload a smaller file, or link to it.' });
