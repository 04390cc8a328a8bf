// The operations console in Debian's Chromium, headless, through playwright-core. Started by
// ConsoleBrowserIntegrationTests with a running system and console; exits non-zero at the first
// expectation that does not hold, naming it. Screenshots go to $SCREENSHOTS/<view>.png.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = process.env;
const url = env.CONSOLE_URL;
const shots = env.SCREENSHOTS;
mkdirSync(shots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'marketbus-console-chromium-'));
const PATIENCE = 30_000;

function step(name) { console.log('== ' + name); }
function expect(condition, what) { if (!condition) throw new Error('expected: ' + what); }

const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--no-first-run', '--disable-sync', '--disable-quic'],
  viewport: { width: 1440, height: 900 },
});
try {
  const page = browser.pages()[0] ?? await browser.newPage();
  page.setDefaultTimeout(PATIENCE);
  const problems = [];
  page.on('pageerror', e => problems.push('page error: ' + e.message));
  page.on('console', m => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  page.on('response', r => { if (r.status() >= 400) problems.push(r.status() + ' ' + r.url()); });

  step('a page of the console sends a stranger to sign in; a wrong password is refused');
  await page.goto(url + '/health.html');
  await page.waitForURL('**/login');
  await page.fill('input[name=email]', env.ADMIN_EMAIL);
  await page.fill('input[name=password]', 'not-the-password');
  await page.click('#sign-in');
  await page.waitForSelector('#login-error');
  await page.screenshot({ path: join(shots, 'sign-in.png') });
  const cookies = await browser.cookies(url);
  const session = cookies.find(c => c.name === 'MARKETBUS_CONSOLE');
  expect(session && session.httpOnly && session.sameSite === 'Strict', 'an HttpOnly, SameSite=Strict session cookie');

  step('the administrator signs in');
  await page.fill('input[name=email]', env.ADMIN_EMAIL);
  await page.fill('input[name=password]', env.ADMIN_PASSWORD);
  await page.click('#sign-in');
  await page.waitForURL('**/events.html');
  await page.waitForSelector('#who:has-text("' + env.ADMIN_EMAIL + '")');
  expect(!(await page.content()).includes('eyJ'), 'no access token in the page');

  step('live events: the demo\'s events are there, and an order placed now appears as it happens');
  await page.waitForSelector('#state:has-text("live")');
  await page.waitForSelector('#events tr[data-type="event-order-created"]');
  const placed = await fetch(env.ORDERSVC_URL + '/v1/ordersvc/orders', {
    method: 'POST', headers: { Authorization: 'Bearer ' + env.CUSTOMER_TOKEN, 'Content-Type': 'application/json' },
    body: JSON.stringify({ product_id: env.PRODUCT_ID, quantity: 1 }),
  });
  expect(placed.status === 201 || placed.status === 200, 'the order is placed (got ' + placed.status + ')');
  const order = (await placed.json()).id;
  await page.waitForSelector(`#events tr[data-order="${order}"][data-type="event-order-created"]`);
  await page.waitForSelector(`#events tr[data-order="${order}"][data-type="event-order-approved"]`);

  step('filter by order id: only that order\'s events, its whole saga');
  await page.fill('#f-order', order);
  await page.click('#apply');
  await page.waitForFunction(o => {
    const rows = [...document.querySelectorAll('#events tr')];
    return rows.length >= 4 && rows.every(r => r.dataset.order === o);
  }, order);
  step('filter by type and service');
  await page.fill('#f-order', '');
  await page.fill('#f-type', 'event-payment');
  await page.selectOption('#f-service', 'paymentsvc');
  await page.click('#apply');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#events tr')];
    // The type filter matches part of the type: event-payment-refunded (a cancel's refund) is in too.
    return rows.length >= 2 && rows.every(r => r.dataset.type.includes('event-payment'))
      && rows.some(r => r.dataset.type === 'event-payment');
  });
  step('filter by account');
  await page.fill('#f-type', '');
  await page.selectOption('#f-service', '');
  await page.fill('#f-account', env.CUSTOMER_ID);
  await page.click('#apply');
  await page.waitForSelector(`#events tr[data-order="${order}"]`);
  step('pause holds new events back; resume shows them');
  await page.fill('#f-account', '');
  await page.click('#apply');
  await page.waitForSelector('#state:has-text("live")');
  await page.click('#pause');
  await page.waitForSelector('#state:has-text("paused")');
  const before = await page.locator('#events tr').count();
  const second = await fetch(env.ORDERSVC_URL + '/v1/ordersvc/orders', {
    method: 'POST', headers: { Authorization: 'Bearer ' + env.CUSTOMER_TOKEN, 'Content-Type': 'application/json' },
    body: JSON.stringify({ product_id: env.PRODUCT_ID, quantity: 1 }),
  });
  const held = (await second.json()).id;
  await page.waitForSelector('#state:has-text("waiting")');
  expect(await page.locator(`#events tr[data-order="${held}"]`).count() === 0, 'a paused view shows nothing new');
  expect(await page.locator('#events tr').count() === before, 'a paused view adds no rows');
  await page.click('#pause');
  await page.waitForSelector(`#events tr[data-order="${held}"]`);
  step('open one event: the whole CloudEvent');
  await page.click(`#events tr[data-order="${order}"][data-type="event-order-created"]`);
  await page.waitForSelector('#detail:has-text("specversion")');
  const detail = await page.textContent('#detail');
  expect(detail.includes(order) && detail.includes('"source"') && detail.includes('"data"') && detail.includes('"time"'), 'the CloudEvent with its source, time and data (the order id)');
  await page.screenshot({ path: join(shots, 'events.png') });

  step('order timelines: the live order and each of the demo\'s');
  await page.goto(url + '/orders.html?id=' + order);
  await page.waitForSelector('#order-summary:has-text("settled")');
  const hops = await page.locator('#hops tbody tr').allTextContents();
  expect(hops.length >= 4, 'at least four hops (got ' + hops.length + ')');
  for (const type of ['event-order-created', 'event-product-reserved', 'event-payment (payment_successful)', 'event-order-approved']) {
    expect(hops.some(h => h.includes(type)), 'a hop ' + type);
  }
  expect(hops.slice(1).every(h => /\+\d+ ms/.test(h)), 'the latency of every hop after the first');
  await page.click('#hops tbody tr >> nth=1');
  await page.waitForSelector('#hop-event:has-text("event-product-reserved")');
  await page.screenshot({ path: join(shots, 'orders.png'), fullPage: true });
  const demo = env.DEMO_ORDERS.split(',');
  const endings = [];
  for (const id of demo) {
    await page.goto(url + '/orders.html?id=' + id);
    await page.waitForSelector('#order-summary:has-text("settled")');
    endings.push((await page.locator('#hops tbody tr').allTextContents()).at(-1));
  }
  expect(endings.some(e => e.includes('event-order-approved')), 'a demo order approved');
  expect(endings.some(e => e.includes('event-err-reserving-product')), 'a demo order out of stock');
  // A compensation path ends with its confirmations (event-stock-released, event-payment-refunded) or the cancel itself.
  expect(endings.filter(e => ['event-order-canceled', 'event-payment', 'event-stock-released', 'event-payment-refunded']
    .some(t => e.includes(t))).length >= 2, 'the compensation paths (failed, canceled): ' + JSON.stringify(endings));
  await page.waitForSelector('#newest-orders');
  expect(await page.locator('#newest-orders tbody tr').count() >= 5, 'the newest orders listed');
  await page.waitForSelector('#no-stuck, #stuck-orders');

  step('authorization explain: one allow, one deny');
  await page.goto(url + `/explain.html?subject=${env.CUSTOMER_ID}&action=get&resource_type=orders&resource_id=${order}`);
  await page.waitForSelector('#verdict:has-text("ALLOW")');
  await page.waitForSelector('#matched:has-text("orders")');
  await page.waitForSelector('#caches tbody tr');
  const caches = await page.locator('#caches tbody tr').allTextContents();
  expect(caches.length >= 4 && caches.some(c => c.includes('ordersvc')), 'every instance\'s cache state (got ' + caches.length + ')');
  expect(caches.every(c => /current|stale|not cached/.test(c)), 'each instance answered with its cache state');
  await page.screenshot({ path: join(shots, 'explain-allow.png'), fullPage: true });
  await page.fill('#subject', env.SELLER_ID);
  await page.click('#explain');
  await page.waitForSelector('#verdict:has-text("DENY")');
  await page.waitForSelector('#matched:has-text("No policy matches")');
  await page.screenshot({ path: join(shots, 'explain-deny.png'), fullPage: true });

  step('dead letters: the malformed event, its reason and original; replay after a confirmation');
  const seq = env.DEAD_LETTER;
  await page.goto(url + '/deadletters.html');
  const row = page.locator('#letters-table tbody tr', { has: page.locator(`td:first-child:text-is("${seq}")`) });
  await row.waitFor();
  expect((await row.textContent()).includes('MALFORMED'), 'the reason kind MALFORMED');
  await row.click();
  await page.waitForSelector('#original:has-text("not a CloudEvent")');
  await page.screenshot({ path: join(shots, 'deadletters.png'), fullPage: true });
  let asked = null;
  page.once('dialog', d => { asked = d.message(); d.dismiss(); });
  await page.click('#replay-one');
  await page.waitForFunction(() => true);
  expect(asked && asked.includes(seq), 'a confirmation naming the letter');
  expect(await row.count() === 1, 'a dismissed confirmation replays nothing');
  page.once('dialog', d => d.accept());
  await page.click('#replay-one');
  await page.waitForSelector(`#status:has-text("Replayed ${seq}")`);
  await page.waitForFunction(s => ![...document.querySelectorAll('#letters-table tbody tr td:first-child')].some(td => td.textContent === s), seq);

  step('health: every instance up, consumer lag, outbox, NATS and JetStream');
  await page.goto(url + '/health.html');
  await page.waitForSelector('#instances-table tbody tr');
  const instances = await page.locator('#instances-table tbody tr').allTextContents();
  expect(instances.length >= 5 && instances.every(i => i.includes('UP')), 'five instances up (got ' + instances.join(' | ') + ')');
  expect(instances.every(i => /\d/.test(i.split('UP')[1] || '')), 'each instance\'s outbox backlog and oldest age');
  await page.waitForSelector('#nats-version:has-text("2.")');
  expect(await page.locator('#consumers-table tbody tr').count() >= 10, 'the durable consumers');
  await page.screenshot({ path: join(shots, 'health.png'), fullPage: true });

  expect(problems.length === 0, 'no errors in the pages: ' + problems.join('; '));
  step('done');
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
