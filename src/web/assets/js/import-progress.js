// Import progress island (/staff/import/:id while a file imports in the background): every few
// seconds the page is fetched again and its progress bar and words replaced; once the import has
// ended (the fresh page has no progress), the page reloads to show the result. Without it, the
// "Check progress" link reloads the page. No meta refresh: a page that reloads itself under a
// reader is what WCAG 2.2.1 warns about; the words live in a polite status region.
const section = document.getElementById('import-progress-section');
if (section) {
  const seconds = Number(section.dataset.refreshSeconds ?? '3');
  const tick = async () => {
    try {
      const res = await fetch(location.href, { headers: { accept: 'text/html' } });
      if (!res.ok) return setTimeout(tick, seconds * 1000);
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const fresh = doc.getElementById('import-progress-section');
      if (!fresh) return location.reload();
      const bar = document.getElementById('import-progress');
      const freshBar = doc.getElementById('import-progress');
      if (bar && freshBar) bar.replaceWith(document.importNode(freshBar, true));
      const words = document.getElementById('import-progress-words');
      const freshWords = doc.getElementById('import-progress-words');
      if (words && freshWords) words.textContent = freshWords.textContent;
    } catch {
      // the network blinked: try again at the next tick
    }
    setTimeout(tick, seconds * 1000);
  };
  setTimeout(tick, seconds * 1000);
}
