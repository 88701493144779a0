// A sponsor's logo: a PNG or JPEG of at most 2 MB whose extension, declared type and bytes agree
// (`checkUpload`), then re-encoded in its own format within 600 × 300 pixels (which drops any
// metadata and any payload riding in the file). Logos are public once the sponsor is accepted.
import sharp from 'sharp';
import { checkUpload, JPEG_KIND, PNG_KIND, type UploadedFile } from '../../lib/uploads.js';

export const MAX_LOGO_BYTES = 2 * 1024 * 1024;
const MAX_WIDTH = 600;
const MAX_HEIGHT = 300;
const MAX_INPUT_PIXELS = 25_000_000;

export interface Logo {
  type: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  bytes: Buffer;
}

/** The logo ready to keep, or the message to show beside the field. */
export async function prepareLogo(f: UploadedFile): Promise<{ ok: true; logo: Logo } | { ok: false; message: string }> {
  const checked = await checkUpload(f, [PNG_KIND, JPEG_KIND], { maxBytes: MAX_LOGO_BYTES, accepted: 'a PNG or JPEG image of at most 2 MB', fallbackName: 'logo' });
  if (!checked.ok) return checked;
  const type = checked.file.contentType === 'image/png' ? 'image/png' : 'image/jpeg';
  // The size in pixels is in the header: a logo exported very large is refused with its size and
  // the limit, rather than as an image that "could not be read".
  const size = await sharp(checked.file.bytes)
    .metadata()
    .then((m) => ({ width: m.width ?? 0, height: m.height ?? 0 }))
    .catch(() => null);
  if (size && size.width * size.height > MAX_INPUT_PIXELS)
    return {
      ok: false,
      message: `This image is ${size.width.toLocaleString('en-US')} × ${size.height.toLocaleString('en-US')} pixels, more than we can take (25 million pixels, like 5,000 × 5,000). Export it smaller: we show logos at most ${MAX_WIDTH} × ${MAX_HEIGHT} pixels.`,
    };
  try {
    const out = await sharp(checked.file.bytes, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize({ width: MAX_WIDTH, height: MAX_HEIGHT, fit: 'inside', withoutEnlargement: true })
      .toFormat(type === 'image/png' ? 'png' : 'jpeg', type === 'image/png' ? { compressionLevel: 9 } : { quality: 85 })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, logo: { type, width: out.info.width, height: out.info.height, bytes: out.data } };
  } catch {
    return { ok: false, message: 'That image could not be read (it may be damaged). Upload a PNG or JPEG image.' };
  }
}
