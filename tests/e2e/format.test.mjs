// The published JSON Schemas of the export format accept the test vectors and a
// freshly exported diagnostic (with and without comments), and reject damage.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { binaires, nouveauDossier } from "./lib/app.mjs";

const racine = new URL("../../", import.meta.url).pathname;
const schema = (nom) => JSON.parse(readFileSync(join(racine, "docs/format", nom), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: true });
const enveloppeValide = ajv.compile(schema("enveloppe.schema.json"));
const chargeValide = ajv.compile(schema("diagnostic-v1.schema.json"));

function verifierFichier(octets) {
  const enveloppe = JSON.parse(octets);
  assert.ok(enveloppeValide(enveloppe), JSON.stringify(enveloppeValide.errors));
  const charge = JSON.parse(Buffer.from(enveloppe.payload, "base64").toString("utf8"));
  assert.ok(chargeValide(charge), JSON.stringify(chargeValide.errors));
  return charge;
}

test("the test vectors follow the published schemas", () => {
  const octets = readFileSync(join(racine, "tests/fixtures/format-v1/enveloppe.json"), "utf8");
  const charge = verifierFichier(octets);
  assert.deepEqual(
    Buffer.from(JSON.parse(octets).payload, "base64"),
    readFileSync(join(racine, "tests/fixtures/format-v1/charge.json")),
  );
  assert.equal(charge.etablissement.uai, "0330021U");
});

test("an exported diagnostic validates against the published schemas", () => {
  const dossier = nouveauDossier(["demo"]);
  for (const options of [[], ["--commentaires"]]) {
    const sortie = join(dossier, `export${options.length}`);
    execFileSync(binaires.cli(), ["--data-dir", dossier, "exporter", ...options, "--sortie", sortie]);
    for (const nom of readdirSync(sortie)) {
      assert.match(nom, /^SchemaTIC_0332345V_\d{4}-\d{4}_r1\.json$/);
      const charge = verifierFichier(readFileSync(join(sortie, nom), "utf8"));
      assert.equal(charge.commentaires !== undefined, options.length > 0);
      assert.equal(Object.keys(charge.reponses).length + charge.non_renseignes.length, 20);
    }
  }
});

test("the schemas reject what the format forbids", () => {
  const charge = JSON.parse(readFileSync(join(racine, "tests/fixtures/format-v1/charge.json"), "utf8"));
  const variantes = [
    { ...charge, inconnu: 1 },
    { ...charge, etablissement: { ...charge.etablissement, nom: "Collège Jean Moulin" } },
    { ...charge, reponses: { ...charge.reponses, "PIL-1": 4 } },
    { ...charge, diagnostic: { ...charge.diagnostic, statut: null } },
    { ...charge, genere_le: "12/03/2026" },
  ];
  for (const v of variantes) assert.equal(chargeValide(v), false, JSON.stringify(v).slice(0, 80));
});

test("the PDF report's pages are rendered for people to look at", () => {
  const dossier = nouveauDossier(["demo"]);
  const sortie = join(dossier, "rapport");
  execFileSync(binaires.cli(), ["--data-dir", dossier, "exporter", "--pdf", "--sortie", sortie]);
  const pdf = readdirSync(sortie).find((n) => n.endsWith(".pdf"));
  assert.ok(pdf, "a PDF was written");
  mkdirSync(binaires.captures(), { recursive: true });
  execFileSync("pdftoppm", ["-png", "-r", "60", join(sortie, pdf), join(binaires.captures(), "rapport-pdf-page")]);
  const pages = readdirSync(binaires.captures()).filter((n) => n.startsWith("rapport-pdf-page"));
  assert.ok(pages.length >= 4, `${pages.length} pages rendered`);
});

test("the embedded referentials follow their published schema", () => {
  const valide = ajv.compile(JSON.parse(readFileSync(join(racine, "docs/referentiel.schema.json"), "utf8")));
  for (const nom of ["ecole.json", "eple.json"]) {
    const referentiel = JSON.parse(readFileSync(join(racine, "assets/referentiels", nom), "utf8"));
    assert.ok(valide(referentiel), `${nom}: ${JSON.stringify(valide.errors)}`);
  }
});
