// Reading a page the way a person or a form would: the value of a hidden field, the choices of a
// form.

/** The value of a hidden field in a page. */
export function hiddenValue(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m?.[1]) throw new Error(`no hidden ${name} in the page`);
  return m[1];
}

/** The `value`s of the slot choices on a page, in order. */
export const slotValues = (html: string) => [...html.matchAll(/name="slot" value="([^"]+)"/g), ...html.matchAll(/<option value="(\d{4}-[^"]+)"/g)].map((m) => m[1] ?? '');
