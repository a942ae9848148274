// Copy the pinned front-end packages from node_modules into onewindow/static/vendor.
//
// Plain Node, no bundler: the pages load the packages' own minified files, served by
// Django/whitenoise from our host (government networks are often offline: no CDN).
// Idempotent: the vendor folder is rebuilt from scratch on every run. Any missing
// source file stops the build with a non-zero exit code, naming the file.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const vendor = join(root, "onewindow", "static", "vendor");

// [package, source path inside the package, target path inside vendor/]
// The .map files are copied because the minified files name them: Django's
// ManifestStaticFilesStorage (production) follows sourceMappingURL and fails if absent.
const FILES = [
  ["bootstrap", "dist/css/bootstrap.min.css", "bootstrap.min.css"],
  ["bootstrap", "dist/css/bootstrap.min.css.map", "bootstrap.min.css.map"],
  ["bootstrap", "dist/js/bootstrap.bundle.min.js", "bootstrap.bundle.min.js"],
  ["bootstrap", "dist/js/bootstrap.bundle.min.js.map", "bootstrap.bundle.min.js.map"],
  ["bootstrap-icons", "font/bootstrap-icons.min.css", "bootstrap-icons.min.css"],
  ["bootstrap-icons", "font/fonts/bootstrap-icons.woff2", "fonts/bootstrap-icons.woff2"],
  ["bootstrap-icons", "font/fonts/bootstrap-icons.woff", "fonts/bootstrap-icons.woff"],
  ["htmx.org", "dist/htmx.min.js", "htmx.min.js"],
  ["echarts", "dist/echarts.min.js", "echarts.min.js"],
];
const LICENSES = ["bootstrap", "bootstrap-icons", "htmx.org", "echarts", "zrender", "@popperjs/core"];

function fail(message) {
  console.error(`build_assets: ${message}`);
  process.exit(1);
}

function packageVersion(name) {
  const manifest = join(modules, name, "package.json");
  if (!existsSync(manifest)) fail(`${name} is not installed: run \`npm ci\` first (${manifest})`);
  return JSON.parse(readFileSync(manifest, "utf8")).version;
}

// Check everything before touching vendor/, so a failed build leaves the old one intact.
const wanted = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).dependencies;
const versions = {};
for (const [name, pinned] of Object.entries(wanted)) {
  versions[name] = packageVersion(name);
  if (versions[name] !== pinned) {
    fail(`${name} ${versions[name]} is installed but package.json pins ${pinned}: run \`npm ci\``);
  }
}
for (const [pkg, source] of FILES) {
  const path = join(modules, pkg, source);
  if (!existsSync(path)) fail(`missing ${path}`);
}

rmSync(vendor, { recursive: true, force: true });
for (const [pkg, source, target] of FILES) {
  const to = join(vendor, target);
  mkdirSync(dirname(to), { recursive: true });
  cpSync(join(modules, pkg, source), to);
}
mkdirSync(join(vendor, "licenses"), { recursive: true });
for (const pkg of LICENSES) {
  const license = ["LICENSE", "LICENSE.md", "LICENSE.txt"]
    .map((name) => join(modules, pkg, name))
    .find((path) => existsSync(path));
  if (!license) fail(`no licence file in ${pkg}`);
  cpSync(license, join(vendor, "licenses", `${pkg.replace("@", "").replace("/", "-")}.txt`));
}
// What was built, for support questions ("which htmx is the server running?").
writeFileSync(join(vendor, "VERSIONS.json"), `${JSON.stringify(versions, null, 2)}\n`);

for (const [, , target] of FILES) {
  if (!existsSync(join(vendor, target))) fail(`copy failed: ${target}`);
}
console.log(`build_assets: ${FILES.length} files into ${vendor}`);
