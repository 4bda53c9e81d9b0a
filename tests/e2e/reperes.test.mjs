// Territorial references in the real app: a DANE (prepared with the CLI)
// imports the diagnostics of six collèges of the Gironde and publishes its
// references from the territory view; one of the collèges imports them on
// its Results screen and sees its radar with the group's outline, the table
// beside it, the items' shares and the choice of territory; its PDF report
// gains the same page. Each screen is captured and checked with axe-core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { capture, nouveauDossier, ouvrirApp } from "./lib/app.mjs";
import { cli, saisir } from "./lib/dane.mjs";
import { violationsGraves } from "./lib/axe.mjs";
import { attendreTexte, cliquer, cliquerBouton } from "./lib/actions.mjs";

const violations = {};

async function verifierEcran(navigateur, nom) {
  await capture(navigateur, nom);
  violations[nom] = await violationsGraves(navigateur);
}

/** A valid UAI of the Gironde: 033, four digits, the check letter. */
function uai(n) {
  const sept = `033${String(n).padStart(4, "0")}`;
  return sept + "ABCDEFGHJKLMNPRSTUVWXYZ"[Number(sept) % 23];
}

/**
 * Six collèges of the Gironde enrolled with one DANE, each answering every
 * item (collège k at level 1 + k mod 3, the first with a mix), exported
 * into the DANE's folder. Returns the DANE, the first collège and the year.
 */
function preparer() {
  const dane = nouveauDossier(["dane", "cle"]);
  const boite = join(dane, "boite");
  const depot = join(dane, "depot");
  mkdirSync(boite);
  mkdirSync(depot);
  const lignes = [
    "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Code_postal;Nom_commune;Code_departement;Libelle_departement;Code_academie;Libelle_academie;etat",
  ];
  const colleges = [];
  for (let k = 0; k < 6; k++) {
    const code = uai(100 + k);
    const nom = k === 0 ? "Collège Jean Moulin" : `Collège n° ${k}`;
    const dossier = nouveauDossier(["etablissement", "definir", "--uai", code, "--nom", nom, "--type", "college"]);
    cli(dossier, "diagnostic", "creer");
    for (const d of ["PIL", "FOR", "IMP", "PED", "INF"]) {
      for (let n = 1; n <= 4; n++) {
        const niveau = k === 0 ? 1 + ((n + d.length) % 3) : 1 + (k % 3);
        cli(dossier, "diagnostic", "repondre", `${d}-${n}`, String(niveau));
      }
    }
    cli(dossier, "diagnostic", "finaliser");
    cli(dossier, "cle", "demande-enrolement", "--sortie", boite);
    cli(dane, "dane", "enroler", join(boite, `demande-enrolement_${code}.json`), "--sortie", boite);
    cli(dossier, "cle", "importer-certificat", join(boite, `certificat-enrolement_${code}.json`));
    cli(dossier, "exporter", "--sortie", depot);
    lignes.push(`${code};${nom};Collège;Public;33000;Bordeaux;033;Gironde;04;Bordeaux;OUVERT`);
    colleges.push(dossier);
  }
  const annuaire = join(dane, "annuaire.csv");
  writeFileSync(annuaire, `${lignes.join("\n")}\n`);
  cli(dane, "dane", "annuaire", "importer", annuaire);
  cli(dane, "dane", "importer", depot);
  const annee = JSON.parse(cli(colleges[0], "diagnostic", "lister", "--json"))[0].annee;
  return { dane, college: colleges[0], annee };
}

test("territorial references: published by the DANE, compared by a collège", async () => {
  const { dane, college, annee } = preparer();
  const publications = join(dane, "publications");
  mkdirSync(publications);

  // 1. The DANE publishes them from its territory view.
  {
    const { navigateur, fermer } = await ouvrirApp(dane);
    try {
      await attendreTexte(navigateur, "main h1", /Bienvenue dans SchémaTIC/);
      await cliquerBouton(navigateur, "Ouvrir l’espace DANE");
      await attendreTexte(navigateur, "main h1", /Espace DANE/);
      await cliquerBouton(navigateur, "Territoire");
      await attendreTexte(navigateur, "main h1", /Territoire/);
      await saisir(navigateur, "dossier-export-synthese", publications);
      await cliquerBouton(navigateur, `Publier les repères ${annee}`);
      await attendreTexte(
        navigateur,
        "section[aria-labelledby=titre-reperes-dane] [role=status]",
        /Repères .* publiés : 2 groupes d’établissements semblables, 6\s+établissements comptés/,
      );
      await (await navigateur.$("#titre-reperes-dane")).scrollIntoView({ block: "start" });
      await verifierEcran(navigateur, "reperes-01-dane-publication");
    } finally {
      await fermer();
    }
  }
  const fichier = join(publications, readdirSync(publications).find((f) => f.startsWith("SchemaTIC_reperes_")));

  // 2. The collège imports them on its Results screen.
  const { navigateur, fermer } = await ouvrirApp(college);
  try {
    await attendreTexte(navigateur, "main h1", /Collège Jean Moulin/);
    await cliquerBouton(navigateur, "Résultats");
    await attendreTexte(navigateur, "main h1", new RegExp(`Résultats ${annee}`));
    await attendreTexte(navigateur, "section[aria-labelledby=titre-reperes]", /Aucun repère de votre DANE/);
    await saisir(navigateur, "chemin-reperes", join(dane, "absent.json"));
    await cliquerBouton(navigateur, "Importer les repères");
    await attendreTexte(navigateur, "section[aria-labelledby=titre-reperes] [role=alert]", /absent\.json/);
    await saisir(navigateur, "chemin-reperes", fichier);
    await cliquerBouton(navigateur, "Importer les repères");
    await attendreTexte(
      navigateur,
      "section[aria-labelledby=titre-reperes]",
      new RegExp(`Vos résultats ${annee} à côté des collèges — Gironde \\(33\\) \\(6 établissements\\)`),
    );
    await attendreTexte(navigateur, "section[aria-labelledby=titre-reperes] [role=status]", /Repères .* importés/);
    // The radar draws the group as a second outline, and has its table.
    const radar = await navigateur.$("section[aria-labelledby=titre-reperes] .radar");
    assert.ok(await radar.$("polygon.precedent").isExisting(), "the group's outline");
    assert.match(await radar.getText(), /Moyenne des collèges — Gironde \(33\)/);
    // The collège: 2, 3, 1, 2 in every domain (2,00); the five others at
    // 2, 3, 1, 2 and 3 everywhere: the group's mean is (2 + 11) / 6 = 2,17.
    const tableau = await navigateur.$("#tableau-reperes").getText();
    assert.match(tableau, /Pilotage\s*2,00\s*2,17\s*−0,17/);
    await (await navigateur.$("#titre-reperes")).scrollIntoView({ block: "start" });
    await verifierEcran(navigateur, "reperes-02-resultats-comparaison");
    // Items: shares per level, hidden ones said.
    await cliquer(navigateur, "section[aria-labelledby=titre-reperes] summary");
    const items = await navigateur.$("#tableau-reperes-items").getText();
    assert.match(items, /PIL-1/);
    assert.match(items, /secret/, "levels reached by 1 to 4 collèges are hidden");
    assert.ok(await navigateur.$("#tableau-reperes-items td.la-votre").isExisting(), "the collège's level is marked");
    await navigateur.execute(() => document.querySelector("#tableau-reperes-items").scrollIntoView({ block: "center" }));
    await verifierEcran(navigateur, "reperes-03-items");
    // Settings list the references kept.
    await cliquerBouton(navigateur, "Paramètres");
    await attendreTexte(navigateur, "#tableau-reperes-gardes", new RegExp(`${annee}\\s*.*Bordeaux`));
    await (await navigateur.$("#titre-reperes-gardes")).scrollIntoView({ block: "start" });
    await verifierEcran(navigateur, "reperes-05-parametres");
    await cliquerBouton(navigateur, "Accueil");
    await cliquerBouton(navigateur, "Résultats");
    await attendreTexte(navigateur, "section[aria-labelledby=titre-reperes]", /à côté des collèges — Gironde/);
    // The académie's group: the same six collèges.
    await cliquer(navigateur, "input[name=echelon-reperes][value=academie]");
    await attendreTexte(navigateur, "section[aria-labelledby=titre-reperes]", /à côté des collèges — académie de Bordeaux \(6 établissements\)/);

    // 3. The PDF report gains the page.
    await cliquer(navigateur, "button.onglet=Exporter");
    await attendreTexte(navigateur, "main h1", new RegExp(`Exporter le diagnostic ${annee}`));
    const sortie = join(college, "export");
    await navigateur.$("#dossier-export").setValue(sortie);
    await navigateur.$("main form button[type=submit]").click();
    await attendreTexte(navigateur, ".succes", /Export enregistré/);
    const pdf = join(sortie, readdirSync(sortie).find((f) => f.endsWith(".pdf")));
    const texte = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
    assert.match(texte, /Repères territoriaux/);
    assert.match(texte, /Votre établissement à côté des collèges — Gironde \(33\), 6 établissements/);
    execFileSync("pdftoppm", ["-r", "70", "-png", "-f", "3", "-l", "3", pdf, join(process.env.SCHEMATIC_CAPTURES, "reperes-04-pdf")]);
  } finally {
    await fermer();
  }
  for (const [ecran, v] of Object.entries(violations)) {
    assert.deepEqual(v, [], `axe-core, serious or critical violations on ${ecran}`);
  }
});
