// The richer referential 2027.1 in the real window, on the demo (last year on
// 2026.1, this year moved to 2027.1): evidence examples opened and closed by
// keyboard in the questionnaire; a next-level action suggested under a
// priority, pre-filled in the plan, edited and saved; the printable grid
// written from the app, read back with pdftotext and rendered to PNG for
// people to look at; the workshop projection's debate prompt; the
// version's changelog in « À propos ». Screens
// captured and checked with axe-core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Key } from "webdriverio";
import { binaires, nouveauDossier, ouvrirApp } from "./lib/app.mjs";
import { attendreTexte, cliquer, cliquerBouton } from "./lib/actions.mjs";
import { carnetEcrans } from "./lib/axe.mjs";

/** The school year in progress today (it starts on 1 September). */
function anneeCourante() {
  const maintenant = new Date();
  const debut = maintenant.getMonth() >= 8 ? maintenant.getFullYear() : maintenant.getFullYear() - 1;
  return `${debut}-${debut + 1}`;
}

const actif = (navigateur) =>
  navigateur.execute(() => ({
    balise: document.activeElement?.tagName,
    texte: document.activeElement?.textContent ?? "",
    ouvert: document.activeElement?.parentElement?.open ?? null,
  }));

test("evidence by keyboard, a suggested action saved, the printable grid written", async () => {
  const annee = anneeCourante();
  const dossier = nouveauDossier(["demo"]);
  const { ecran, graves } = carnetEcrans();

  const { navigateur, fermer } = await ouvrirApp(dossier);
  try {
    // 1. The questionnaire: PIL-1's evidence examples, opened and closed from the keyboard.
    await attendreTexte(navigateur, "main h1", /Collège Les Tilleuls/);
    await cliquer(navigateur, `button[aria-label="Continuer le diagnostic ${annee}"]`);
    await attendreTexte(navigateur, "main h1", new RegExp(`Questionnaire ${annee}`));
    await attendreTexte(navigateur, "main", /Comment la direction et les instances de l’établissement/);
    assert.match(
      await navigateur.$("fieldset*=PIL-4").getText(),
      /Obligation légale, au niveau 1 : Recueillir l’autorisation des représentants légaux/,
    );
    const resume = await navigateur.$("summary=Exemples d’éléments observables pour PIL-1");
    await resume.scrollIntoView({ block: "center" });
    // The summary follows PIL-1's level cards: from its chosen card, Tab.
    await navigateur.execute(() => document.querySelector('input[name="niveau-PIL-1"]:checked')?.focus());
    let f;
    for (let i = 0; i < 10; i++) {
      await navigateur.keys(Key.Tab);
      f = await actif(navigateur);
      if (f.balise === "SUMMARY") break;
    }
    assert.equal(f.balise, "SUMMARY", "Tab reaches the evidence examples");
    assert.match(f.texte, /PIL-1/);
    assert.equal(f.ouvert, false, "closed until asked");
    await navigateur.keys(Key.Enter);
    await navigateur.waitUntil(async () => (await actif(navigateur)).ouvert === true, { timeoutMsg: "Enter opens" });
    const details = await navigateur.$("details.observables");
    await details.scrollIntoView({ block: "center" });
    assert.match(await details.getText(), /Niveau 1\s*Le projet d’établissement en vigueur, où l’objectif numérique est repérable/);
    await ecran(navigateur, "r1-observables-ouverts");
    await navigateur.keys(Key.Enter);
    await navigateur.waitUntil(async () => (await actif(navigateur)).ouvert === false, { timeoutMsg: "Enter closes" });

    // 2. The printable grid, written from the app into a folder.
    const sortie = mkdtempSync(join(tmpdir(), "schematic-grille-"));
    await cliquerBouton(navigateur, "Grille à imprimer (PDF)");
    const champ = await navigateur.$("#dossier-grille");
    await champ.waitForExist({ timeout: 10000 });
    await champ.setValue(sortie);
    await cliquerBouton(navigateur, "Enregistrer la grille (PDF)");
    await attendreTexte(navigateur, "#panneau-grille", /Grille enregistrée : .*SchemaTIC_grille_eple_2027\.1\.pdf/);
    await ecran(navigateur, "r2-grille-enregistree");
    const pdf = join(sortie, "SchemaTIC_grille_eple_2027.1.pdf");
    assert.ok(existsSync(pdf), "the grid was written");
    const texte = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    for (const id of ["PIL-1", "PIL-5", "FOR-3", "IMP-5", "PED-6", "INF-5"]) assert.ok(texte.includes(id), id);
    assert.ok(texte.includes("Le RUPN anime une équipe-relais qui rend compte chaque année de son action en conseil pédagogique."));
    mkdirSync(binaires.captures(), { recursive: true });
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "3", pdf, join(binaires.captures(), "grille-pdf-page")]);
    const pages = readdirSync(binaires.captures()).filter((n) => n.startsWith("grille-pdf-page"));
    assert.ok(pages.length >= 3, `${pages.length} pages rendered`);

    // 3. Results: a priority's suggested action goes to the plan, pre-filled.
    await navigateur.$("button.onglet=Résultats").click();
    await attendreTexte(navigateur, "main h1", new RegExp(`Résultats ${annee}`));
    await attendreTexte(navigateur, "main", /Intelligence artificielle — Aucun niveau[^]*Écrire les règles d’usage de l’IA de l’établissement/);
    await navigateur.$("#titre-priorites").scrollIntoView({ block: "start" });
    await ecran(navigateur, "r3-resultats-suggestions");
    // PED-4 is at level 1 in the demo: its suggestions for level 2 are offered.
    const cible = await navigateur.$('button[aria-label^="Ajouter au plan : « Identifier une personne ressource"]');
    await cible.scrollIntoView({ block: "center" });
    await cible.click();
    await attendreTexte(navigateur, "main h1", new RegExp(`Plan d’action ${annee}`));
    await attendreTexte(navigateur, ".message-statut", /Suggestion reprise pour PED-4/);
    const zone = await navigateur.$("#action-texte");
    assert.match(await zone.getValue(), /^Identifier une personne ressource/);
    assert.equal(await navigateur.$("#action-item").getValue(), "PED-4");
    assert.equal(await navigateur.$("#action-niveau").getValue(), "2");
    assert.equal(await navigateur.execute(() => document.activeElement?.id), "action-texte", "the text is ready to edit");
    await zone.setValue(`${await zone.getValue()} avant la Toussaint`);
    await navigateur.$("#action-responsable").setValue("RUPN");
    await navigateur.execute(() => {
      const champ = document.getElementById("action-echeance");
      champ.value = "2027-10-16";
      champ.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await ecran(navigateur, "r4-plan-suggestion");
    await cliquerBouton(navigateur, "Ajouter l’action");
    await attendreTexte(navigateur, ".message-statut", /Action ajoutée pour PED-4/);
    await attendreTexte(navigateur, "table.tableau", /avant la Toussaint/);
    // The referential's suggestions for the item chosen are offered in the form too.
    await navigateur.$("#action-item").selectByAttribute("value", "IMP-5");
    await attendreTexte(navigateur, "#titre-suggestions-item", /Actions que le référentiel suggère pour atteindre le niveau 1 sur IMP-5/);
    // Saved in the database: the plan read again after leaving the screen.
    await navigateur.$("button.onglet=Résultats").click();
    await attendreTexte(navigateur, "main h1", new RegExp(`Résultats ${annee}`));
    await navigateur.$("button.onglet=Plan d’action").click();
    await attendreTexte(navigateur, "main h1", new RegExp(`Plan d’action ${annee}`));
    await attendreTexte(navigateur, "table.tableau", /PED-4[\s\S]*Identifier une personne ressource[\s\S]*avant la Toussaint[\s\S]*Niveau 2[\s\S]*RUPN/);

    // 4. The workshop projection shows the item's debate prompt.
    await navigateur.$("button.onglet=Atelier").click();
    await attendreTexte(navigateur, "main h1", /Atelier de l’équipe-relais/);
    await cliquerBouton(navigateur, "Ajouter");
    await attendreTexte(navigateur, ".question-debat", /Pour lancer le débat : Quel objectif numérique de notre projet/);
    await navigateur.$(".projection").scrollIntoView({ block: "start" });
    await ecran(navigateur, "r5-atelier-question");

    // 5. « À propos » (Paramètres): the French changelog of 2027.1.
    await navigateur.$("button.lien-menu=Paramètres").click();
    await attendreTexte(navigateur, "main h1", /Paramètres/);
    const changements = await navigateur.$("summary=Changements de eple 2027.1");
    await changements.scrollIntoView({ block: "center" });
    await changements.click();
    await attendreTexte(navigateur, "details.changements[open]", /Les obligations légales sont au niveau 1, avec leur source/);
    await attendreTexte(navigateur, "details.changements[open]", /Correspondance depuis la version 2026\.1 : 23 liens/);
    await ecran(navigateur, "r6-a-propos-changements");
  } finally {
    await fermer();
  }
  assert.deepEqual(graves(), [], "no serious or critical axe-core violation on any screen");
});
