// The window opens and shows the demo establishment and its diagnostics, read
// from the database through schematic-api.
import { test } from "node:test";
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { capture, nouveauDossier, ouvrirApp } from "./lib/app.mjs";

test("the window shows the demo establishment's diagnostics", async () => {
  const dossier = nouveauDossier(["demo"]);
  const { navigateur, fermer } = await ouvrirApp(dossier);
  try {
    const titre = await navigateur.$("main h1");
    await titre.waitForDisplayed({ timeout: 15000 });
    assert.equal(await titre.getText(), "Collège Les Tilleuls (démonstration)");
    const fiche = await navigateur.$(".fiche").getText();
    assert.match(fiche, /0332345V/);
    assert.match(fiche, /Bordeaux/);

    const lignes = await navigateur.$$("table tbody tr");
    assert.equal(lignes.length, 2);
    const textes = [];
    for (const ligne of lignes) textes.push(await ligne.getText());
    assert.match(textes[0], /Brouillon/);
    assert.match(textes[0], /22 items sur 24 \(91 %\), dont 3 à revoir/);
    assert.match(textes[1], /Finalisé/);
    assert.match(textes[1], /20 items sur 20 \(100 %\)/);
    const annees = textes.map((t) => t.match(/\d{4}-\d{4}/)?.[0]);
    assert.equal(Number(annees[0].slice(0, 4)), Number(annees[1].slice(0, 4)) + 1, "most recent year first");

    const chemin = await capture(navigateur, "accueil-demo");
    assert.ok(statSync(chemin).size > 10_000, "the screenshot is a real picture");
  } finally {
    await fermer();
  }
});
