// The DANE space in the real app: first start as a DANE, import the annuaire
// and a folder of diagnostics (statuses shown), export the report, open the
// territory view (table, bars, radar), publish with statistical secrecy,
// export XLSX, drill down to one establishment. Each screen is captured and
// checked with axe-core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { capture, ouvrirApp } from "./lib/app.mjs";
import { ligneTerritoire, preparer, saisir } from "./lib/dane.mjs";
import { violationsGraves } from "./lib/axe.mjs";
import { attendreTexte, cliquer, cliquerBouton } from "./lib/actions.mjs";

const violations = {};

async function verifierEcran(navigateur, nom) {
  await capture(navigateur, nom);
  violations[nom] = await violationsGraves(navigateur);
}

test("the DANE space: annuaire, import, territory, publication, drill-down", async () => {
  const { dane, depot, annuaire, demandeEcole, exports } = preparer();
  mkdirSync(exports);
  const { navigateur, fermer } = await ouvrirApp(dane);
  try {
    await attendreTexte(navigateur, "main h1", /Bienvenue dans SchémaTIC/);
    await cliquerBouton(navigateur, "Ouvrir l’espace DANE");
    await attendreTexte(navigateur, "main h1", /Espace DANE/);
    await attendreTexte(navigateur, "[data-etat-dane]", /0\s+établissements dans l’annuaire/);
    await verifierEcran(navigateur, "dane-01-accueil-vide");

    // 1. The annuaire.
    await saisir(navigateur, "chemin-annuaire", annuaire);
    await cliquerBouton(navigateur, "Importer l’annuaire");
    await attendreTexte(navigateur, ".message-statut", /Annuaire importé : 5 établissements/);
    // A much smaller annuaire is not applied without a confirmation: the
    // dialog says why; cancelled, nothing changes; confirmed, it replaces.
    const reduit = join(dane, "annuaire-reduit.csv");
    writeFileSync(reduit, readFileSync(annuaire, "utf8").split("\n").slice(0, 3).join("\n") + "\n");
    await saisir(navigateur, "chemin-annuaire", reduit);
    await cliquerBouton(navigateur, "Importer l’annuaire");
    await attendreTexte(navigateur, "dialog[open]", /2 établissements, contre 5 dans l’annuaire actuel \(3 en moins\)/);
    await verifierEcran(navigateur, "dane-01b-annuaire-a-confirmer");
    await cliquerBouton(navigateur, "Annuler");
    await attendreTexte(navigateur, "[data-testid=bilan-annuaire]", /Annuaire lu, pas importé : 2 établissements.*Rien n’a été modifié/s);
    await attendreTexte(navigateur, "[data-etat-dane]", /5\s+établissements dans l’annuaire/);
    await cliquerBouton(navigateur, "Remplacer l’annuaire…");
    await cliquerBouton(navigateur, "Remplacer l’annuaire");
    await attendreTexte(navigateur, "[data-testid=bilan-annuaire]", /Annuaire importé : 2 établissements/);
    await attendreTexte(navigateur, "[data-etat-dane]", /2\s+établissements dans l’annuaire/);
    // The whole annuaire again: larger, no confirmation needed.
    await saisir(navigateur, "chemin-annuaire", annuaire);
    await cliquerBouton(navigateur, "Importer l’annuaire");
    await attendreTexte(navigateur, "[data-testid=bilan-annuaire]", /Annuaire importé : 5 établissements.*3 nouveaux, 0 qui n’y sont plus/s);

    // 2. The folder of diagnostics, with its progress and statuses.
    await saisir(navigateur, "chemins-import", depot);
    await cliquerBouton(navigateur, "Importer");
    await attendreTexte(navigateur, "#titre-resultat-import", /Import n° 1 : 10 fichiers/);
    const statut = async (code) => {
      const ligne = await navigateur.$(`section[data-import] tr[data-statut="${code}"] td`);
      return (await ligne.isExisting()) ? Number(await ligne.getText()) : 0;
    };
    assert.equal(await statut("importe"), 3, "demo ×2 and college, enrolled");
    assert.equal(await statut("deja-importe"), 3, "two PDFs and one copy");
    assert.equal(await statut("non-enrole"), 1, "the school never enrolled");
    assert.equal(await statut("signature-invalide"), 1);
    assert.equal(await statut("format-non-reconnu"), 1);
    assert.equal(await statut("ecarte"), 1, "the unenrolled key claiming the college's year");
    await attendreTexte(navigateur, "[data-etat-dane]", /1\s+fichier mis à l’écart/);
    await verifierEcran(navigateur, "dane-02-import");
    await saisir(navigateur, "dossier-rapport", exports);
    await cliquerBouton(navigateur, "Exporter le rapport (CSV)");
    await attendreTexte(navigateur, "section[data-import] .texte-succes", /rapport-import-1\.csv/);
    const rapport = readFileSync(join(exports, "rapport-import-1.csv"), "utf8");
    assert.ok(rapport.startsWith("\ufeffFichier;Statut;"), rapport.slice(0, 80));
    assert.match(rapport, /lisez-moi\.txt;format non reconnu;/);

    // Enrolment: review the school's request (name from the annuaire, key
    // fingerprint), then approve it.
    await saisir(navigateur, "demandes", demandeEcole);
    await saisir(navigateur, "dossier-certificats", exports);
    await cliquerBouton(navigateur, "Examiner les demandes");
    await attendreTexte(navigateur, "#tableau-demandes", /0331500B\s*École du Port\s*[0-9A-F]{4} [0-9A-F]{4}/);
    await attendreTexte(navigateur, "#tableau-demandes", /Nouvelle demande : un certificat sera émis/);
    await verifierEcran(navigateur, "dane-02b-enrolement");
    await cliquerBouton(navigateur, "Approuver et émettre les certificats");
    await attendreTexte(navigateur, "main", /0331500B \(École du Port\) : clé [0-9A-F ]+, certificat n° SCH-\d{4}-00003/);
    assert.ok(existsSync(join(exports, "certificat-enrolement_0331500B.json")));
    await cliquer(navigateur, "button=Imports et enrôlement");
    await attendreTexte(navigateur, "[data-etat-dane]", /3\s+clés enrôlées/);

    // 3. The territory: by académie, then down to départements.
    await cliquerBouton(navigateur, "Voir le territoire");
    await attendreTexte(navigateur, "main h1", /Territoire/);
    await attendreTexte(navigateur, "#tableau-territoire", /Bordeaux/);
    const bordeaux = await ligneTerritoire(navigateur, "Bordeaux");
    // 4 establishments in Bordeaux's annuaire, 3 with a diagnostic this year;
    // the school's, imported unenrolled, counts as enrolled since its approval.
    assert.match(bordeaux, /Bordeaux\s+4\s+3\s+0\s+75,0 %/);
    await navigateur.$("svg.barres").waitForExist({ timeout: 10000 });
    await navigateur.$("figure.radar").waitForExist({ timeout: 10000 });
    await cliquer(navigateur, "#evolution");
    await attendreTexte(navigateur, "#tableau-territoire thead", /Δ PIL/);
    await verifierEcran(navigateur, "dane-03-territoire");
    await navigateur.$("svg.barres").scrollIntoView({ block: "start" });
    await capture(navigateur, "dane-03b-graphiques");
    // The item distributions, opened: a wide table scrolled by keyboard too.
    await cliquer(navigateur, "summary*=Afficher les");
    await navigateur.execute(() => document.querySelector("details[open] .defilement").scrollIntoView({ block: "center" }));
    await verifierEcran(navigateur, "dane-03c-items");

    // Publication: under 5 establishments everywhere, so the figures are hidden.
    await cliquer(navigateur, "#publication");
    await attendreTexte(navigateur, "#titre-tableau", /Publication par académie/);
    const publie = await ligneTerritoire(navigateur, "Bordeaux");
    assert.match(publie, /Bordeaux\s+4\s+s\s+s/);
    await attendreTexte(navigateur, ".notes-tableau", /moins de 5 établissements/);
    await verifierEcran(navigateur, "dane-04-publication");
    await saisir(navigateur, "dossier-export-synthese", exports);
    await cliquerBouton(navigateur, "Classeur Excel (XLSX)");
    await attendreTexte(navigateur, "[role=status].texte-succes", /schematic-publication-academie-/);
    const xlsx = readdirSync(exports).find((f) => f.endsWith(".xlsx"));
    assert.ok(xlsx && readFileSync(join(exports, xlsx)).subarray(0, 2).toString() === "PK");

    // Drill down: Bordeaux → Gironde → Collège Jean Moulin.
    await cliquer(navigateur, "#publication");
    await attendreTexte(navigateur, "#titre-tableau", /Synthèse par académie/);
    await cliquerBouton(navigateur, "Bordeaux");
    await attendreTexte(navigateur, "#titre-tableau", /par département/);
    await cliquerBouton(navigateur, "33 — Gironde");
    await attendreTexte(navigateur, "#titre-tableau", /par établissement/);
    await verifierEcran(navigateur, "dane-05-etablissements");
    await cliquerBouton(navigateur, "Collège Jean Moulin (Bordeaux)");
    await attendreTexte(navigateur, "main h1", /Collège Jean Moulin/);
    await attendreTexte(navigateur, "main", /révision 1/);
    await attendreTexte(navigateur, "#titre-ecartes", /Fichiers mis à l’écart \(1\)/);
    await verifierEcran(navigateur, "dane-06-etablissement");
    await (await navigateur.$("#titre-ecartes")).scrollIntoView({ block: "start" });
    await verifierEcran(navigateur, "dane-06b-fichiers-ecartes");
  } finally {
    await fermer();
  }
  assert.ok(existsSync(join(exports, "rapport-import-1.csv")));
  for (const [ecran, v] of Object.entries(violations)) {
    assert.deepEqual(v, [], `axe-core, serious or critical violations on ${ecran}`);
  }
});
