// chainrule's TypeDoc plugin (typedoc.json "plugin"): three rules the stock options cannot express.
import { Application, Converter, PageEvent, ReflectionKind } from 'typedoc';

/**
 * Exports that have no @category yet because their files belong to work in progress elsewhere
 * (module name, a dot, export name). The check below fails for any other export without a
 * category, for a name listed here that has one by now (tag it, then delete it here) and for a
 * listed name that is no longer exported.
 */
const AWAITING_CATEGORY = new Set([
  // src/engine/value.ts, src/engine/functions.ts, src/ops/{table,registry,define-op,elementary}.ts: 'Values and ops'
  'chainrule.ConstantMaker', 'chainrule.DefinedOp', 'chainrule.ElementaryOpName', 'chainrule.OPS',
  'chainrule.OP_LIST', 'chainrule.OpDefinition', 'chainrule.OpDomain', 'chainrule.OpInterval',
  'chainrule.OpName', 'chainrule.OpSpec', 'chainrule.Operand', 'chainrule.TextForm', 'chainrule.Value',
  'chainrule.abs', 'chainrule.acos', 'chainrule.acosh', 'chainrule.add', 'chainrule.allOps',
  'chainrule.applyOp', 'chainrule.asin', 'chainrule.asinh', 'chainrule.atan', 'chainrule.atan2',
  'chainrule.atanh', 'chainrule.cbrt', 'chainrule.constant', 'chainrule.cos', 'chainrule.cosh',
  'chainrule.defineOp', 'chainrule.div', 'chainrule.dot', 'chainrule.erf', 'chainrule.exp',
  'chainrule.expm1', 'chainrule.log', 'chainrule.log10', 'chainrule.log1p', 'chainrule.log2',
  'chainrule.logpos', 'chainrule.logsumexp', 'chainrule.lookupOp', 'chainrule.max', 'chainrule.min',
  'chainrule.mul', 'chainrule.neg', 'chainrule.pow', 'chainrule.relu', 'chainrule.sigmoid', 'chainrule.sign',
  'chainrule.sin', 'chainrule.sinh', 'chainrule.softplus', 'chainrule.sqrt', 'chainrule.step',
  'chainrule.stopGradient', 'chainrule.strongMul', 'chainrule.sub', 'chainrule.sum', 'chainrule.tan',
  'chainrule.tanh', 'chainrule.zeroGrad',
  // src/ops/forms.ts: 'Export'
  'chainrule.JsForm', 'chainrule.OnnxForm', 'chainrule.OnnxGraph',
  // src/errors/messages.ts: 'Symbolic' (ParseError is what parse throws)
  'chainrule.ParseError',
  // src/nn/**: 'Neural nets'
  'chainrule/nn.ACTIVATIONS', 'chainrule/nn.Activation', 'chainrule/nn.Adam', 'chainrule/nn.AdamOptions',
  'chainrule/nn.BatchOptions', 'chainrule/nn.EpochReport', 'chainrule/nn.Example',
  'chainrule/nn.ExampleLoss', 'chainrule/nn.InitScheme', 'chainrule/nn.Layer', 'chainrule/nn.LayerJSON',
  'chainrule/nn.LossName', 'chainrule/nn.MLP', 'chainrule/nn.MLPJSON', 'chainrule/nn.MLPOptions',
  'chainrule/nn.Moons', 'chainrule/nn.Neuron', 'chainrule/nn.NeuronJSON', 'chainrule/nn.Optimizer',
  'chainrule/nn.ReferenceGradients', 'chainrule/nn.Rng', 'chainrule/nn.SGD', 'chainrule/nn.SGDOptions',
  'chainrule/nn.TrainEngine', 'chainrule/nn.TrainOptions', 'chainrule/nn.TrainProgress',
  'chainrule/nn.TrainResult', 'chainrule/nn.binaryCrossEntropy', 'chainrule/nn.binaryCrossEntropyWithLogits',
  'chainrule/nn.defaultInit', 'chainrule/nn.gaussian', 'chainrule/nn.hingeLoss',
  'chainrule/nn.initialWeights', 'chainrule/nn.isActivation', 'chainrule/nn.l2Penalty',
  'chainrule/nn.lossAndGradient', 'chainrule/nn.makeMoons', 'chainrule/nn.meanLoss', 'chainrule/nn.mse',
  'chainrule/nn.mulberry32', 'chainrule/nn.referenceBackprop', 'chainrule/nn.sgd',
  'chainrule/nn.shuffleInPlace', 'chainrule/nn.softmaxCrossEntropy', 'chainrule/nn.train',
  // src/export/onnx/**: 'Export'
  'chainrule/onnx.GraphOnnxOptions', 'chainrule/onnx.MLPOnnxOptions', 'chainrule/onnx.OnnxDType',
  'chainrule/onnx.toOnnx',
]);

/** A link written `site:path` points at `path` from the site's root, on every page (e.g. the playground). */
const SITE_LINK = 'href="site:';

/** @param {Application} app */
export function load(app) {
  // Node's util.inspect hook on Value is what console.log prints, not API: leave it out of the docs.
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const method of context.project.getReflectionsByKind(ReflectionKind.Method)) {
      if (/^\[\w*inspect\w*\]$/i.test(method.name)) context.project.removeReflection(method);
    }
  });

  // Pages live at depth 0 (index.html) or 1 (functions/x.html): `site:` becomes the way back up.
  app.renderer.on(PageEvent.END, (page) => {
    if (page.contents === undefined) return;
    const up = '../'.repeat(page.url.split('/').length - 1);
    page.contents = page.contents.replaceAll(SITE_LINK, `href="${up}`);
  });

  // The reference is grouped by category (typedoc.json categoryOrder): every export names one.
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    const defaultCategory = app.options.getValue('defaultCategory');
    const exported = new Set();
    for (const module of project.getReflectionsByKind(ReflectionKind.Module)) {
      const categorized = new Set();
      for (const category of module.categories ?? []) {
        if (category.title !== defaultCategory) for (const child of category.children) categorized.add(child);
      }
      for (const child of module.children ?? []) {
        if (child.kindOf(ReflectionKind.Reference)) continue; // documented (and categorized) where it is declared
        const name = `${module.name}.${child.name}`;
        exported.add(name);
        const awaiting = AWAITING_CATEGORY.has(name);
        if (!categorized.has(child) && !awaiting) {
          app.logger.warn(`${name} has no @category: add one of typedoc.json's categoryOrder to its comment.`);
        } else if (categorized.has(child) && awaiting) {
          app.logger.warn(`${name} has a @category now: delete it from AWAITING_CATEGORY in docs/typedoc-plugin.mjs.`);
        }
      }
    }
    for (const name of AWAITING_CATEGORY) {
      if (!exported.has(name)) app.logger.warn(`${name} is no longer exported: delete it from AWAITING_CATEGORY in docs/typedoc-plugin.mjs.`);
    }
  });
}
