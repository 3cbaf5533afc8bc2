// Shared by the scripts that drive the sample's page in Debian's Chromium (playwright-core with the
// system executable): launching, the JSON-lines report the C# tests read, and waiting on the page.
import { chromium } from 'playwright-core';

export const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const WAIT = 15000;

export const launch = () => chromium.launch({ executablePath, headless: true, args, timeout: 60000 });

/** One line per step on stdout: {"step","ok","observed"}. */
export const report = (step, ok, observed) => process.stdout.write(JSON.stringify({ step, ok, observed }) + '\n');

export const texts = (page, selector) => page.$$eval(selector, (nodes) => nodes.map((n) => n.textContent.trim()));

/** A new page that forwards its script errors to stderr. */
export async function newPage(browser, contextOptions) {
  const page = await (await browser.newContext(contextOptions)).newPage();
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
  return page;
}

/** Waits until `check` (run in the page) is true; reports the step either way and returns success. */
export async function expectIn(step, page, check, arg, observe) {
  let ok = true;
  try {
    await page.waitForFunction(check, arg, { timeout: WAIT, polling: 100 });
  } catch {
    ok = false;
  }
  report(step, ok, await observe());
  return ok;
}

/** Opens the page, signs in as `name` and waits for the connection pill to reach one of `states`. */
export async function signIn(page, baseUrl, name, states = ['connected']) {
  await page.goto(baseUrl);
  await page.fill('#name', name);
  await page.click('#signin-form button');
  return expectIn(`signin-${name}`, page, (wanted) => !document.getElementById('app').hidden
    && wanted.includes(document.getElementById('connection').dataset.state), states,
  async () => ({ connection: await page.textContent('#connection'), error: await page.textContent('#error') }));
}
