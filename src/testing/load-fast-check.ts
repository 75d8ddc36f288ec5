import type * as FastCheck from 'fast-check';

/**
 * fast-check, the optional peer dependency chainrule/testing builds its arbitraries with, loaded
 * when the entry loads. Without it the import fails with what to install, not with Node's raw
 * ERR_MODULE_NOT_FOUND. (The CommonJS build swaps in load-fast-check.cjs.ts, which requires it:
 * CommonJS has no top-level await.) chainrule/gradcheck needs no peer and does not load this.
 */
export const fc: typeof FastCheck = await import('fast-check').then(
  (m) => m,
  (cause: unknown) => {
    const code = (cause as { code?: unknown } | null)?.code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw cause;
    throw new Error('chainrule/testing needs fast-check: npm install fast-check (an optional peer dependency of chainrule, used only by chainrule/testing).', { cause });
  },
);
