// What the end-to-end tests do in the window, shared by every test file.

/** Waits until `selecteur` shows text matching `motif`; says what it showed otherwise. */
export async function attendreTexte(navigateur, selecteur, motif, timeout = 20000) {
  let vu = "";
  try {
    await navigateur.waitUntil(
      async () => {
        const el = await navigateur.$(selecteur);
        vu = (await el.isExisting()) ? await el.getText() : "(absent)";
        return motif.test(vu);
      },
      { timeout },
    );
  } catch {
    throw new Error(`« ${motif} » never appeared in ${selecteur}; it shows: ${vu.slice(0, 600)}`);
  }
}

/** Clicks `selecteur`, centred first so that the sticky header never covers it. */
export async function cliquer(navigateur, selecteur) {
  const el = await navigateur.$(selecteur);
  await el.waitForExist({ timeout: 10000 });
  await el.scrollIntoView({ block: "center" });
  await el.waitForClickable({ timeout: 10000 });
  await el.click();
}

/** Clicks the button whose text is exactly `texte`. */
export function cliquerBouton(navigateur, texte) {
  return cliquer(navigateur, `button=${texte}`);
}
