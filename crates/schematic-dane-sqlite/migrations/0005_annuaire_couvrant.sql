-- The territory list reads only these indexes (academie, département or
-- type, with the columns every filter and the « open » test need; the UAI,
-- the primary key, is in every index): one pass in grouping order, neither
-- a lookup of each establishment's row nor a sort.
DROP INDEX dane_annuaire_par_academie;
DROP INDEX dane_annuaire_par_departement;
CREATE INDEX dane_annuaire_par_academie ON dane_annuaire (academie, departement, famille, ouvert);
CREATE INDEX dane_annuaire_par_departement
    ON dane_annuaire (departement, libelle_departement, academie, famille, ouvert);
CREATE INDEX dane_annuaire_par_famille ON dane_annuaire (famille, academie, departement, ouvert);
