// A DANE that worked alone on a PC moves to its team's PostgreSQL server from
// « Paramètres » in the real app: the copy reports what it verified and
// copied, the territory view then reads the server with the same figures,
// and the DANE can come back to the PC's file. Needs the server `cargo xtask
// test` starts (SCHEMATIC_TEST_POSTGRES).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { capture, ouvrirApp } from "./lib/app.mjs";
import { violationsGraves } from "./lib/axe.mjs";
import { attendreTexte, cliquerBouton } from "./lib/actions.mjs";
import { cli, ligneTerritoire, preparer, saisir } from "./lib/dane.mjs";

/** Runs `sql` with psql on the tests' server (its `postgres` database). */
function psql(sql) {
  const serveur = process.env.SCHEMATIC_TEST_POSTGRES;
  assert.ok(serveur, "SCHEMATIC_TEST_POSTGRES is not set: run through cargo xtask test, which starts PostgreSQL");
  const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
  execFileSync(`/usr/lib/postgresql/${versions[0]}/bin/psql`, ["-X", "-q", "-d", serveur, "-c", sql]);
  return serveur;
}

/** A new database on the tests' server; its name and URL. */
function nouvelleBase() {
  const nom = `dane_e2e_${process.pid}`;
  const serveur = psql(`CREATE DATABASE ${nom}`);
  return { nom, url: serveur.replace(/\/[^/]*$/, `/${nom}`) };
}

test("the DANE space moves from the PC's file to a server from Paramètres", async () => {
  const { dane, depot, annuaire } = preparer();
  cli(dane, "dane", "annuaire", "importer", annuaire);
  try {
    cli(dane, "dane", "importer", depot);
  } catch (e) {
    // Some of the files are refused on purpose (exit code 10).
    if (e.status !== 10) throw e;
  }
  const { nom, url } = nouvelleBase();
  const violations = {};
  const { navigateur, fermer } = await ouvrirApp(dane);
  try {
    await attendreTexte(navigateur, "main h1", /Bienvenue dans SchémaTIC/);
    await cliquerBouton(navigateur, "Ouvrir l’espace DANE");
    await attendreTexte(navigateur, "main h1", /Espace DANE/);
    await navigateur.$("button.lien-menu=Territoire").click();
    await attendreTexte(navigateur, "#tableau-territoire", /Bordeaux/);
    const avant = await ligneTerritoire(navigateur, "Bordeaux");
    assert.match(avant, /Bordeaux\s+4\s+3\s+/);

    await navigateur.$("button.lien-menu=Paramètres").click();
    await attendreTexte(navigateur, "main h1", /Paramètres/);
    await attendreTexte(navigateur, "#titre-base-dane + p", /L’espace DANE utilise le fichier .*dane\.sqlite/);
    await saisir(navigateur, "adresse-serveur", url);
    await cliquerBouton(navigateur, "Copier les données de ce poste vers ce serveur");
    await attendreTexte(
      navigateur,
      "section[aria-labelledby=titre-base-dane] .message-statut",
      /Copie faite : \d+ enveloppes vérifiées de nouveau, \d+ éléments copiés, 0 déjà présents\. L’espace DANE utilise désormais le serveur PostgreSQL postgres:/,
    );
    await attendreTexte(navigateur, "#titre-base-dane + p", /L’espace DANE utilise le serveur PostgreSQL/);
    await capture(navigateur, "dane-serveur-01-copie");
    violations["dane-serveur-01-copie"] = await violationsGraves(navigateur);

    // The DANE's home says where its data are now.
    await navigateur.$("button.lien-menu=Imports et enrôlement").click();
    await attendreTexte(navigateur, "main", /Données de l’espace DANE : PostgreSQL, base dane_e2e_\d+ sur 127\.0\.0\.1/);
    await capture(navigateur, "dane-serveur-02-accueil");

    // The territory now read on the server: the same figures.
    await navigateur.$("button.lien-menu=Territoire").click();
    await attendreTexte(navigateur, "#tableau-territoire", /Bordeaux/);
    assert.equal(await ligneTerritoire(navigateur, "Bordeaux"), avant);
    await capture(navigateur, "dane-serveur-03-territoire");

    // The server's database disappears: the DANE's home says so and leads to
    // the setting; back to the PC's file from there.
    psql(`DROP DATABASE ${nom} WITH (FORCE)`);
    await navigateur.$("button.lien-menu=Imports et enrôlement").click();
    await attendreTexte(navigateur, "[role=alert]", /serveur PostgreSQL/);
    await capture(navigateur, "dane-serveur-04-serveur-perdu");
    violations["dane-serveur-04-serveur-perdu"] = await violationsGraves(navigateur);
    await cliquerBouton(navigateur, "Régler l’accès aux données de l’espace DANE (Paramètres)");
    await attendreTexte(navigateur, "main h1", /Paramètres/);
    await cliquerBouton(navigateur, "Revenir au fichier de ce poste");
    await attendreTexte(navigateur, "#titre-base-dane + p", /L’espace DANE utilise le fichier .*dane\.sqlite/);
  } finally {
    await fermer();
  }
  assert.match(cli(dane, "dane", "base"), /SQLite, fichier .*dane\.sqlite/);
  assert.match(cli(dane, "dane", "synthese", "--annee", "2025-2026"), /Bordeaux/, "the PC's file kept its data");
  for (const [ecran, v] of Object.entries(violations)) {
    assert.deepEqual(v, [], `axe-core, serious or critical violations on ${ecran}`);
  }
});
