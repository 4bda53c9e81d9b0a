//! The DANE space's registry of enrolled keys: every certificate issued, the
//! key it binds to a UAI, and its revocation.

use rusqlite::{OptionalExtension, params};

use crate::error::StoreError;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolementEnregistre {
    pub numero: String,
    pub uai: String,
    pub cle: String,
    pub valide_du: String,
    pub valide_au: String,
    pub emis_le: String,
    pub revoque_a_partir_du: Option<String>,
    /// The certificate envelope as issued (JSON).
    pub certificat: String,
}

pub(crate) const SELECT: &str =
    "SELECT numero, uai, cle, valide_du, valide_au, emis_le, revoque_a_partir_du, certificat
                        FROM dane_enrolement";

pub(crate) fn ligne(r: &rusqlite::Row<'_>) -> rusqlite::Result<EnrolementEnregistre> {
    Ok(EnrolementEnregistre {
        numero: r.get(0)?,
        uai: r.get(1)?,
        cle: r.get(2)?,
        valide_du: r.get(3)?,
        valide_au: r.get(4)?,
        emis_le: r.get(5)?,
        revoque_a_partir_du: r.get(6)?,
        certificat: r.get(7)?,
    })
}

impl Store {
    /// The enrolments of a key, most recent first.
    pub fn enrolements_de_cle(&self, cle: &str) -> Result<Vec<EnrolementEnregistre>, StoreError> {
        let mut stmt = self.conn.prepare(&format!("{SELECT} WHERE cle = ?1 ORDER BY emis_le DESC, numero DESC"))?;
        let lignes = stmt.query_map([cle], ligne)?;
        Ok(lignes.collect::<Result<_, _>>()?)
    }

    /// The next serial number for a year: `SCH-<année>-<n°>` on five digits.
    pub fn prochain_numero(&self, annee: &str) -> Result<String, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM dane_enrolement WHERE numero LIKE ?1",
            [format!("SCH-{annee}-%")],
            |r| r.get(0),
        )?;
        Ok(format!("SCH-{annee}-{:05}", n + 1))
    }

    /// Records a certificate and, in the same transaction, marks as enrolled
    /// the diagnostics already imported that this key signed for this UAI
    /// (they were imported as « clé inconnue »), and lets those of its
    /// diagnostics set aside for another unenrolled key take their place.
    /// Returns how many diagnostics now count as enrolled.
    pub fn enregistrer_enrolement(&mut self, e: &EnrolementEnregistre) -> Result<usize, StoreError> {
        let tx = self.debuter()?;
        let existe: Option<String> = tx
            .query_row("SELECT numero FROM dane_enrolement WHERE numero = ?1", [&e.numero], |r| r.get(0))
            .optional()?;
        if existe.is_some() {
            return Err(StoreError::Existe(format!("Le certificat n° {} existe déjà.", e.numero)));
        }
        tx.execute(
            "INSERT INTO dane_enrolement (numero, uai, cle, valide_du, valide_au, emis_le, revoque_a_partir_du, certificat)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![e.numero, e.uai, e.cle, e.valide_du, e.valide_au, e.emis_le, e.revoque_a_partir_du, e.certificat],
        )?;
        let marques = tx.execute(
            "UPDATE dane_diagnostic SET enrole = 1, certificat = ?1 WHERE cle = ?2 AND uai = ?3 AND enrole = 0",
            params![e.numero, e.cle, e.uai],
        )?;
        let promus = crate::dane_import::promouvoir_ecartes(&tx, &e.cle, &e.uai, &e.numero, &e.emis_le)?;
        crate::store::valider(tx)?;
        Ok(marques + promus)
    }

    /// Revokes every non-revoked enrolment of a UAI from `jour` on, and
    /// takes out of the enrolled figures the diagnostics already imported
    /// that those keys signed and that the DANE first received from that day
    /// on (the reception time is the DANE's, never a date the signer wrote). Returns (certificates
    /// revoked, diagnostics no longer counted as enrolled).
    pub fn revoquer_uai(&mut self, uai: &str, jour: &str) -> Result<(usize, usize), StoreError> {
        let tx = self.debuter()?;
        let diagnostics = tx.execute(
            "UPDATE dane_diagnostic SET enrole = 0, certificat = NULL
              WHERE uai = ?1
                AND substr(coalesce((SELECT recu_le FROM dane_reception r WHERE r.empreinte = dane_diagnostic.empreinte),
                                    importe_le), 1, 10) >= ?2
                AND cle IN (SELECT cle FROM dane_enrolement WHERE uai = ?1 AND revoque_a_partir_du IS NULL)",
            params![uai, jour],
        )?;
        let certificats = tx.execute(
            "UPDATE dane_enrolement SET revoque_a_partir_du = ?2 WHERE uai = ?1 AND revoque_a_partir_du IS NULL",
            params![uai, jour],
        )?;
        crate::store::valider(tx)?;
        Ok((certificats, diagnostics))
    }
}
