// Files of a cohort's space: which files a participant may share, checked three ways that must
// agree — the type the browser declared, the file name's extension, and the type sniffed from the
// bytes (`file-type`), as technical assistance does. The stored type is the checked one.
import { type CheckedFile, checkUpload, DOCX_KIND, JPEG_KIND, PDF_KIND, PNG_KIND, PPTX_KIND, type UploadedFile, XLSX_KIND } from '../../lib/uploads.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const KINDS = [PDF_KIND, PNG_KIND, JPEG_KIND, DOCX_KIND, XLSX_KIND, PPTX_KIND];

/** For the file input's `accept` (a hint to the browser; the server decides). */
export const ACCEPT = KINDS.flatMap((k) => k.extensions.map((e) => `.${e}`)).join(',');
export const ALLOWED_TEXT = 'PDF, PNG or JPEG images, and Word, Excel or PowerPoint documents, up to 10 MB';

export type { CheckedFile };

/** The checked file, or the message to show beside the field. */
export const checkFile = (f: UploadedFile) => checkUpload(f, KINDS, { maxBytes: MAX_FILE_BYTES, accepted: ALLOWED_TEXT, verb: 'Share', tooLarge: 'Share a smaller file.' });
