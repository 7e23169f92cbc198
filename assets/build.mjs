// Compiles the portal's Sass and copies GOV.UK / MOJ Frontend scripts and images, and the
// portal's own scripts (assets/js/), into static/build/ (git-ignored). Run by `make assets`
// during set-up.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static", "build");
const nodeModules = join(root, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "assets", "app.scss"), {
  loadPaths: [root],
  importers: [new sass.NodePackageImporter(root)],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
  // GOV.UK Frontend warns about its own deprecations inside MOJ Frontend; show only ours.
  logger: {
    warn(message, { span, stack }) {
      const where = span?.url?.pathname ?? "";
      const fromDependency =
        where.includes("/node_modules/") || (stack ?? "").trimStart().startsWith("node_modules/");
      if (!fromDependency) console.warn(`Sass warning: ${message}\n${stack ?? ""}`);
    },
  },
});
writeFileSync(join(out, "app.css"), result.css);

const copies = [
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"],
  ["@ministryofjustice/frontend/moj/moj-frontend.min.js", "moj-frontend.min.js"],
  ["accessible-autocomplete/dist/accessible-autocomplete.min.js", "accessible-autocomplete.min.js"],
  ["govuk-frontend/dist/govuk/assets/images", "images"],
  ["@ministryofjustice/frontend/moj/assets/images", "images"],
];
for (const [from, to] of copies) {
  cpSync(join(nodeModules, from), join(out, to), { recursive: true });
}
// The portal's own scripts (no inline script: the Content-Security-Policy forbids it), beside
// govuk-frontend.min.js so that the module init imports it by a relative path.
for (const script of ["js-enabled.js", "govuk-init.js", "choosers.js"]) {
  cpSync(join(root, "assets", "js", script), join(out, script));
}
console.log(`assets built in ${out}`);
