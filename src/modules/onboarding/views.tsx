// The "Get started" checklist: each step a link, ticked once done, and a button that hides the list.
import { PostForm } from '../../web/components.js';
import type { Checklist } from './checklist.js';

export function ChecklistView(p: { checklist: Checklist; csrf: string }) {
  const left = p.checklist.items.filter((i) => !i.done).length;
  return (
    <>
      <p>Take a few first steps. Each is ticked when you have done it; {left === 1 ? 'one is' : `${left} are`} left.</p>
      <ul class="checklist">
        {p.checklist.items.map((i) => (
          <li key={i.key} class={i.done ? 'done' : undefined}>
            <span aria-hidden="true">{i.done ? '✓ ' : '○ '}</span>
            {i.done ? (
              <>
                <span class="visually-hidden">Done: </span>
                {i.label}
              </>
            ) : (
              <>
                <span class="visually-hidden">To do: </span>
                <a href={i.href}>{i.label}</a>. {i.about}
              </>
            )}
          </li>
        ))}
      </ul>
      <PostForm action="/get-started/dismiss" csrf={p.csrf} class="inline-form">
        <input type="hidden" name="scope" value={p.checklist.scope} />
        <button type="submit" class="link-button">
          Hide this list
        </button>
      </PostForm>
    </>
  );
}
