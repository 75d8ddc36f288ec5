import type * as FastCheck from 'fast-check';

/**
 * The CommonJS build's fast-check (tsup.config.ts resolves load-fast-check.js to this file for
 * CommonJS): a require that names what to install when the peer is missing.
 */
export const fc: typeof FastCheck = load();

function load(): typeof FastCheck {
  try {
    return require('fast-check') as typeof FastCheck;
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code;
    if (code !== 'MODULE_NOT_FOUND') throw cause;
    throw new Error('chainrule/testing needs fast-check: npm install fast-check (an optional peer dependency of chainrule, used only by chainrule/testing).', { cause });
  }
}
