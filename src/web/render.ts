// Server rendering of pages: preact-render-to-string escapes every value by default.
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

// The mark of ErrorSummary (components/errors.tsx). Values are escaped, so no text a person typed
// can produce it: only a rendered summary does.
const ERROR_SUMMARY = 'class="error-summary"';

/** A page whose form failed says so first in its title ("Error: Apply for membership · …"), the
 * first thing a screen reader announces and what shows in the tab and the history. */
export function markFailedTitle(html: string): string {
  return html.includes(ERROR_SUMMARY) && !html.includes('<title>Error: ') ? html.replace('<title>', '<title>Error: ') : html;
}

export function sendPage(reply: FastifyReply, node: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${markFailedTitle(render(node))}`);
}
