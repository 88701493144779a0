// Place lookup island: turns every <input data-place-lookup> inside a form into an accessible
// combobox (WAI-ARIA 1.2 pattern, list autocomplete) that suggests US places and counties from
// GET /api/v1/places. Choosing one fills the form's fields named state (or the name the input's
// data-place-lookup gives), population, latitude,
// longitude, place_source and population_source, when the form has them. Without this script
// the input stays a plain text field and the form works as it is. See src/modules/places/README.md.

const API = '/api/v1/places';
const MIN_CHARS = 2;
const DEBOUNCE_MS = 200;
const LIMIT = 8;
const STYLESHEET = new URL('../place-lookup.css', import.meta.url).href;

let counter = 0;

function loadStylesheet() {
  if (document.querySelector('link[data-place-lookup-css]')) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = STYLESHEET;
  link.dataset.placeLookupCss = '';
  document.head.append(link);
}

/** A form control by name, if the form has one we can set (text, number, hidden, select). */
function control(form, name) {
  const el = form.elements.namedItem(name);
  if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) return el;
  return null;
}

function setValue(el, value) {
  if (!el) return false;
  if (el instanceof HTMLSelectElement) {
    const wanted = String(value).toUpperCase();
    const option = [...el.options].find((o) => o.value.toUpperCase() === wanted);
    if (!option) return false;
    el.value = option.value;
  } else {
    el.value = String(value);
  }
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
}

const numberFormat = new Intl.NumberFormat('en-US');
/** The words a legal name starts with before the place's own name (the API leaves them out of its search). */
const LEGAL_PREFIX = /^\s*(?:the\s+)?(?:city and county|city|town|township|village|borough|county|municipality|parish|consolidated government|unified government)\s+of\s+/i;
/** The population source the lookup fills in with the figure it suggests. */
const LOOKUP_SOURCE = 'GeoNames';
/** A control's label as the person reads it (for an announcement that names the field). */
const labelOf = (el) => (el.labels?.[0]?.textContent ?? el.name).trim();
const describe = (p) => (p.kind === 'county' ? 'county' : p.population ? `population ${numberFormat.format(p.population)}` : 'place');

function enhance(input) {
  if (input.dataset.placeLookupReady) return;
  const form = input.form;
  if (!form) return;
  input.dataset.placeLookupReady = 'true';
  const id = input.id || `place-lookup-${++counter}`;
  input.id = id;

  // The input and its list of suggestions, in one wrapper the list is positioned against.
  const wrapper = document.createElement('div');
  wrapper.className = 'place-lookup-combo';
  input.replaceWith(wrapper);
  wrapper.append(input);

  const list = document.createElement('ul');
  list.id = `${id}-listbox`;
  list.className = 'place-lookup-list';
  list.setAttribute('role', 'listbox');
  // Not labelled by the field's own label: a page's "Legal name" must find one element, the input.
  list.setAttribute('aria-label', 'Suggestions');
  list.hidden = true;
  wrapper.append(list);

  // After the wrapper, so that the open list covers it rather than moving the page.
  const note = document.createElement('p');
  note.id = `${id}-lookup-note`;
  note.className = 'place-lookup-note';
  note.textContent = 'As you type, we suggest US places and counties (from GeoNames and the US Census Bureau). You can also type any name.';
  const status = document.createElement('div');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  wrapper.after(note, status);
  const describedBy = input.getAttribute('aria-describedby');
  input.setAttribute('aria-describedby', describedBy ? `${describedBy} ${note.id}` : note.id);

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('autocomplete', 'off');

  let results = [];
  let active = -1;
  let timer = 0;
  let controller = null;
  let chosen = null;

  const announce = (text) => {
    // Cleared first, so that the same message is read again.
    status.textContent = '';
    window.setTimeout(() => {
      status.textContent = text;
    }, 50);
  };

  // A figure typed over the one looked up does not come from GeoNames: the source we filled in is
  // cleared (and filled again if the looked-up figure comes back), so that the form never records
  // GeoNames as the source of the person's own figure.
  const population = control(form, 'population');
  const source = control(form, 'population_source');
  if (population && source && !population.dataset.sourceWatched) {
    population.dataset.sourceWatched = 'true';
    population.addEventListener('input', () => {
      const looked = population.dataset.lookupValue;
      if (!looked) return;
      const typed = population.value.trim();
      if (typed !== looked && source.value === LOOKUP_SOURCE) {
        source.value = '';
        source.dataset.clearedByLookup = 'true';
        announce(`You changed the population, so its source is no longer GeoNames: say where ${typed || 'your figure'} comes from in "${labelOf(source)}".`);
      } else if (typed === looked && source.value === '' && source.dataset.clearedByLookup) {
        source.value = LOOKUP_SOURCE;
        delete source.dataset.clearedByLookup;
      }
    });
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function open() {
    if (results.length === 0) return;
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function highlight(index) {
    const options = list.querySelectorAll('[role="option"]');
    options.forEach((o, i) => {
      o.setAttribute('aria-selected', String(i === index));
    });
    active = index;
    const option = options[index];
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function render() {
    list.replaceChildren(
      ...results.map((p, i) => {
        const li = document.createElement('li');
        li.id = `${id}-option-${i}`;
        li.className = 'place-lookup-option';
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        const name = document.createElement('span');
        name.textContent = `${p.name}, ${p.state}`;
        const detail = document.createElement('span');
        detail.className = 'place-lookup-detail';
        detail.textContent = ` · ${describe(p)}`;
        li.append(name, detail);
        // mousedown, not click: keeps focus in the input (no blur before the choice).
        li.addEventListener('mousedown', (e) => {
          e.preventDefault();
          choose(i);
        });
        return li;
      }),
    );
    active = -1;
    input.removeAttribute('aria-activedescendant');
  }

  function choose(index) {
    const p = results[index];
    if (!p) return;
    // A legal name typed as the form asks ("City of Boulder") keeps its first words: "City of Boulder", not "Boulder".
    const prefix = p.kind === 'county' ? '' : (LEGAL_PREFIX.exec(input.value)?.[0].trimStart().replace(/\s+/g, ' ') ?? '');
    input.value = prefix && !p.name.toLowerCase().startsWith(prefix.toLowerCase()) ? `${prefix}${p.name}` : p.name;
    chosen = p;
    const filled = [];
    // data-place-lookup="employer_state" names the state field of a form that has no `state` (/me).
    if (setValue(control(form, input.dataset.placeLookup || 'state'), p.state)) filled.push('state');
    // The population is filled only where the person has not typed one: a figure they entered
    // (their latest official estimate, which sets their dues) is kept, and they are told so.
    let kept = '';
    if (p.population !== null && population) {
      const typed = population.value.trim();
      if (typed && typed !== population.dataset.lookupValue) kept = ` Kept the population you entered, ${typed}; GeoNames has ${numberFormat.format(p.population)}.`;
      else {
        // Set before the value, so that the watch below sees a figure of ours, not one typed.
        population.dataset.lookupValue = String(p.population);
        setValue(population, p.population);
        filled.push('population');
        setValue(control(form, 'population_source'), LOOKUP_SOURCE);
      }
    }
    setValue(control(form, 'latitude'), p.latitude);
    setValue(control(form, 'longitude'), p.longitude);
    setValue(control(form, 'place_source'), p.source);
    input.dispatchEvent(new Event('change', { bubbles: true }));
    close();
    const what = filled.length ? ` Filled in ${filled.join(' and ')}; you can change ${filled.length > 1 ? 'them' : 'it'}.` : '';
    announce(`${p.name}, ${p.state} chosen.${what}${kept}`);
  }

  async function search(q) {
    controller?.abort();
    controller = new AbortController();
    try {
      const res = await fetch(`${API}?q=${encodeURIComponent(q)}&limit=${LIMIT}`, { headers: { accept: 'application/json' }, signal: controller.signal });
      if (!res.ok) return;
      const body = await res.json();
      if (input.value.trim() !== q) return; // typed on since: a newer search follows
      results = Array.isArray(body.results) ? body.results : [];
      render();
      if (results.length === 0) {
        close();
        announce('No matching places. You can type the name in full.');
        return;
      }
      if (document.activeElement === input) {
        open();
        announce(`${results.length} suggestion${results.length === 1 ? '' : 's'}. Use the up and down arrow keys to review, and Enter to choose.`);
      }
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      close(); // the field still works as plain text
    }
  }

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const q = input.value.trim();
    // A name changed away from the chosen place: its coordinates and source no longer apply.
    if (chosen && !q.toLowerCase().includes(chosen.name.toLowerCase())) {
      for (const name of ['latitude', 'longitude', 'place_source']) setValue(control(form, name), '');
      chosen = null;
    }
    if (q.length < MIN_CHARS) {
      controller?.abort();
      results = [];
      render();
      close();
      return;
    }
    timer = window.setTimeout(() => search(q), DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (e) => {
    const isOpen = !list.hidden;
    switch (e.key) {
      case 'ArrowDown':
        if (results.length === 0) return;
        e.preventDefault();
        if (!isOpen) open();
        if (!e.altKey) highlight(active + 1 >= results.length ? 0 : active + 1);
        break;
      case 'ArrowUp':
        if (results.length === 0) return;
        e.preventDefault();
        if (!isOpen) open();
        highlight(active <= 0 ? results.length - 1 : active - 1);
        break;
      case 'Enter':
        // Only takes over Enter while a suggestion is highlighted; otherwise the form submits.
        if (isOpen && active >= 0) {
          e.preventDefault();
          choose(active);
        }
        break;
      case 'Escape':
        if (isOpen) {
          e.preventDefault();
          close();
        }
        break;
      case 'Tab':
        close();
        break;
    }
  });

  input.addEventListener('blur', () => close());
  input.addEventListener('focus', () => {
    if (results.length > 0 && input.value.trim().length >= MIN_CHARS && !chosen) open();
  });
}

export function enhanceAll(root = document) {
  const inputs = root.querySelectorAll('input[data-place-lookup]');
  if (inputs.length === 0) return;
  loadStylesheet();
  for (const input of inputs) enhance(input);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => enhanceAll());
else enhanceAll();
