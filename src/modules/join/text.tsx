// Plain text with a little structure, for text that staff write: paragraphs separated by blank
// lines, "- " lines as a bulleted list, "1. " lines as a numbered list. Never HTML: the renderer
// escapes everything, so "<b>" shows as typed.
import type { VNode } from 'preact';

export type TextBlock = { kind: 'paragraph'; lines: string[] } | { kind: 'bullets'; items: string[] } | { kind: 'numbered'; items: string[] };

const BULLET = /^\s*[-*•]\s+(.*\S)\s*$/;
const NUMBERED = /^\s*\d{1,3}[.)]\s+(.*\S)\s*$/;

export function parsePlainText(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  // Adds a line to the last block when it is of the same kind, or starts a new block.
  let open = false;
  const add = (kind: TextBlock['kind'], line: string) => {
    const last = blocks[blocks.length - 1];
    if (open && last?.kind === kind) {
      if (last.kind === 'paragraph') last.lines.push(line);
      else last.items.push(line);
      return;
    }
    blocks.push(kind === 'paragraph' ? { kind, lines: [line] } : { kind, items: [line] });
    open = true;
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (!raw.trim()) {
      open = false;
      continue;
    }
    const bullet = BULLET.exec(raw)?.[1];
    const numbered = bullet === undefined ? NUMBERED.exec(raw)?.[1] : undefined;
    if (bullet !== undefined) add('bullets', bullet);
    else if (numbered !== undefined) add('numbered', numbered);
    else add('paragraph', raw.trim());
  }
  return blocks;
}

export function PlainText(props: { text: string }): VNode {
  return (
    <>
      {parsePlainText(props.text).map((b, i) =>
        b.kind === 'bullets' ? (
          <ul key={i}>
            {b.items.map((item, j) => (
              <li key={j}>{item}</li>
            ))}
          </ul>
        ) : b.kind === 'numbered' ? (
          <ol key={i}>
            {b.items.map((item, j) => (
              <li key={j}>{item}</li>
            ))}
          </ol>
        ) : (
          <p key={i}>
            {b.lines.map((l, j) => (
              <>
                {j > 0 ? <br /> : null}
                {l}
              </>
            ))}
          </p>
        ),
      )}
    </>
  );
}
