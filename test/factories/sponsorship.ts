// Test factories of sponsorship (issue 20, R3): a package made by staff's use case, and an
// application sent and confirmed through the module's own use cases (so it waits for a decision).
import sharp from 'sharp';
import type { UsAddress } from '../../src/lib/us-address.js';
import { confirmApplication, createPackage, startApplication } from '../../src/modules/sponsorship/index.js';
import { dayFromToday, latestLinkTo } from '../helpers.js';
import type { FactoryContext } from './context.js';

let n = 0;

const ADDRESS: UsAddress = { addressLine1: '200 Commerce Street', addressLine2: '', city: 'Springfield', state: 'IL', zip: '62701' };
/** as an application sent before the form asked for an address */
const NO_ADDRESS: UsAddress = { addressLine1: '', addressLine2: '', city: '', state: '', zip: '' };

/** A small PNG logo of the given colour. */
export async function aLogoPng(colour = '#336699', width = 120, height = 60): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

export async function aSponsorshipPackage(
  ctx: FactoryContext,
  o: {
    name?: string;
    tier?: 'platinum' | 'gold' | 'silver' | 'bronze';
    priceCents?: number;
    quantity?: number;
    eventId?: string | null;
    deadline?: string;
    benefits?: string;
  } = {},
): Promise<{ id: string; name: string }> {
  const name = o.name ?? `Test Package ${++n}`;
  const deadline = o.deadline ?? dayFromToday(ctx.deps, 30);
  const id = await createPackage(
    ctx.deps,
    { userId: null },
    {
      name,
      tier: o.tier ?? 'gold',
      eventId: o.eventId ?? null,
      price: o.priceCents ?? 500_000,
      quantity: o.quantity ?? 3,
      deadline,
      benefits: o.benefits ?? 'Logo on the website\nTwo passes',
    },
  );
  return { id, name };
}

/** An application confirmed by its email link (status: waiting for a decision); `address: null`
 * makes one without a billing address, as those sent before the form asked for one. */
export async function aSponsorshipApplication(
  ctx: FactoryContext,
  o: { packageId: string; company?: string; email?: string; contactName?: string; website?: string; address?: UsAddress | null },
): Promise<{ id: string; company: string; email: string }> {
  const k = ++n;
  const company = o.company ?? `Company ${k} Inc.`;
  const email = o.email ?? `sponsor-${Date.now().toString(36)}-${k}@company.example`;
  const bytes = await aLogoPng();
  await startApplication(
    ctx.deps,
    {
      packageId: o.packageId,
      companyName: company,
      contactName: o.contactName ?? `Contact ${k}`,
      email,
      website: o.website ?? '',
      ...(o.address === null ? NO_ADDRESS : (o.address ?? ADDRESS)),
    },
    { type: 'image/png', width: 120, height: 60, bytes },
  );
  const link = await latestLinkTo(ctx, email, 'sponsorship.confirm_application');
  const token = new URL(link).searchParams.get('token') ?? '';
  const id = await confirmApplication(ctx.deps, token);
  if (!id) throw new Error('the application was not confirmed');
  return { id, company, email };
}
