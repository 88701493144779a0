// Money is integer cents everywhere; this only formats it for people.
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error('amounts are whole cents');
  return usd.format(cents / 100);
}
