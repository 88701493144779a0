// `npm run bench`: every part, one after another, in this one process (each part was its own tsx
// process, and loading Civnet's sources again cost each about three seconds). A part is imported
// before it runs, never during another part's measurement. The first
// part that fails stops the run with its exit code, as the `&&` chain did. Arguments go to the
// route bench (`npm run bench -- --only home`).
const PARTS: Array<[name: string, load: () => Promise<{ main(): Promise<unknown> }>]> = [
  ['routes', () => import('./run.js')],
  ['renewals', () => import('./renewals.js')],
  ['events', () => import('./events.js')],
  ['scale', () => import('./scale.js')],
  ['jobs', () => import('./jobs.js')],
  ['resources', () => import('./resources.js')],
  ['newsletters', () => import('./newsletters.js')],
  ['imports', () => import('./imports.js')],
];

const started = Date.now();
const took: string[] = [];

// Before anything is measured, the kept data every part copies is made side by side where a
// machine has none (the route bench's seeded PGlite, the renewal, resource and newsletter
// benches' PostgreSQL templates): on a new machine that took a minute one after another. A part
// whose data cannot be made here (PostgreSQL not reachable) says so itself when it runs.
{
  const { seededPglite } = await import('./lib.js');
  const t0 = Date.now();
  const preparing: Array<Promise<unknown>> = [];
  // (the national profile measures the routes on PostgreSQL: bench/run.ts)
  if (!process.env.BENCH_DATABASE_URL && process.env.BENCH_SCALE !== 'national') preparing.push(seededPglite());
  for (const part of [import('./renewals.js'), import('./newsletters.js'), ...(process.env.BENCH_RESOURCES_KEEP ? [] : [import('./resources.js')])]) {
    preparing.push(part.then((p) => p.prepare()));
  }
  const failed = (await Promise.allSettled(preparing)).filter((r) => r.status === 'rejected').length;
  took.push(`kept data ${((Date.now() - t0) / 1000).toFixed(1)} s${failed ? ` (${failed} not made)` : ''}`);
}
for (const [name, load] of PARTS) {
  const t0 = Date.now();
  let code: unknown;
  try {
    code = await (await load()).main();
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    code = 1;
  }
  took.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (typeof code === 'number' && code !== 0) {
    console.error(`\nbench: ${name} failed (exit code ${code}); the parts after it did not run.`);
    process.exit(code);
  }
}
console.log(`\nnpm run bench: ${((Date.now() - started) / 1000).toFixed(1)} s in all (${took.join(', ')}).`);
process.exit(0);
