// Child process of bench/run.ts: the baseline, a bare Fastify 5 hello-world on a free port.
// Reports its port to the parent over IPC and stops on SIGTERM/SIGINT or when the parent goes away.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });

const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('hello-world: no TCP address after listen');
process.send?.({ port: address.port });

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await app.close();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
process.once('disconnect', () => void shutdown());
