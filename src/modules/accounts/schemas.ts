// Request shapes of the accounts module.
import { z } from 'zod';
import { INVITABLE_ROLES } from '../../db/types.js';

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

// Staff accounts (staff-routes.ts): one checkbox per role, named `role_<role>`, gathered into
// `roles`; an unknown role is an error of the `roles` field, as is choosing none.
function gatherRoles(body: unknown): unknown {
  if (!body || typeof body !== 'object') return body;
  const roles = Object.entries(body)
    .filter(([key, value]) => key.startsWith('role_') && value !== '')
    .map(([key]) => key.slice('role_'.length));
  return { ...body, roles };
}

const roles = z.array(z.enum(INVITABLE_ROLES, { error: 'Choose roles from the list: one of them does not exist.' })).min(1, 'Choose at least one role.');

export const staffRolesForm = z.preprocess(gatherRoles, z.object({ roles }));

export const staffInviteForm = z.preprocess(
  gatherRoles,
  z.object({
    name: z.string().trim().min(1, 'Enter the person’s name.').max(200, 'Use at most 200 characters.'),
    email: z.string().trim().min(1, 'Enter their email address.').max(254, 'Use at most 254 characters.').email('Enter an email address like name@example.gov.'),
    roles,
  }),
);

export const staffAcceptForm = z.object({
  token: z.string().min(10).max(200),
  password: z.string().max(1024, 'That password is too long.').optional(),
});

export const staffInvitationQuery = z.object({ token: z.string().max(200) }).catch({ token: '' });

export const idParams = z.object({ id: z.uuid() });
