// Money is integer cents everywhere; this only formats it for people.
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error('amounts are whole cents');
  return usd.format(cents / 100);
}

/** Whole dollars without cents, as in price lists: 120000 → '$1,200'; 120050 → '$1,200.50'. */
export function formatMoney(cents: number): string {
  return cents % 100 === 0 ? `$${(cents / 100).toLocaleString('en-US')}` : formatCents(cents);
}
