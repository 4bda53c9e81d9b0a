// Referential versions in the real window. Last year's diagnostic was on eple
// 2026.1; the test-only version 2026.9 is installed (it splits PIL-3, merges
// FOR-1 and FOR-2, removes INF-4, allows « non applicable » for IMP-4). This
// year's diagnostic is created from last year's: what carries and what does
// not is shown first; answers to review are marked and confirmed by keyboard;
// « non applicable » is offered only where allowed; the results say the two
// years used different versions. Screens captured and checked with axe-core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { Key } from "webdriverio";
import { nouveauDossier, ouvrirApp } from "./lib/app.mjs";
import { attendreTexte, cliquer, cliquerBouton } from "./lib/actions.mjs";
import { carnetEcrans } from "./lib/axe.mjs";

const racine = new URL("../../", import.meta.url).pathname;
const version9 = join(racine, "tests/fixtures/referentiels/eple-2026.9.json");

/** The school year in progress today, and the one before (it starts on 1 September). */
function anneesScolaires() {
  const maintenant = new Date();
  const debut = maintenant.getMonth() >= 8 ? maintenant.getFullYear() : maintenant.getFullYear() - 1;
  return { courante: `${debut}-${debut + 1}`, precedente: `${debut - 1}-${debut}` };
}

function focus(navigateur) {
  return navigateur.execute(() => {
    const a = document.activeElement;
    return { name: a?.getAttribute("name"), value: a?.value, texte: a?.textContent };
  });
}

async function tabulerJusqua(navigateur, predicat, libelle) {
  for (let i = 0; i < 60; i++) {
    await navigateur.keys(Key.Tab);
    if (predicat(await focus(navigateur))) return;
  }
  throw new Error(`Tab never reached ${libelle}`);
}

async function attendreEnregistre(navigateur) {
  await navigateur.waitUntil(
    async () => (await navigateur.$(".etat-enregistrement").getAttribute("data-etat")) === "enregistre",
    { timeout: 10000, timeoutMsg: "the change was never saved" },
  );
}

test("next year on a new referential version, with what carries shown first", async () => {
  const { courante, precedente } = anneesScolaires();
  const repondre = (item, niveau) => ["diagnostic", "repondre", item, niveau, "--annee", precedente];
  const dossier = nouveauDossier(
    ["etablissement", "definir", "--uai", "0330021U", "--nom", "Collège Jean Moulin", "--type", "college"],
    ["diagnostic", "creer", "--annee", precedente],
    repondre("PIL-1", "1"),
    repondre("PIL-3", "2"),
    repondre("FOR-1", "3"),
    repondre("FOR-2", "1"),
    repondre("IMP-4", "2"),
    repondre("INF-4", "3"),
    ["referentiel", "importer", version9],
  );
  const { ecran, graves } = carnetEcrans();
  const { navigateur, fermer } = await ouvrirApp(dossier);
  try {
    // 1. Creating this year from last year's: the preview lists what carries and what does not.
    await attendreTexte(navigateur, "main h1", /Collège Jean Moulin/);
    await cliquerBouton(navigateur, `Nouveau diagnostic ${courante}`);
    const dialogue = await navigateur.$("dialog[open]");
    await dialogue.waitForDisplayed({ timeout: 10000 });
    const texte = await dialogue.getText();
    assert.match(texte, /de la version 2026\.1 à la version 2026\.9/);
    assert.match(texte, /À revoir par l’équipe \(3\)/);
    assert.match(texte, /Non repris \(1\)\s*INF-4 réponse : l’item INF-4 a été retiré du référentiel en version 2026\.9\./);
    await ecran(navigateur, "v1-apercu-creation");
    await cliquerBouton(navigateur, "Créer le diagnostic");

    // 2. The questionnaire marks the answers to review; one is confirmed by keyboard.
    await attendreTexte(navigateur, "main h1", new RegExp(`Questionnaire ${courante}`));
    await attendreTexte(navigateur, "main", /3 réponses reprises d’une autre version du référentiel sont à revoir : PIL-3, PIL-5, FOR-1/);
    await attendreTexte(navigateur, "nav.domaines", /Pilotage\s*3\/5\s*·\s*2 à revoir/);
    await ecran(navigateur, "v2-questionnaire-a-revoir");
    await tabulerJusqua(navigateur, (f) => /Confirmer « Niveau 2 » pour PIL-3/.test(f.texte ?? ""), "the PIL-3 confirm button");
    await navigateur.keys(Key.Enter);
    await attendreEnregistre(navigateur);
    await attendreTexte(navigateur, "nav.domaines", /Pilotage\s*3\/5\s*·\s*1 à revoir/);
    // No « non applicable » where the referential does not provide for it.
    assert.equal(await navigateur.$('input[name="niveau-PIL-1"][value="-1"]').isExisting(), false);

    // 3. IMP-4 allows « non applicable », reached and chosen with the keyboard.
    await cliquer(navigateur, "button.domaine-lien*=Impulsion et organisation");
    await attendreTexte(navigateur, "#titre-domaine", /Impulsion et organisation/);
    await navigateur.$('input[name="niveau-IMP-4"][value="-1"]').waitForExist();
    assert.equal(await navigateur.$('input[name="niveau-IMP-3"][value="-1"]').isExisting(), false);
    assert.match(await navigateur.$("fieldset*=IMP-4").getText(), /Non applicable\s*Établissement où la collectivité n’a déployé aucun ENT/);
    await tabulerJusqua(navigateur, (f) => f.name === "niveau-IMP-4", "the IMP-4 radio group");
    // Carried at level 2: right arrow moves to 3, aucun, then non applicable.
    for (let i = 0; i < 3; i++) await navigateur.keys(Key.ArrowRight);
    assert.equal((await focus(navigateur)).value, "-1");
    await attendreEnregistre(navigateur);
    assert.ok(await navigateur.$('input[name="niveau-IMP-4"][value="-1"]').isSelected());
    await ecran(navigateur, "v3-questionnaire-non-applicable");

    // 4. Results: the two years used different versions; items without equivalent are not progress.
    await navigateur.$("button.onglet=Résultats").click();
    await attendreTexte(navigateur, "main h1", new RegExp(`Résultats ${courante}`));
    await attendreTexte(navigateur, "main", /suivait la version 2026\.1 du référentiel, cette année la\s+version 2026\.9/);
    await attendreTexte(navigateur, "main", /Sans équivalent en/);
    assert.match(await navigateur.$("#tableau-domaines").getText(), /0\/4\s*\(\+1 n\. a\.\)/);
    assert.match(await navigateur.$(".radar").getText(), /version 2026\.1/);
    await ecran(navigateur, "v4-resultats-versions");
  } finally {
    await fermer();
  }
  assert.deepEqual(graves(), [], "no serious or critical axe-core violation on any screen");
});
