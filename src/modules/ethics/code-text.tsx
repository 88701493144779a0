// The code's texts as staff write them: plain text with a little structure — paragraphs separated
// by blank lines, "- " lines as a bulleted list, "1. " lines as a numbered list, and a line starting
// "## " as a heading. Never HTML: every piece is a JSX text node, which the renderer escapes, so
// "<script>" shows as typed. (No Markdown library is a dependency; this is the subset the code needs.)
import type { VNode } from 'preact';

type Block = { kind: 'heading'; text: string } | { kind: 'paragraph'; lines: string[] } | { kind: 'bullets' | 'numbered'; items: string[] };

const BULLET = /^\s*[-*•]\s+(.*\S)\s*$/;
const NUMBERED = /^\s*\d{1,3}[.)]\s+(.*\S)\s*$/;
const HEADING = /^\s*#{1,6}\s+(.*\S)\s*$/;

export function parseCodeText(text: string): Block[] {
  const blocks: Block[] = [];
  let open = false;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (!raw.trim()) {
      open = false;
      continue;
    }
    const heading = HEADING.exec(raw)?.[1];
    if (heading !== undefined) {
      blocks.push({ kind: 'heading', text: heading });
      open = false;
      continue;
    }
    const bullet = BULLET.exec(raw)?.[1];
    const numbered = bullet === undefined ? NUMBERED.exec(raw)?.[1] : undefined;
    const kind = bullet !== undefined ? 'bullets' : numbered !== undefined ? 'numbered' : 'paragraph';
    const line = bullet ?? numbered ?? raw.trim();
    const last = blocks[blocks.length - 1];
    if (open && last && last.kind !== 'heading' && last.kind === kind) {
      if (last.kind === 'paragraph') last.lines.push(line);
      else last.items.push(line);
    } else blocks.push(kind === 'paragraph' ? { kind, lines: [line] } : { kind, items: [line] });
    open = true;
  }
  return blocks;
}

/** The text as paragraphs, lists and headings (`h` sets the headings' level, under the section's own). */
export function CodeText(p: { text: string; h?: 3 | 4 }): VNode {
  const H = p.h === 4 ? 'h4' : 'h3';
  return (
    <>
      {parseCodeText(p.text).map((b, i) => {
        if (b.kind === 'heading') return <H key={i}>{b.text}</H>;
        if (b.kind === 'paragraph')
          return (
            <p key={i}>
              {b.lines.map((l, j) => (
                <>
                  {j > 0 ? <br /> : null}
                  {l}
                </>
              ))}
            </p>
          );
        const items = b.items.map((item, j) => <li key={j}>{item}</li>);
        return b.kind === 'bullets' ? <ul key={i}>{items}</ul> : <ol key={i}>{items}</ol>;
      })}
    </>
  );
}
