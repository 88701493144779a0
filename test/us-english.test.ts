// The words people read are US English: the product's users are American local governments. Every
// string and JSX text in the sources (pages, emails, errors, seeds; not comments, not identifiers,
// not module paths, not the migrations' frozen history) is read with TypeScript's own parser and
// searched for British spellings that slipped in ("colour", "programme", "enrolment").
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** British spelling → the American one, matched as whole words, lower case or capitalized. */
const BRITISH: Record<string, string> = {
  colour: 'color',
  colours: 'colors',
  favour: 'favor',
  favours: 'favors',
  favourite: 'favorite',
  centre: 'center',
  centres: 'centers',
  enrolment: 'enrollment',
  enrolments: 'enrollments',
  recognise: 'recognize',
  recognised: 'recognized',
  organisation: 'organization',
  organisations: 'organizations',
  programme: 'program',
  programmes: 'programs',
  behaviour: 'behavior',
  catalogue: 'catalog',
  catalogues: 'catalogs',
  licence: 'license',
  honour: 'honor',
  labour: 'labor',
  neighbour: 'neighbor',
  neighbours: 'neighbors',
  neighbourhood: 'neighborhood',
  neighbouring: 'neighboring',
  cheque: 'check',
  judgement: 'judgment',
  instalment: 'installment',
  instalments: 'installments',
  ageing: 'aging',
  labelled: 'labeled',
  labelling: 'labeling',
  acknowledgement: 'acknowledgment',
  acknowledgements: 'acknowledgments',
  analyse: 'analyze',
  analysed: 'analyzed',
  recognises: 'recognizes',
  grey: 'gray',
  towards: 'toward',
  defence: 'defense',
  offence: 'offense',
  offences: 'offenses',
  modelled: 'modeled',
  learnt: 'learned',
  cancelling: 'canceling',
  travelled: 'traveled',
  enquiry: 'inquiry',
  enquiries: 'inquiries',
  fulfil: 'fulfill',
  whilst: 'while',
  amongst: 'among',
};
/** Strings kept in British spelling on purpose, each with why. */
const KEPT = new Set([
  // the receivables report's API address before it became …/aging, answering still for old clients
  '/api/v1/receivables/ageing',
  // the member's installments form's address before the rename, answering still for pages left open then
  '/me/membership/instalments',
]);
const capitalized = (w: string) => w[0]?.toUpperCase() + w.slice(1);
const PATTERN = new RegExp(
  `\\b(${Object.keys(BRITISH)
    .flatMap((w) => [w, capitalized(w)])
    .join('|')})\\b`,
  'g',
);

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'migrations') out.push(...(await sourceFiles(full)));
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') && !entry.name.startsWith('.') && entry.name !== 'types.ts') {
      out.push(full);
    }
  }
  return out;
}

/** The texts a person may read in one file: string literals, template parts and JSX text, with
 * their line numbers; module specifiers left out. */
function textsOf(file: string, source: string): Array<{ line: number; text: string }> {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Array<{ line: number; text: string }> = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) return;
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isJsxText(node)
    ) {
      found.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: node.text });
    }
    if (ts.isTemplateExpression(node)) {
      visit(node.head);
      for (const span of node.templateSpans) {
        visit(span.expression);
        visit(span.literal);
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('US English', () => {
  it('no string or page text in the sources uses a British spelling', async () => {
    const files = await sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(300);
    const found: string[] = [];
    for (const file of files) {
      for (const { line, text } of textsOf(file, await readFile(file, 'utf8'))) {
        if (KEPT.has(text)) continue;
        for (const m of text.matchAll(PATTERN)) {
          const word = m[0];
          found.push(`${path.relative(SRC, file)}:${line}: "${word}" (US: "${BRITISH[word.toLowerCase()]}")`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('reads strings, template parts and JSX text, and leaves identifiers, comments and module paths alone', () => {
    const source = [
      "import { themeCss } from './colour.js';",
      '// the colour of the header',
      'const brandColour = 1; const brand_colour = 2;',
      "const a = 'Choose a colour';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source of a template literal, as text to parse
      'const b = `The ${brandColour} programme`;',
      'const c = <p>Our favourite centre</p>;',
    ].join('\n');
    const words = textsOf('x.tsx', source).flatMap(({ text }) => [...text.matchAll(PATTERN)].map((m) => m[0]));
    expect(words).toEqual(['colour', 'programme', 'favourite', 'centre']);
  });
});
