// Password rules (ASVS V6): at least 12 characters, no composition rules, not a common
// password, never silently truncated.
import commonPasswords from 'fxa-common-password-list';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** The reason a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  if (commonPasswords.test(password) || commonPasswords.test(password.toLowerCase())) {
    return 'This password is too common. Choose one that is harder to guess, such as a few unrelated words.';
  }
  if (email && password.toLowerCase() === email.toLowerCase()) return 'Do not use your email address as your password.';
  return null;
}
