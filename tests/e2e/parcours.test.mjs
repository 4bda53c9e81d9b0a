// The whole journey in the real app: first start with a wrong then right UAI →
// new diagnostic → one domain answered by keyboard only → comment → results →
// action plan → finalise → reopen → settings; then restart and find everything
// as it was left. Every screen is captured and checked with axe-core.
import { test } from "node:test";
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import assert from "node:assert/strict";
import { Key } from "webdriverio";
import { binaires, capture, nouveauDossier, ouvrirApp } from "./lib/app.mjs";
import { violationsGraves } from "./lib/axe.mjs";
import { memoireApp, noterMesures } from "./lib/mesures.mjs";

const violations = {};

async function verifierEcran(navigateur, nom) {
  await capture(navigateur, nom);
  violations[nom] = await violationsGraves(navigateur);
}

async function attendreTexte(navigateur, selecteur, motif, timeout = 10000) {
  await navigateur.waitUntil(async () => motif.test(await navigateur.$(selecteur).getText()), {
    timeout,
    timeoutMsg: `« ${motif} » never appeared in ${selecteur}`,
  });
}

async function attendreEnregistre(navigateur) {
  await attendreTexte(navigateur, ".etat-enregistrement", /Enregistré à/);
  await navigateur.waitUntil(
    async () => (await navigateur.$(".etat-enregistrement").getAttribute("data-etat")) === "enregistre",
  );
}

/** What has the keyboard focus: its name, id and type. */
function focus(navigateur) {
  return navigateur.execute(() => {
    const a = document.activeElement;
    return { name: a?.getAttribute("name"), id: a?.id, type: a?.getAttribute("type"), value: a?.value };
  });
}

async function tabulerJusqua(navigateur, predicat, libelle) {
  for (let i = 0; i < 40; i++) {
    await navigateur.keys(Key.Tab);
    const f = await focus(navigateur);
    if (predicat(f)) return f;
  }
  throw new Error(`Tab never reached ${libelle}`);
}

/** `:disabled`, which also covers a control inside a disabled fieldset. */
function desactive(navigateur, selecteur) {
  return navigateur.execute((s) => document.querySelector(s)?.matches(":disabled"), selecteur);
}

async function cliquerBouton(navigateur, texte) {
  const bouton = await navigateur.$(`button=${texte}`);
  await bouton.waitForClickable({ timeout: 10000 });
  await bouton.click();
}

async function ouvrirEtMesurer(dossier, nom) {
  const debut = performance.now();
  const app = await ouvrirApp(dossier);
  await app.navigateur.$("main[data-pret]").waitForExist({ timeout: 20000 });
  const sessionMs = Math.round(performance.now() - debut);
  const pageMs = Number(await app.navigateur.$("main").getAttribute("data-pret-ms"));
  noterMesures(binaires.captures(), { [nom]: { sessionJusquAPretMs: sessionMs, navigationJusquAPretMs: pageMs } });
  return app;
}

test("the whole self-assessment journey, then a restart", async () => {
  const dossier = nouveauDossier();
  let { navigateur, fermer } = await ouvrirEtMesurer(dossier, "demarrageAFroid");
  try {
    // 1. First start: a wrong UAI names the expected letter, the right one fills the académie.
    await attendreTexte(navigateur, "main h1", /Bienvenue dans SchémaTIC/);
    // The first question: an establishment's computer or a DANE's.
    await verifierEcran(navigateur, "00-choix-espace");
    await cliquerBouton(navigateur, "Évaluer mon établissement");
    await navigateur.$("#uai").waitForExist({ timeout: 10000 });
    const uai = await navigateur.$("#uai");
    await uai.setValue("0330021V");
    await attendreTexte(navigateur, "#uai-etat", /la lettre attendue est U/);
    assert.equal(await uai.getAttribute("aria-invalid"), "true");
    await verifierEcran(navigateur, "01-premier-demarrage-uai-faux");
    await uai.setValue("0330021U");
    await attendreTexte(navigateur, "#uai-etat", /Code valide — académie de Bordeaux, Gironde \(33\)/);
    await navigateur.$("#nom").setValue("Collège Jean Moulin");
    await navigateur.$("#type").selectByAttribute("value", "college");
    await attendreTexte(navigateur, "#type-referentiel", /2nd degré/);
    await verifierEcran(navigateur, "02-premier-demarrage-rempli");
    await cliquerBouton(navigateur, "Enregistrer l’établissement");

    // 2. Home: start this school year's diagnostic.
    await attendreTexte(navigateur, "main h1", /Collège Jean Moulin/);
    const nouveau = await navigateur.$("button*=Nouveau diagnostic");
    await nouveau.waitForDisplayed();
    const annee = (await nouveau.getText()).match(/\d{4}-\d{4}/)[0];
    await verifierEcran(navigateur, "03-accueil");
    await nouveau.click();

    // 3. Questionnaire: the Pilotage domain answered with the keyboard only.
    await attendreTexte(navigateur, "main h1", new RegExp(`Questionnaire ${annee}`));
    await navigateur.$('input[name="niveau-PIL-1"]').waitForExist();
    const voulus = { "PIL-1": "2", "PIL-2": "3", "PIL-3": "1", "PIL-4": "0" };
    const positions = { 1: 0, 2: 1, 3: 2, 0: 3 };
    for (const [item, valeur] of Object.entries(voulus)) {
      await tabulerJusqua(navigateur, (f) => f.name === `niveau-${item}`, `the ${item} radio group`);
      await navigateur.keys(Key.Space);
      for (let i = 0; i < positions[valeur]; i++) await navigateur.keys(Key.ArrowRight);
      const f = await focus(navigateur);
      assert.equal(f.value, valeur, `${item} is at the level chosen with the arrows`);
      if (item === "PIL-1") {
        await navigateur.keys(Key.Tab);
        assert.equal((await focus(navigateur)).id, "commentaire-PIL-1", "Tab leaves the group for the comment");
        await navigateur.$("#commentaire-PIL-1").addValue("Voté au conseil d’administration.");
        assert.equal(await navigateur.$("#commentaire-PIL-1").getValue(), "Voté au conseil d’administration.");
      }
    }
    await navigateur.keys(Key.Tab);
    await attendreEnregistre(navigateur);
    await attendreTexte(navigateur, "nav.domaines", /Pilotage\s*4\/4/);
    for (const [item, valeur] of Object.entries(voulus)) {
      const coche = await navigateur.$(`input[name="niveau-${item}"][value="${valeur}"]`);
      assert.ok(await coche.isSelected(), `${item} shows level ${valeur}`);
    }
    await verifierEcran(navigateur, "04-questionnaire");

    // The other domains, quickly, so that the diagnostic can be finalised.
    for (const domaine of ["Formation et ressources", "Impulsion et organisation", "Pratiques éducatives et pédagogiques", "Infrastructures réseaux / équipement"]) {
      await navigateur.$(`button.domaine-lien*=${domaine}`).click();
      await attendreTexte(navigateur, "#titre-domaine", new RegExp(domaine.replace("/", "\\/")));
      // A script click: this part only fills the other domains, quickly.
      await navigateur.execute(() => {
        for (const radio of document.querySelectorAll('.niveaux input[value="2"]')) radio.click();
      });
    }
    await attendreEnregistre(navigateur);
    await attendreTexte(navigateur, ".finaliser", /Toutes les réponses sont données/);

    // 4. Results.
    await navigateur.$("button.onglet=Résultats").click();
    await attendreTexte(navigateur, "main h1", new RegExp(`Résultats ${annee}`));
    await navigateur.$(".radar svg polygon.courant").waitForExist();
    const tableau = await navigateur.$("#tableau-domaines").getText();
    assert.match(tableau, /Pilotage\s*1,50\s*Aucun niveau/);
    assert.match(tableau, /Formation et ressources\s*2,00\s*Niveau 2/);
    await verifierEcran(navigateur, "05-resultats");

    // 5. Action plan.
    await navigateur.$("button.onglet=Plan d’action").click();
    await attendreTexte(navigateur, "main h1", new RegExp(`Plan d’action ${annee}`));
    await navigateur.$("button*=Agir sur PIL-4").click();
    await navigateur.$("#action-texte").setValue("Rédiger la charte d’usage avec le conseil pédagogique");
    await navigateur.$("#action-responsable").setValue("Référent numérique");
    await navigateur.execute(() => {
      const champ = document.getElementById("action-echeance");
      champ.value = "2027-06-30";
      champ.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await cliquerBouton(navigateur, "Ajouter l’action");
    await attendreTexte(navigateur, ".message-statut", /Action ajoutée pour PIL-4/);
    const plan = await navigateur.$("table").getText();
    assert.match(plan, /PIL-4/);
    assert.match(plan, /Rédiger la charte d’usage/);
    assert.match(plan, /30\/06\/2027/);
    await verifierEcran(navigateur, "06-plan-action");

    // 6. Finalise, with a confirmation that says what it does, then reopen.
    await navigateur.$("button.onglet=Questionnaire").click();
    await cliquerBouton(navigateur, "Finaliser le diagnostic");
    const dialogue = await navigateur.$("dialog[open]");
    await dialogue.waitForDisplayed();
    assert.match(await dialogue.getText(), /verrouillées/);
    assert.match(await dialogue.getText(), /révision 2/);
    await verifierEcran(navigateur, "07-confirmation-finalisation");
    await dialogue.$("button=Finaliser").click();
    // The banners: the newer version 2027.1 is published, and this one is finalised.
    await attendreTexte(navigateur, "main", /la version 2027\.1 est publiée/);
    await attendreTexte(navigateur, "main", /Ce diagnostic est finalisé \(révision 1\)/);
    assert.equal(await desactive(navigateur, 'input[name="niveau-PIL-1"]'), true, "answers are locked");
    await verifierEcran(navigateur, "08-diagnostic-finalise");

    // Export both files from the Export screen, then verify them with the CLI.
    await navigateur.$("button.onglet=Exporter").click();
    await attendreTexte(navigateur, "main h1", new RegExp(`Exporter le diagnostic ${annee}`));
    const sortie = join(dossier, "export-dane");
    await navigateur.$("#dossier-export").setValue(sortie);
    await navigateur.$("main form button[type=submit]").click();
    await attendreTexte(navigateur, ".succes", /Export enregistré/);
    const fichiers = await navigateur.$(".liste-fichiers").getText();
    const json = join(sortie, `SchemaTIC_0330021U_${annee}_r1.json`);
    const pdf = join(sortie, `SchemaTIC_0330021U_${annee}_r1.pdf`);
    assert.ok(fichiers.includes(json) && fichiers.includes(pdf), fichiers);
    await verifierEcran(navigateur, "08b-export");
    for (const fichier of [json, pdf]) {
      const v = spawnSync(binaires.cli(), ["verifier", fichier], { encoding: "utf8" });
      assert.equal(v.status, 10, v.stdout + v.stderr);
      assert.match(v.stdout, /valide — non enrôlé/);
      assert.match(v.stdout, new RegExp(`année ${annee}, révision 1 \\(finalisé\\), 20 items renseignés sur 20`));
    }
    await navigateur.$("button.onglet=Questionnaire").click();
    await cliquerBouton(navigateur, "Rouvrir pour modifier");
    await navigateur.$("dialog[open]").waitForDisplayed();
    await navigateur.$("dialog[open]").$("button=Rouvrir").click();
    await navigateur.waitUntil(
      async () =>
        !(await navigateur.execute(() =>
          [...document.querySelectorAll(".bandeau-info")].some((b) => b.textContent.includes("est finalisé")),
        )),
    );
    assert.equal(await desactive(navigateur, 'input[name="niveau-PIL-1"]'), false, "answers are editable again");

    // 7. Settings: large type.
    await navigateur.$("button.lien-menu=Paramètres").click();
    await attendreTexte(navigateur, "main h1", /Paramètres/);
    await navigateur.$("#grands-caracteres").click();
    await attendreTexte(navigateur, ".message-statut", /Grands caractères activés/);
    assert.match(await navigateur.$("html").getAttribute("class"), /grands-caracteres/);
    const empreinte = await navigateur.$(".empreinte-cle").getText();
    const cle = JSON.parse(execFileSync(binaires.cli(), ["--data-dir", dossier, "cle", "afficher", "--json"], { encoding: "utf8" }));
    assert.equal(empreinte, cle.empreinteCourte, "the app and the CLI show the same key");
    await verifierEcran(navigateur, "09-parametres");
    // With axe-core injected ten times: an upper bound, kept for comparison.
    noterMesures(binaires.captures(), { memoireApresParcoursAvecAxe: memoireApp(binaires.app()) });
  } finally {
    await fermer();
  }

  // 8. Restart: everything is as it was left.
  ({ navigateur, fermer } = await ouvrirEtMesurer(dossier, "redemarrage"));
  try {
    await attendreTexte(navigateur, "main h1", /Collège Jean Moulin/);
    assert.match(await navigateur.$("html").getAttribute("class"), /grands-caracteres/);
    const ligne = await navigateur.$("table tbody tr").getText();
    assert.match(ligne, /Brouillon/);
    assert.match(ligne, /révision 2/);
    assert.match(ligne, /20 items sur 20 \(100 %\)/);
    await verifierEcran(navigateur, "10-accueil-apres-redemarrage");
    await navigateur.$("button*=Continuer").click();
    await navigateur.$('input[name="niveau-PIL-1"]').waitForExist();
    assert.ok(await navigateur.$('input[name="niveau-PIL-1"][value="2"]').isSelected());
    assert.ok(await navigateur.$('input[name="niveau-PIL-4"][value="0"]').isSelected());
    assert.equal(await navigateur.$("#commentaire-PIL-1").getValue(), "Voté au conseil d’administration.");
    await navigateur.$("button.onglet=Plan d’action").click();
    await attendreTexte(navigateur, "#contenu table", /Rédiger la charte d’usage/);
    await navigateur.$("button.onglet=Résultats").click();
    await navigateur.$(".radar svg polygon.courant").waitForExist();
    noterMesures(binaires.captures(), { memoireApresParcours: memoireApp(binaires.app()) });
  } finally {
    await fermer();
  }

  assert.equal(Object.keys(violations).length, 12, "axe-core checked every screen");
  const graves = Object.entries(violations).filter(([, v]) => v.length > 0);
  assert.deepEqual(graves, [], "no serious or critical axe-core violation on any screen");
});
