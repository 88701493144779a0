import autocannon from 'autocannon';
import { signIn } from './lib.js';
const base = 'http://127.0.0.1:3142';
const cookie = await signIn(base, 'membership@example.org');
const paths = (process.env.PATHS ?? '/api/v1/organizations?q=spring,/api/v1/organizations?q=Sprngfield').split(',');
for (const p of paths) {
  const r0 = await fetch(base + p, { headers: { cookie, accept: 'application/json' } });
  const body = await r0.text();
  console.log(p, r0.status, body.slice(0, 160).replace(/\n/g, ' '));
  for (const connections of [1, 10]) {
    const lat: number[] = [];
    const inst = autocannon({ url: base + p, connections, duration: Number(process.env.SECS ?? 5), headers: { cookie, accept: 'application/json' } });
    inst.on('response', (_c: unknown, _s: number, _b: number, t: number) => lat.push(t));
    const res = await inst;
    lat.sort((a, b) => a - b);
    const q = (x: number) => lat[Math.min(lat.length - 1, Math.floor(x * lat.length))]?.toFixed(1);
    console.log(`  c=${connections} n=${lat.length} rps=${res.requests.average} p50=${q(0.5)} p95=${q(0.95)} p99=${q(0.99)} non2xx=${res.non2xx}`);
  }
}
const fs = await import('node:fs');
console.log('load', fs.readFileSync('/proc/loadavg', 'utf8').trim());
