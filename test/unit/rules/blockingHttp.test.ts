import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op301_routes');
const ADVICE = 'An HTTP worker is blocked for the whole call (up to its timeout); hand it to a queue_job (with_delay) or a cron.';

async function findings() {
  const results = await lintFixture(DIR, ['OP301']);
  return { results, all: results.flatMap((r) => r.findings.map((f) => ({ ...f, file: r.file }))) };
}

test("OP301 fixture op301_routes: findings exactly on the '# expect: OP301' lines", async () => {
  const { results } = await findings();
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  assert.equal(results.flatMap((r) => r.expected).length, 6);
});

test('OP301 names the route and the cross-file chain through a model method', async () => {
  const { all } = await findings();
  const f = all.find((x) => x.message.includes('/shop/confirm '))!;
  assert.equal(
    f.message,
    `Route /shop/confirm (ShopController.confirm) waits on outbound HTTP: confirm → sale.order.action_sync → requests.post. ${ADVICE}`,
  );
  assert.equal(f.severity, 'warning');
  // Reported on the handler's call that starts the chain: `order.action_sync()` on line 22.
  assert.deepEqual(f.range, { start: { line: 21, character: 8 }, end: { line: 21, character: 27 } });
  assert.equal(f.related?.length, 1);
  assert.equal(path.relative(DIR, f.related![0].file), path.join('shop_sync', 'models', 'sale_order.py'));
  assert.equal(f.related![0].range.start.line, 12);
  assert.equal(f.related![0].message, 'outbound HTTP: requests.post in sale.order.action_sync');
});

test('OP301 follows three levels: model → other model (env[...]) → XML-RPC proxy call', async () => {
  const { all } = await findings();
  const f = all.find((x) => x.message.includes('/shop/ship'))!;
  assert.equal(
    f.message,
    `Route /shop/ship (ShopController.ship) waits on outbound HTTP: ship → sale.order._notify_shipper → res.partner._refresh_remote_rating → proxy.execute_kw. ${ADVICE}`,
  );
  assert.deepEqual(
    f.related!.map((r) => [path.basename(r.file), r.range.start.line + 1, r.message]),
    [
      ['sale_order.py', 28, 'sale.order._notify_shipper calls res.partner._refresh_remote_rating'],
      ['res_partner.py', 16, 'outbound HTTP: proxy.execute_kw in res.partner._refresh_remote_rating'],
    ],
  );
});

test('OP301 follows an imported helper module function, a same-file helper and a direct call', async () => {
  const { all } = await findings();
  const messages = all.map((f) => f.message);
  assert.ok(messages.includes(`Route /shop/push (ShopController.push) waits on outbound HTTP: push → sale.order._push_remote → push_payload → httpx.post. ${ADVICE}`));
  assert.ok(messages.includes(`Route /shop/banner (ShopController.banner) waits on outbound HTTP: banner → fetch_banner → urlopen. ${ADVICE}`));
  assert.ok(messages.includes(`Route /shop/rates (ShopController.rates) waits on outbound HTTP: rates → requests.get. ${ADVICE}`));
});

test('OP301 accepts `@route` imported from odoo.http and a Session in a controller helper', async () => {
  const { all } = await findings();
  const f = all.find((x) => x.file.endsWith('portal.py'))!;
  assert.equal(
    f.message,
    `Route /my/orders/<int:order_id>/sync (PortalSync.portal_sync) waits on outbound HTTP: portal_sync → PortalSync._sync_one → session.post. ${ADVICE}`,
  );
});

test('OP301 stays quiet for with_delay, queue-delegating methods, other models and ambiguous receivers', async () => {
  const { all } = await findings();
  for (const route of ['/shop/confirm_later', '/shop/partner_sync', '/shop/report', '/shop/ambiguous', '/my/orders/queue']) {
    assert.equal(all.filter((f) => f.message.includes(`Route ${route} `)).length, 0, route);
  }
});
