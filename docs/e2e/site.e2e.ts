import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from '../../examples/playground/e2e/browser.js';
import { serveStatic, type StaticServer } from '../../examples/playground/e2e/server.js';

// The documentation site as `npm run docs` writes it (TypeDoc, with the playground built into
// playground/), served like any static host and read in Chromium as a fresh user would.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SITE = join(ROOT, 'out', 'docs');
const { hostedBaseUrl } = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8')) as { hostedBaseUrl: string };
const CATEGORIES = ['Values and ops', 'Functional transforms', 'Symbolic', 'Printing', 'Compile', 'Export', 'Neural nets', 'Testing'];

let browser: Browser;
let server: StaticServer;

/** Every HTML page of the site, as paths from its root: TypeDoc's pages, and the playground's one page. */
function sitePages(dir = SITE): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sitePages(path);
    return entry.name.endsWith('.html') ? [relative(SITE, path)] : [];
  });
}

/** What a page shows a reader: its links (resolved), its anchors, and every console error or failed request. */
interface Visit {
  readonly links: string[];
  readonly ids: Set<string>;
  readonly problems: string[];
}

/**
 * Opens a page and reads it. TypeDoc draws the same sidebar on every page from navigation.js after
 * load; with `sidebar`, the visit waits for it, so the sidebar's links are read too.
 */
async function visit(page: Page, path: string, sidebar: boolean): Promise<Visit> {
  const problems: string[] = [];
  const onConsole = (m: { type(): string; text(): string }) => m.type() === 'error' && problems.push(`console: ${m.text()}`);
  const onError = (e: Error) => problems.push(`page error: ${e.message}`);
  // A request still in flight when the visit moves on (the favicon, typically) is aborted by that, not broken.
  const onFailed = (r: Request) => r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`request failed: ${r.url()}`);
  const onResponse = (r: { status(): number; url(): string }) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  await page.goto(server.url + path, { waitUntil: 'load' });
  if (sidebar) await page.locator('#tsd-nav-container li').first().waitFor();
  const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  const ids = new Set(await page.locator('[id], a[name]').evaluateAll((els) => els.map((e) => e.id || e.getAttribute('name') || '')));
  page.off('console', onConsole);
  page.off('pageerror', onError);
  page.off('requestfailed', onFailed);
  page.off('response', onResponse);
  return { links, ids, problems };
}

/** The clickable link with this exact text in the page's main column (not the sidebar). */
const contentLink = (page: Page, text: string) => page.locator('.col-content').getByRole('link', { name: text, exact: true }).first();

beforeAll(async () => {
  server = await serveStatic(SITE);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the documentation site in Chromium', () => {
  it('every page loads without console errors, and every link within the site reaches a page and an anchor that exist', async () => {
    const pages = sitePages();
    expect(pages).toContain('index.html');
    expect(pages).toContain('playground/index.html');
    // The sidebar's links are checked from a page at the root and from one a folder down.
    const withSidebar = new Set(['index.html', 'functions/chainrule.defineOp.html']);
    const visits = new Map<string, Visit>();
    const queue = [...pages];
    const readers = [0, 1, 2].map(async () => {
      const page = await browser.newPage();
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) visits.set(path, await visit(page, path, withSidebar.has(path)));
      await page.close();
    });
    await Promise.all(readers);

    const problems = [...visits].flatMap(([path, v]) => v.problems.map((p) => `${path}: ${p}`));
    const broken: string[] = [];
    for (const [from, { links }] of visits) {
      for (const link of new Set(links)) {
        if (!link.startsWith(server.url)) continue; // GitHub, npm, typedoc.org
        const url = new URL(link);
        let path = decodeURIComponent(url.pathname.slice(1));
        if (path === '' || path.endsWith('/')) path += 'index.html';
        const target = visits.get(path);
        const anchor = decodeURIComponent(url.hash.slice(1));
        if (target === undefined) broken.push(`${from} → ${path} (no such page)`);
        else if (anchor !== '' && !target.ids.has(anchor)) broken.push(`${from} → ${path}#${anchor} (no such anchor)`);
      }
    }
    console.log(`docs site: ${pages.length} pages, ${[...visits.values()].reduce((n, v) => n + new Set(v.links).size, 0)} links checked`);
    expect(problems).toEqual([]);
    expect(broken).toEqual([]);
  });

  it('from the landing page, defineOp is two clicks away (through its guide or the reference), the export guide one', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await contentLink(page, 'Defining your own ops').click();
    await expect.poll(() => page.url()).toBe(`${server.url}documents/Defining_your_own_ops.html`);
    await contentLink(page, 'defineOp').click();
    await expect.poll(() => page.url()).toBe(`${server.url}functions/chainrule.defineOp.html`);
    expect(await page.locator('h1').textContent()).toContain('defineOp');

    await page.goto(server.url);
    await contentLink(page, 'chainrule').click();
    await contentLink(page, 'defineOp').click();
    await expect.poll(() => page.url()).toBe(`${server.url}functions/chainrule.defineOp.html`);

    await page.goto(server.url);
    await contentLink(page, 'Export').click();
    await expect.poll(() => page.url()).toBe(`${server.url}documents/Export.html`);
    expect(await page.locator('.col-content h1').first().textContent()).toContain('Export: ONNX and standalone JavaScript');

    await page.goto(server.url);
    await contentLink(page, 'Open the playground').click();
    await expect.poll(() => page.url()).toBe(`${server.url}playground/index.html`);
    await page.close();
  });

  it('names the modules by their import paths and groups the core by category, in the order of typedoc.json', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}modules.html`);
    const modules = await page.locator('.col-content a[href^="modules/"]').allTextContents();
    expect(modules.map((m) => m.trim())).toEqual(['chainrule', 'chainrule/gradcheck', 'chainrule/nn', 'chainrule/onnx', 'chainrule/testing']);
    await page.goto(`${server.url}modules/chainrule.html`);
    expect(await page.locator('.col-content').textContent()).toMatch(/No runtime\s+dependencies/);
    const headings = (await page.locator('.col-content details > summary h2').allTextContents()).map((h) => h.trim());
    const known = headings.filter((h) => CATEGORIES.includes(h));
    expect(known).toEqual(CATEGORIES.filter((c) => known.includes(c)));
    expect(known).toEqual(expect.arrayContaining(['Functional transforms', 'Symbolic', 'Printing', 'Compile', 'Export']));
    await page.close();
  });

  it("Value's page lists its API and not Node's inspect hook", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}classes/chainrule.Value.html`);
    const text = await page.locator('.col-content').textContent();
    expect(text).toContain('backward');
    expect(text).not.toContain('INSPECT');
    expect(text).not.toContain('inspect.custom');
    await page.close();
  });

  it('search finds words that appear only in comments and in guides', async () => {
    const page = await browser.newPage();
    const search = async (query: string) => {
      await page.goto(server.url);
      await page.locator('#tsd-search-trigger').click();
      await page.locator('#tsd-search-input').fill(query);
      await expect.poll(() => page.locator('#tsd-search-results li').count()).toBeGreaterThan(0);
      return (await page.locator('#tsd-search-results li').allTextContents()).join('\n');
    };
    expect(await search('Richardson')).toContain('gradcheck'); // gradcheck's comment: "Richardson-extrapolated"
    expect(await search('shunting')).toContain('Symbolic'); // the Symbolic guide: "shunting-yard parser"
    await page.close();
  });

  it("the README's links into the site reach pages and anchors that exist", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\((https:[^)\s]+)\)/g)].map((m) => m[1]).filter((l) => l.startsWith(hostedBaseUrl));
    expect(links.length).toBeGreaterThan(5);
    const page = await browser.newPage();
    const broken: string[] = [];
    for (const link of new Set(links)) {
      const url = new URL(server.url + link.slice(hostedBaseUrl.length));
      const anchor = decodeURIComponent(url.hash.slice(1));
      url.hash = '';
      const response = await page.goto(url.href);
      if (response?.status() !== 200) broken.push(`${link} (HTTP ${response?.status()})`);
      else if (anchor !== '' && (await page.locator(`[id="${anchor}"]`).count()) === 0) broken.push(`${link} (no such anchor)`);
    }
    await page.close();
    expect(broken).toEqual([]);
  });
});
