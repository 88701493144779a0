// A real SMTP server on a free local port that keeps what it receives (smtp-server), for tests
// that follow a message all the way out through nodemailer, and the decoded parts of what it received.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export async function startSmtp(): Promise<{ received: ReceivedMail[]; url: string; close(): Promise<void> }> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The parts of a received MIME message, decoded: their headers and bodies. */
export function partsOf(raw: string): Array<{ headers: string; body: string }> {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/g)].map((m) => m[1] ?? '');
  let chunks = [raw];
  for (const b of boundaries) chunks = chunks.flatMap((c) => c.split(`--${b}`));
  return chunks.flatMap((c) => {
    const at = c.indexOf('\r\n\r\n');
    if (at < 0) return [];
    const headers = c.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
    const body = c.slice(at + 4);
    if (/content-transfer-encoding:\s*base64/i.test(headers)) return [{ headers, body: Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') }];
    if (/content-transfer-encoding:\s*quoted-printable/i.test(headers))
      return [
        {
          headers,
          body: Buffer.from(
            body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
        },
      ];
    return [{ headers, body }];
  });
}

/** A received message's subject (unfolded) and its plain text, decoded, with \n line ends. */
export function readMail(raw: string): { subject: string; text: string } {
  const subject = /^Subject: (.*)$/m.exec(raw.replace(/\r\n[ \t]+/g, ' '))?.[1]?.trim() ?? '';
  const text =
    partsOf(raw)
      .find((p) => /content-type:\s*text\/plain/i.test(p.headers))
      ?.body.replace(/\r\n/g, '\n') ?? '';
  return { subject, text };
}
