// Image upload island (publishing): uploads the image without leaving the editor and puts its
// Markdown into the text where the cursor was, so nothing typed is lost. Without it, the form
// posts and comes back to the editor with the Markdown to paste (what was typed and not saved is
// then gone: the hint says to upload first). The status paragraph is a polite live region.
for (const section of document.querySelectorAll('section[data-markdown-target]')) {
  const form = section.querySelector('form');
  const text = document.getElementById(section.dataset.markdownTarget);
  const status = section.querySelector('.upload-status');
  if (!form || !text || !status) continue;
  let caret = null;
  text.addEventListener('blur', () => {
    caret = [text.selectionStart, text.selectionEnd];
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    status.textContent = 'Uploading the image…';
    try {
      const res = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { accept: 'application/json' }, credentials: 'same-origin' });
      const body = await res.json().catch(() => ({}));
      if (!res.ok || typeof body.markdown !== 'string') {
        const why = typeof body.message === 'string' ? body.message : typeof body.error?.message === 'string' ? body.error.message : 'Please try again.';
        status.textContent = `The image was not uploaded: ${why}`;
        return;
      }
      const [start, end] = caret ?? [text.value.length, text.value.length];
      const before = text.value.slice(0, start);
      const after = text.value.slice(end);
      const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
      text.value = `${before}${lead}${body.markdown}\n\n${after}`;
      caret = [text.value.length - after.length, text.value.length - after.length];
      form.reset();
      status.textContent = `Image uploaded and added to the ${text.labels?.[0]?.textContent?.trim() || 'text'} where the cursor was: ${body.markdown}. Save to keep it.`;
    } catch {
      status.textContent = 'The image was not uploaded: the connection failed. Please try again.';
    } finally {
      if (button) button.disabled = false;
    }
  });
}
