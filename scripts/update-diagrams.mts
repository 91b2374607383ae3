// `npm run diagrams:update`: redraws the golden diagrams the unit tests compare with. Run it when a
// change to the drawing is meant, and review the pictures in the diff.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { goldenFolder, goldens, harmony } from "../test/unit/diagram/goldens";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
mkdirSync(goldenFolder(root), { recursive: true });
for (const g of goldens) {
  const r = await harmony(root, ...g.args);
  if (r.code !== 0) throw new Error(`harmony diagram ${g.args.join(" ")} failed: ${r.err}`);
  writeFileSync(join(goldenFolder(root), g.file), r.out);
  console.log(`wrote ${join("test/fixtures/diagrams/golden", g.file)}`);
}
