// Runs axe-core inside the real WebView and returns the serious and critical
// violations (RGAA-minded check of each screen).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { capture } from "./app.mjs";

const require = createRequire(import.meta.url);
const source = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export async function violationsGraves(navigateur) {
  const injecte = await navigateur.execute(() => typeof window.axe !== "undefined");
  if (!injecte) await navigateur.execute(source);
  const resultat = await navigateur.executeAsync((fini) => {
    window.axe
      .run(document, { resultTypes: ["violations"] })
      .then((r) => fini({ violations: r.violations }))
      .catch((e) => fini({ erreur: String(e) }));
  });
  if (resultat.erreur) throw new Error(`axe-core failed: ${resultat.erreur}`);
  const mineures = resultat.violations.filter((v) => v.impact !== "serious" && v.impact !== "critical");
  if (mineures.length > 0) {
    console.log(`axe-core, minor or moderate: ${mineures.map((v) => `${v.id} (${v.impact})`).join(", ")}`);
  }
  return resultat.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * A test's screens: `ecran(navigateur, nom)` captures the window as <nom>.png
 * and runs axe-core on it; `graves()` lists the screens with serious or
 * critical violations, to assert empty at the end.
 */
export function carnetEcrans() {
  const violations = {};
  return {
    ecran: async (navigateur, nom) => {
      await capture(navigateur, nom);
      violations[nom] = await violationsGraves(navigateur);
    },
    graves: () => Object.entries(violations).filter(([, v]) => v.length > 0),
  };
}
