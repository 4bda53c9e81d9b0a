//! Integration tests of the `schematic` binary: one test binary, one module per
//! behaviour, each test in its own temporary data directory.

mod cli {
    mod atelier;
    mod commun;
    mod conformite;
    mod crash;
    mod dane;
    mod echange;
    mod equipe;
    mod hostile;
    mod parcours;
    mod saisies_invalides;
    mod versions;
}
