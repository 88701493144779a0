// Request shapes of the accounts module.
import { z } from 'zod';
import { INVITABLE_ROLES, type InvitableRole } from '../../db/types.js';

const email = z.string().trim().min(1, 'Enter your email address.').max(254, 'Use at most 254 characters.').email('Enter an email address like name@example.gov.');

export const loginForm = z.object({
  email,
  password: z.string().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
  next: z.string().max(500).optional(),
});

export const emailForm = z.object({ email });

export const codeForm = z.object({
  code: z.string().trim().min(1, 'Enter the code.').max(40, 'That code is too long.'),
});

export const resetForm = z.object({
  token: z.string().min(10, 'This link is incomplete.').max(200),
  password: z.string().min(1, 'Enter a new password.').max(1024, 'That password is too long.'),
});

export const tokenForm = z.object({ token: z.string().min(10).max(200) });
export const tokenQuery = z.object({ token: z.string().max(200).optional() });

export const meResponse = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  organizations: z.array(z.object({ id: z.string(), role: z.string() })),
  twoFactor: z.boolean(),
});

// Confirming an address (verification.ts): the link's token and where to go after.
export const verifyQuery = z.object({ token: z.string().max(200).optional(), next: z.string().max(500).optional() });
export const verifyForm = z.object({ token: z.string().min(10).max(200), next: z.string().max(500).optional() });

// Staff accounts (staff-routes.tsx): one checkbox per role, named `role_<role>`; an unknown role
// is an error of the `roles` field, as is choosing none.
const invitable = (role: string): role is InvitableRole => (INVITABLE_ROLES as readonly string[]).includes(role);

function rolesOf(values: Record<string, unknown>, ctx: z.RefinementCtx): InvitableRole[] {
  const roles: InvitableRole[] = [];
  for (const [key, value] of Object.entries(values)) {
    const role = /^role_(.+)$/.exec(key)?.[1];
    if (role === undefined || value === '' || value === undefined) continue;
    if (!invitable(role)) {
      ctx.addIssue({ code: 'custom', path: ['roles'], message: 'Choose roles from the list: one of them does not exist.' });
      return [];
    }
    roles.push(role);
  }
  if (roles.length === 0) ctx.addIssue({ code: 'custom', path: ['roles'], message: 'Choose at least one role.' });
  return roles;
}

export const staffRolesForm = z.looseObject({}).transform((v, ctx) => ({ roles: rolesOf(v, ctx) }));

export const staffInviteForm = z
  .looseObject({
    name: z.string().trim().min(1, 'Enter the person’s name.').max(200, 'Use at most 200 characters.'),
    email: z.string().trim().min(1, 'Enter their email address.').max(254, 'Use at most 254 characters.').email('Enter an email address like name@example.gov.'),
  })
  .transform((v, ctx) => ({ name: v.name, email: v.email, roles: rolesOf(v, ctx) }));

export const staffAcceptForm = z.object({
  token: z.string().min(10).max(200),
  password: z.string().max(1024, 'That password is too long.').optional(),
});

export const staffInvitationQuery = z.object({ token: z.string().max(200) }).catch({ token: '' });

export const idParams = z.object({ id: z.uuid() });
