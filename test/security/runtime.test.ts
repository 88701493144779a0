// Finding 9 of issue 11: the machines run Node.js 20, past its end of life. Civnet keeps working on
// 20 and is tested on 22 and 24: CI installs those from the npm registry and runs the unit suite
// and a start-up smoke test on each. This checks that the promise is declared and wired.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('9. The runtime is past its end of life', () => {
  it('package.json declares Node 20.19+, 22.12+ and 24 as supported, and the README says so', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe('^20.19 || ^22.12 || >=24');
    expect(read('README.md')).toMatch(/Node\.js 20\.19 or later on the 20 line,\s+22\.12 or later, or 24/);
  });

  it('.ci/run runs the unit suite and the start-up smoke test on Node 22 and 24, installed into a temporary folder', () => {
    const ci = read('.ci/run');
    expect(ci).toContain('node22@npm:node@22 node24@npm:node@24');
    expect(ci).toMatch(/--prefix "\$other_nodes"/);
    expect(ci).toMatch(/for v in 22 24; do[\s\S]*PATH="\$other_nodes\/node_modules\/node\$v\/bin:\$PATH"[\s\S]*npx vitest run --project unit && \.ci\/smoke/);
    expect(read('.ci/smoke')).toContain('node bin/civnet.js serve');
  });

  it('this process runs on a supported line', () => {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    expect(major === 20 ? minor >= 19 : major === 22 ? minor >= 12 : major >= 24).toBe(true);
  });
});
