import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOC_FILES, SITE_URL } from '../helpers/readme-blocks.js';

// The README is read on npm, where only the package's files exist: every link it has must work
// from there. The site's pages link to the repository for what the site does not hold. (Links
// within the built site are checked in a browser by docs/e2e/site.e2e.ts.)
const ROOT = join(__dirname, '..', '..');
const REPOSITORY = 'https://github.com/chainrule/chainrule/';
const SHIPPED: readonly string[] = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).files;

/** The targets of a Markdown page's links and images, outside code. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^( *)```[\s\S]*?^\1```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const readme = linkTargets(read('README.md'));

describe("the README's links", () => {
  it('are absolute, or point at a file the npm package ships', () => {
    const local = readme.filter((t) => !/^https:\/\//.test(t));
    const unshipped = local.filter((t) => !SHIPPED.some((f) => t === f || t.startsWith(`${f}/`)) || !existsSync(join(ROOT, t)));
    expect(unshipped).toEqual([]);
  });

  it('go to the documentation site at its one address (typedoc.json hostedBaseUrl)', () => {
    const site = readme.filter((t) => t.includes('github.io'));
    expect(site.length).toBeGreaterThan(5);
    expect(site.filter((t) => !t.startsWith(SITE_URL))).toEqual([]);
  });
});

describe.each(DOC_FILES)('the repository links of %s', (file) => {
  it('name files and folders that exist (blob/main for a file, tree/main for a folder)', () => {
    const missing = linkTargets(read(file))
      .filter((t) => t.startsWith(REPOSITORY))
      .flatMap((t) => {
        const m = /^(blob|tree)\/main\/([^#?]+)$/.exec(t.slice(REPOSITORY.length));
        if (m === null) return [`${t} (not a blob/main or tree/main link)`];
        const path = join(ROOT, decodeURIComponent(m[2]));
        const ok = existsSync(path) && (m[1] === 'tree') === statSync(path).isDirectory();
        return ok ? [] : [t];
      });
    expect(missing).toEqual([]);
  });

  if (file !== 'README.md') {
    it("link within the site only (other pages, images): TypeDoc would copy any other file into the site's media", () => {
      const relative = linkTargets(read(file)).filter((t) => !/^(https?:|site:|#)/.test(t));
      expect(relative.filter((t) => !/^([\w./-]*\.md|\.\.\/img\/[\w.-]+)(#[\w-]+)?$/.test(t))).toEqual([]);
    });
  }
});
