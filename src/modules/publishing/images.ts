// Images in an item's text: uploaded by the author, checked by their bytes (not their name),
// resized to at most 1600 pixels wide, re-encoded (which drops EXIF and its GPS position), with
// alt text required. Served at /media/images/<id> to everyone: put nothing private in an image.
import type { Kysely } from 'kysely';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import type { DB } from '../../db/types.js';
import { isUuid } from '../../lib/validators.js';
import { IMAGE_PATH } from './markdown.js';

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_IMAGE_WIDTH = 1600;
const MAX_INPUT_PIXELS = 50_000_000;

export type ImageResult = { ok: true; id: string; url: string; markdown: string; width: number; height: number } | { ok: false; field: 'file' | 'alt'; message: string };

/** Stores an uploaded image, or says what is wrong with it. */
export async function storeImage(db: Kysely<DB>, uploadedBy: string, input: { bytes: Buffer; tooLarge?: boolean; alt: string }): Promise<ImageResult> {
  const alt = input.alt.replace(/\s+/g, ' ').trim();
  if (!alt) return { ok: false, field: 'alt', message: 'Describe the image for people who cannot see it (alt text).' };
  if (alt.length > 300) return { ok: false, field: 'alt', message: 'Keep the alt text under 300 characters; put longer descriptions in the text.' };
  if (input.tooLarge) return { ok: false, field: 'file', message: 'The image is larger than 10 MB.' };
  if (input.bytes.length === 0) return { ok: false, field: 'file', message: 'Choose an image (JPEG, PNG or WebP).' };
  let meta: Metadata;
  try {
    meta = await sharp(input.bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch {
    return { ok: false, field: 'file', message: 'That file is not an image we can read. Upload a JPEG, PNG or WebP image.' };
  }
  const format = meta.format === 'jpeg' || meta.format === 'png' || meta.format === 'webp' ? meta.format : null;
  if (!format) return { ok: false, field: 'file', message: 'Upload a JPEG, PNG or WebP image.' };
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await sharp(input.bytes, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize({ width: MAX_IMAGE_WIDTH, withoutEnlargement: true })
      .toFormat(format, format === 'png' ? { compressionLevel: 9 } : { quality: 82 })
      .toBuffer({ resolveWithObject: true });
  } catch {
    return { ok: false, field: 'file', message: 'That image could not be processed (it may be damaged or too large in pixels).' };
  }
  const contentType = `image/${format}` as 'image/jpeg' | 'image/png' | 'image/webp';
  const row = await db
    .insertInto('content_images')
    .values({ content_type: contentType, width: out.info.width, height: out.info.height, size_bytes: out.data.length, content: out.data, alt, uploaded_by: uploadedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  const url = `${IMAGE_PATH}${row.id}`;
  return { ok: true, id: row.id, url, markdown: `![${alt.replace(/[[\]]/g, '')}](${url})`, width: out.info.width, height: out.info.height };
}

export async function imageById(db: Kysely<DB>, id: string) {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('content_images').select(['content_type', 'size_bytes', 'content']).where('id', '=', id).executeTakeFirst();
}
