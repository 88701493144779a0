// What the portal accepts and answers: the contact forms, the login request form, ids in paths
// and `?org=`, and the contacts API's response.
import { z } from 'zod';
import { CONTACT_DUTIES } from '../../db/types.js';
import { phoneNumber } from '../../lib/validators.js';

/** `?org=`: one of the person's organizations (checked in org.ts), default the first. */
export const orgQuery = z.object({ org: z.string().max(200).optional() });
export const userParams = z.object({ userId: z.string().max(100) });
export const idParams = z.object({ id: z.string().max(100) });
/** An invitation's token: in the link's query string, then in the Accept form's body. */
export const tokenQuery = z.object({ token: z.string().max(200).default('') });
export const tokenBody = z.object({ token: z.string().max(200).default('') }).strip();

const duties = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : [v].flat()))
  .pipe(z.array(z.enum(CONTACT_DUTIES, { error: 'Choose from the roles listed.' })).max(3, 'Choose from the roles listed.'))
  .transform((v) => [...new Set(v)]);

const common = {
  title: z.string().trim().max(200, 'Use at most 200 characters.').default(''),
  phone: phoneNumber(40),
  duties,
  admin: z.literal('yes', { error: 'Tick the box or leave it empty.' }).optional(),
};

export const newContactInput = z
  .object({
    name: z.string().trim().min(1, 'Enter the person’s name.').max(200, 'Use at most 200 characters.'),
    email: z.string().trim().toLowerCase().max(254, 'Use at most 254 characters.').pipe(z.email('Enter an email address, like name@example.gov.')),
    ...common,
  })
  .strip();

export const contactChangeInput = z.object(common).strip();

export type NewContact = z.output<typeof newContactInput>;
export type ContactChange = z.output<typeof contactChangeInput>;

export const loginRequestInput = z
  .object({
    name: z.string().trim().min(1, 'Enter your name.').max(200, 'Use at most 200 characters.'),
    email: z.string().trim().toLowerCase().max(254, 'Use at most 254 characters.').pipe(z.email('Enter your work email address, like name@example.gov.')),
    title: z.string().trim().max(200, 'Use at most 200 characters.').default(''),
    organization: z.string().trim().min(2, 'Enter the name of your organization.').max(200, 'Use at most 200 characters.'),
  })
  .strip();

export type LoginRequestInput = z.output<typeof loginRequestInput>;

/** A queued request: the form's answers and the account of whoever was signed in when asking
 * (never from the form: the route adds it), or null for a visitor. */
export const loginRequestJob = loginRequestInput.extend({ actorUserId: z.uuid().nullable().default(null) });
export type LoginRequestJob = z.input<typeof loginRequestJob>;

export const contactResponse = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  title: z.string(),
  phone: z.string(),
  duties: z.array(z.enum(CONTACT_DUTIES)),
  role: z.enum(['contact', 'admin']),
});

/** A seat not taken yet: the name typed by whoever invited, never an account's. */
export const pendingResponse = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['contact', 'admin']),
  sentAt: z.string(),
  expiresAt: z.string(),
  expired: z.boolean(),
});
