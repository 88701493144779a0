// Dues calculator island: updates the result as you type, from GET /api/v1/dues/quote.
// The page works without it (the form submits to /dues). The result region is aria-live="polite".
const form = document.querySelector('form.dues-calculator');
const result = document.getElementById('dues-result');
if (form && result) {
  const type = form.elements.namedItem('entityType');
  const pop = form.elements.namedItem('population');
  const money = (c) => `$${(c / 100).toLocaleString('en-US', { minimumFractionDigits: c % 100 ? 2 : 0 })}`;
  const num = (n) => n.toLocaleString('en-US');
  // "a city", "a Tribal nation": the page's words for each type (organizations' ENTITY_TYPE_NOUNS)
  const nouns = JSON.parse(form.dataset.nouns ?? '{}');
  const aType = (t) => {
    const words = nouns[t] ?? '';
    return words.charAt(0).toUpperCase() + words.slice(1);
  };
  // apply: the answers to carry into the application, as the page without script links them.
  const show = (title, text, email, apply) => {
    const h = document.createElement('h2');
    h.textContent = title;
    const p = document.createElement('p');
    p.textContent = text;
    if (email) {
      const a = document.createElement('a');
      a.href = `mailto:${email}`;
      a.textContent = email;
      p.append(a, '.');
    }
    const parts = [h, p];
    if (apply) {
      const link = document.createElement('a');
      link.className = 'button';
      link.href = `/apply?${new URLSearchParams({ entity_type: apply.entityType, population: String(apply.population) })}`;
      link.textContent = 'Apply with these answers';
      const wrap = document.createElement('p');
      wrap.append(link);
      parts.push(wrap);
    }
    result.replaceChildren(...parts);
  };
  let timer;
  let seq = 0;
  const update = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const raw = pop.value.replace(/[,\s]/g, '');
      if (!/^\d+$/.test(raw)) return;
      const mine = ++seq;
      const params = new URLSearchParams({ entityType: type.value, population: raw });
      try {
        const res = await fetch(`/api/v1/dues/quote?${params}`, { headers: { accept: 'application/json' } });
        const body = await res.json();
        if (mine !== seq) return;
        if (!res.ok) return show('Check the population', body.error?.fields?.population ?? body.error?.message ?? 'We could not work out the dues.');
        if (body.contactRequired) {
          return show('Contact us for your dues', 'Dues for regional entities are agreed with each one. Email ', body.contactEmail, { entityType: type.value, population: raw });
        }
        const band = body.band.max === null ? `${num(body.band.min)} and over` : `${num(body.band.min)} to ${num(body.band.max)}`;
        const when = new Date(`${body.scheduleEffectiveFrom}T00:00:00Z`).toLocaleDateString('en-US', { dateStyle: 'long', timeZone: 'UTC' });
        show(
          `Your annual dues: ${money(body.amountCents)}`,
          `${aType(body.entityType)} of ${num(body.population)} people pays ${money(body.amountCents)} a year. That is the band for populations of ${band}, in the dues schedule in force since ${when}.`,
          undefined,
          body,
        );
      } catch {
        // Offline or the server is busy: the form still works by submitting it.
      }
    }, 300);
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
}
