// The published JSON Schemas of the exchange format, run by ajv (a JSON Schema
// validator that is not ours), judge the schema corpus exactly as the corpus
// says — the same corpus our Rust validator is tested on — and accept the
// vectors and freshly exported files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import ajoutFormats from "ajv-formats";
import { binaires, nouveauDossier } from "./lib/app.mjs";

const racine = new URL("../../", import.meta.url).pathname;
const vecteurs = join(racine, "tests/fixtures/format-v1/vecteurs");
const schema = (nom) => JSON.parse(readFileSync(join(racine, "docs/format", nom), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajoutFormats(ajv, ["date", "date-time"]);

// The `uai` format as docs/format/diagnostic-v1.md specifies it: seven digits,
// then the letter ABCDEFGHJKLMNPRSTUVWXYZ[n mod 23].
ajv.addFormat("uai", (texte) => {
  if (!/^[0-9]{7}[A-Z]$/.test(texte)) return false;
  return "ABCDEFGHJKLMNPRSTUVWXYZ"[Number(texte.slice(0, 7)) % 23] === texte[7];
});

const validateurs = Object.fromEntries(
  [
    "enveloppe.schema.json",
    "diagnostic-v1.schema.json",
    "diagnostic-v2.schema.json",
    "demande-enrolement-v1.schema.json",
    "certificat-enrolement-v1.schema.json",
    "contribution-v1.schema.json",
    "reperes-territoriaux-v1.schema.json",
  ].map((nom) => [nom, ajv.compile(schema(nom))]),
);
const enveloppeValide = validateurs["enveloppe.schema.json"];
// The schema of a payload type: `…diagnostic+json; version=2` → diagnostic-v2.schema.json.
function nomSchema(payloadType) {
  const [, type, version] = payloadType.match(/vnd\.schematic\.([a-z-]+)\+json; version=(\d+)/);
  return `${type}-v${version}.schema.json`;
}

function verifierFichier(octets) {
  const enveloppe = JSON.parse(octets);
  assert.ok(enveloppeValide(enveloppe), JSON.stringify(enveloppeValide.errors));
  const charge = JSON.parse(Buffer.from(enveloppe.payload, "base64").toString("utf8"));
  const chargeValide = validateurs[nomSchema(enveloppe.payloadType)];
  assert.ok(chargeValide(charge), JSON.stringify(chargeValide.errors));
  return charge;
}

test("ajv judges the schema corpus exactly as our validator must", () => {
  const corpus = JSON.parse(readFileSync(join(vecteurs, "corpus-schemas.json"), "utf8"));
  assert.ok(corpus.length >= 60, `${corpus.length} cases`);
  const desaccords = corpus
    .filter((c) => validateurs[c.schema](c.document) !== c.accepte)
    .map((c) => `${c.nom} (${c.schema}): attendu ${c.accepte ? "accepté" : "refusé"}`);
  assert.deepEqual(desaccords, []);
});

test("every accepted vector follows the published schemas", () => {
  for (const nom of readdirSync(join(vecteurs, "acceptes")).filter((n) => n.endsWith(".json") && !n.endsWith(".charge.json"))) {
    const enveloppe = JSON.parse(readFileSync(join(vecteurs, "acceptes", nom), "utf8"));
    assert.ok(enveloppeValide(enveloppe), `${nom}: ${JSON.stringify(enveloppeValide.errors)}`);
    const schemaCharge = nomSchema(enveloppe.payloadType);
    const charge = JSON.parse(Buffer.from(enveloppe.payload, "base64").toString("utf8"));
    assert.ok(validateurs[schemaCharge](charge), `${nom}: ${JSON.stringify(validateurs[schemaCharge].errors)}`);
    assert.deepEqual(
      Buffer.from(enveloppe.payload, "base64"),
      readFileSync(join(vecteurs, "acceptes", nom.replace(".json", ".charge.json"))),
    );
  }
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
      // Every item of the diagnostic's own version: 24 in 2027.1, 20 in 2026.1.
      const items = { "2026.1": 20, "2027.1": 24 }[charge.referentiel.version];
      assert.equal(Object.keys(charge.reponses).length + charge.non_renseignes.length, items);
    }
  }
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
  const fichiers = readdirSync(join(racine, "assets/referentiels"))
    .filter((n) => n !== "catalogue.json")
    .map((n) => join(racine, "assets/referentiels", n))
    .concat([join(racine, "tests/fixtures/referentiels/eple-2026.9.json")]);
  assert.ok(fichiers.length >= 5);
  for (const fichier of fichiers) {
    const referentiel = JSON.parse(readFileSync(fichier, "utf8"));
    assert.ok(valide(referentiel), `${fichier}: ${JSON.stringify(valide.errors)}`);
  }
});
