// The logo of a sponsorship application, refused with words the company can act on: a logo
// exported far too large in pixels is told its size and the limit (it was 'could not be read (it
// may be damaged or too large in pixels)'); a damaged file is told it could not be read. Neither
// keeps anything nor sends an email.
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aLogoPng, aSponsorshipPackage } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

/** A PNG whose header says `width` × `height` pixels (grey, 8-bit), with one row of data: its size
 * is readable without decoding it, as a real logo exported at that size would be. */
function pngSaying(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const idat = deflateSync(Buffer.alloc(width + 1));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('a logo the application cannot keep', () => {
  it('too large in pixels: says its size, the limit and what we show; nothing is kept or sent', async () => {
    const pkg = await aSponsorshipPackage(ctx, { name: 'Pixel Silver', tier: 'silver' });
    const email = 'big.logo@pixels.example';
    const fields = { packageId: pkg.id, companyName: 'Huge Pixels Inc.', contactName: 'Max Pix', email, website: '' };
    const res = await ctx
      .client()
      .postMultipart('/partners/sponsorship/apply', fields, [{ field: 'logo', filename: 'huge.png', type: 'image/png', content: pngSaying(12_000, 12_000) }]);
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body, '#f-logo-error')).toContain(
      'This image is 12,000 × 12,000 pixels, more than we can take (25 million pixels, like 5,000 × 5,000). Export it smaller: we show logos at most 600 × 300 pixels.',
    );
    // the rest of the form is kept
    expect(textOf(res.body, 'h1')).toBe('Apply to sponsor');
    const kept = await ctx.deps.db.selectFrom('sponsorship_applications').select('id').where('package_id', '=', pkg.id).execute();
    expect(kept).toHaveLength(0);
    expect(await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', email).execute()).toHaveLength(0);
  });

  it('damaged: says it could not be read', async () => {
    const pkg = await aSponsorshipPackage(ctx, { name: 'Broken Silver', tier: 'silver' });
    const whole = await aLogoPng('#123456', 200, 100);
    const res = await ctx
      .client()
      .postMultipart('/partners/sponsorship/apply', { packageId: pkg.id, companyName: 'Broken Files LLC', contactName: 'Bo Ken', email: 'bo@broken.example', website: '' }, [
        { field: 'logo', filename: 'broken.png', type: 'image/png', content: whole.subarray(0, 60) },
      ]);
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body, '#f-logo-error')).toContain('That image could not be read (it may be damaged). Upload a PNG or JPEG image.');
  });
});
