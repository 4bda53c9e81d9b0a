// What the DANE tests share: a DANE data folder with its annuaire and a
// folder of exports from three establishments (and bad files), prepared with
// the CLI; typing into fields; reading the territory table.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binaires, nouveauDossier } from "./app.mjs";

export function cli(dossier, ...args) {
  return execFileSync(binaires.cli(), ["--data-dir", dossier, ...args], { encoding: "utf8" });
}

/** The text of the territory table's row naming `nom`, cells separated by tabs. */
export function ligneTerritoire(navigateur, nom) {
  return navigateur.execute(
    (n) =>
      [...document.querySelectorAll("#tableau-territoire tbody tr")]
        .find((tr) => tr.querySelector("th")?.textContent?.trim() === n)
        ?.innerText.replace(/\s*\t\s*/g, "\t") ?? "",
    nom,
  );
}

/** Sets a text field through the page (paths are typed, not picked). */
export async function saisir(navigateur, id, valeur) {
  const champ = await navigateur.$(`#${id}`);
  await champ.waitForExist({ timeout: 10000 });
  await champ.setValue(valeur);
}

/** Three establishments, two enrolled, their exports, and bad files. */
export function preparer() {
  const dane = nouveauDossier(["dane", "cle"]);
  const boite = join(dane, "boite");
  const depot = join(dane, "depot");
  mkdirSync(boite);
  mkdirSync(depot);
  const demo = nouveauDossier(["demo"]);
  const college = nouveauDossier(["etablissement", "definir", "--uai", "0330021U", "--nom", "Collège Jean Moulin", "--type", "college"]);
  cli(college, "diagnostic", "creer");
  for (const d of ["PIL", "FOR", "IMP", "PED", "INF"]) {
    for (let n = 1; n <= 4; n++) cli(college, "diagnostic", "repondre", `${d}-${n}`, String(1 + ((n + d.length) % 3)));
  }
  cli(college, "diagnostic", "finaliser");
  const ecole = nouveauDossier(["etablissement", "definir", "--uai", "0331500B", "--nom", "École du Port", "--type", "ecole-primaire"]);
  cli(ecole, "diagnostic", "creer");
  cli(ecole, "diagnostic", "repondre", "PIL-1", "2");
  for (const [dossier, uai] of [
    [demo, "0332345V"],
    [college, "0330021U"],
  ]) {
    cli(dossier, "cle", "demande-enrolement", "--sortie", boite);
    cli(dane, "dane", "enroler", join(boite, `demande-enrolement_${uai}.json`), "--sortie", boite);
    cli(dossier, "cle", "importer-certificat", join(boite, `certificat-enrolement_${uai}.json`));
  }
  const anneesDemo = JSON.parse(cli(demo, "diagnostic", "lister", "--json")).map((d) => d.annee);
  for (const annee of anneesDemo) cli(demo, "exporter", "--annee", annee, "--json", "--pdf", "--sortie", depot);
  cli(college, "exporter", "--sortie", depot);
  cli(ecole, "exporter", "--sortie", join(depot, "ecoles"));
  // Another computer claiming to be the college, with a key of its own never
  // enrolled: its file is set aside, never counted.
  const intrus = nouveauDossier(["etablissement", "definir", "--uai", "0330021U", "--nom", "Collège Jean Moulin", "--type", "college"]);
  cli(intrus, "diagnostic", "creer");
  cli(intrus, "diagnostic", "repondre", "PIL-1", "3");
  cli(intrus, "exporter", "--sortie", join(depot, "intrus"));
  // The school asks for enrolment too; the DANE will review it in the app.
  cli(ecole, "cle", "demande-enrolement", "--sortie", boite);
  const demandeEcole = join(boite, "demande-enrolement_0331500B.json");
  writeFileSync(join(depot, "lisez-moi.txt"), "Diagnostics reçus par la messagerie de la DANE.");
  const college25 = readdirSync(depot).find((f) => f.startsWith("SchemaTIC_0330021U") && f.endsWith(".json"));
  const falsifie = readFileSync(join(depot, college25));
  falsifie[Math.floor(falsifie.length / 2)] ^= 1;
  writeFileSync(join(depot, "falsifie.json"), falsifie);
  copyFileSync(join(depot, college25), join(depot, "copie.json"));

  const annuaire = join(dane, "annuaire.csv");
  const lignes = [
    "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Code_postal;Nom_commune;Code_departement;Libelle_departement;Code_academie;Libelle_academie;etat",
    "0332345V;Collège Les Tilleuls;Collège;Public;33000;Bordeaux;033;Gironde;04;Bordeaux;OUVERT",
    "0330021U;Collège Jean Moulin;Collège;Public;33000;Bordeaux;033;Gironde;04;Bordeaux;OUVERT",
    "0331500B;École du Port;Ecole;Public;33000;Bordeaux;033;Gironde;04;Bordeaux;OUVERT",
    "0400007R;Lycée des Landes;Lycée;Public;40000;Mont-de-Marsan;040;Landes;04;Bordeaux;OUVERT",
    "0311234Y;École Jules Ferry;Ecole;Public;31000;Toulouse;031;Haute-Garonne;16;Toulouse;OUVERT",
  ];
  writeFileSync(annuaire, `\ufeff${lignes.join("\n")}\n`);
  return { dane, depot, annuaire, demandeEcole, exports: join(dane, "exports") };
}

