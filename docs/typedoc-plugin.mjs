// chainrule's TypeDoc plugin (typedoc.json "plugin"): three rules the stock options cannot express.
import { Application, Converter, PageEvent, ReflectionKind } from 'typedoc';

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
    for (const module of project.getReflectionsByKind(ReflectionKind.Module)) {
      const categorized = new Set();
      for (const category of module.categories ?? []) {
        if (category.title !== defaultCategory) for (const child of category.children) categorized.add(child);
      }
      for (const child of module.children ?? []) {
        if (child.kindOf(ReflectionKind.Reference)) continue; // documented (and categorized) where it is declared
        if (!categorized.has(child)) {
          app.logger.warn(`${module.name}.${child.name} has no @category: add one of typedoc.json's categoryOrder to its comment.`);
        }
      }
    }
  });
}
