// The agreement file: a PDF or Word document of at most 10 MB, where the declared type, the
// extension and the type sniffed from the bytes agree (`checkUpload`, as the other modules'
// uploads are checked). The stored type is the checked one.
import { type CheckedFile, checkUpload, DOCX_KIND, PDF_KIND, type UploadedFile } from '../../lib/uploads.js';

export type { CheckedFile };
export const MAX_AGREEMENT_BYTES = 10 * 1024 * 1024;

/** The checked file, or the message to show beside the field. */
export const checkAgreementFile = (f: UploadedFile) =>
  checkUpload(f, [PDF_KIND, DOCX_KIND], { maxBytes: MAX_AGREEMENT_BYTES, accepted: 'a PDF or a Word document (.docx)', fallbackName: 'agreement' });
