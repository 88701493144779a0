// Organizations search island (/staff/organizations): as staff type in the name field, the results
// table is replaced with the list the form would show, fetched as the same GET page, and the
// address follows (so the filtered list can still be bookmarked). The page works without it: the
// form submits. A polite live region says how many organizations are shown.
const form = document.querySelector('form[aria-label="Find organizations"]');
const q = form?.elements.namedItem('q');
const status = document.getElementById('organization-search-status');
if (form && q && status) {
  let timer;
  let seq = 0;
  q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const value = q.value.trim();
      if (value.length > 0 && value.length < 3) return;
      const params = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v !== '') params.set(k, v);
      const url = `${form.getAttribute('action')}${params.size ? `?${params}` : ''}`;
      const mine = ++seq;
      try {
        const res = await fetch(url, { headers: { accept: 'text/html' } });
        if (!res.ok || mine !== seq) return;
        const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
        const fresh = doc.querySelector('.table-wrap');
        const current = document.querySelector('.table-wrap');
        if (!fresh || !current) return;
        current.replaceWith(document.importNode(fresh, true));
        const csv = document.querySelector('a[href^="/staff/organizations.csv"]');
        const freshCsv = doc.querySelector('a[href^="/staff/organizations.csv"]');
        if (csv && freshCsv) csv.setAttribute('href', freshCsv.getAttribute('href'));
        history.replaceState(null, '', url);
        const rows = fresh.querySelectorAll('tbody a').length;
        status.textContent = rows === 0 ? 'No organization matches.' : `${rows} organization${rows === 1 ? '' : 's'} shown.`;
      } catch {
        // The form still works: a person can press Find.
      }
    }, 250);
  });
}
