// Request shapes of the accounts module.
import { z } from 'zod';

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
