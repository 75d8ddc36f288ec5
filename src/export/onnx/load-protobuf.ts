import type * as Protobuf from 'protobufjs/light.js';

/**
 * protobufjs, the optional peer dependency chainrule/onnx writes its models with, loaded when the
 * entry loads. Without it the import fails with what to install, not with Node's raw
 * ERR_MODULE_NOT_FOUND. (The CommonJS build swaps in load-protobuf.cjs.ts, which requires it:
 * CommonJS has no top-level await.)
 * @category Export
 */
export const protobuf: typeof Protobuf = await import('protobufjs/light.js').then(
  (m: { default?: typeof Protobuf }) => m.default ?? (m as typeof Protobuf),
  (cause: unknown) => {
    throw missing(cause);
  },
);

/** The error for a missing protobufjs (anything else that failed is rethrown as it was). */
function missing(cause: unknown): unknown {
  const code = (cause as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return cause;
  return new Error('chainrule/onnx needs protobufjs: npm install protobufjs (an optional peer dependency of chainrule, used only by chainrule/onnx).', { cause });
}
