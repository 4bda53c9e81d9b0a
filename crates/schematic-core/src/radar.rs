//! Geometry of the five-axis radar chart, shared by the screen (SVG) and the PDF
//! report so that both draw exactly the same figure. Screen convention: y grows
//! downwards, the first axis points straight up, axes follow clockwise.

use std::f64::consts::PI;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Where a label stands relative to its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ancrage {
    Debut,
    Milieu,
    Fin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Axe {
    /// Angle in radians, 0 pointing right, growing clockwise on screen.
    pub angle: f64,
    pub extremite: Point,
    pub etiquette: Point,
    pub ancrage: Ancrage,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Radar {
    pub centre: Point,
    pub rayon: f64,
    pub axes: Vec<Axe>,
    /// One closed polygon per level 1..=`graduations`, innermost first.
    pub anneaux: Vec<Vec<Point>>,
    /// The data polygon; a missing value sits at the centre.
    pub polygone: Vec<Point>,
}

/// How far beyond the outer ring labels are placed, as a fraction of the radius.
const MARGE_ETIQUETTE: f64 = 0.12;

/// Computes the radar for `valeurs` (one per axis, `None` when unknown) on a
/// scale of 0 to `maximum`, with one ring per whole level.
pub fn radar(valeurs: &[Option<f64>], maximum: u8, centre: Point, rayon: f64) -> Radar {
    let n = valeurs.len().max(1);
    let angle = |i: usize| -PI / 2.0 + 2.0 * PI * (i as f64) / (n as f64);
    let point = |i: usize, fraction: f64| {
        let a = angle(i);
        Point { x: centre.x + rayon * fraction * a.cos(), y: centre.y + rayon * fraction * a.sin() }
    };
    let max = f64::from(maximum.max(1));
    let axes = (0..valeurs.len())
        .map(|i| {
            let etiquette = point(i, 1.0 + MARGE_ETIQUETTE);
            let dx = etiquette.x - centre.x;
            let ancrage = if dx.abs() < rayon * 0.05 {
                Ancrage::Milieu
            } else if dx > 0.0 {
                Ancrage::Debut
            } else {
                Ancrage::Fin
            };
            Axe { angle: angle(i), extremite: point(i, 1.0), etiquette, ancrage }
        })
        .collect();
    let anneaux = (1..=maximum.max(1))
        .map(|niveau| (0..valeurs.len()).map(|i| point(i, f64::from(niveau) / max)).collect())
        .collect();
    let polygone = valeurs.iter().enumerate().map(|(i, v)| point(i, v.unwrap_or(0.0).clamp(0.0, max) / max)).collect();
    Radar { centre, rayon, axes, anneaux, polygone }
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: Point = Point { x: 100.0, y: 100.0 };

    fn proche(a: Point, b: Point) -> bool {
        (a.x - b.x).abs() < 1e-9 && (a.y - b.y).abs() < 1e-9
    }

    #[test]
    fn first_axis_points_up_and_axes_go_clockwise() {
        let r = radar(&[Some(3.0); 5], 3, C, 80.0);
        assert!(proche(r.axes[0].extremite, Point { x: 100.0, y: 20.0 }));
        assert_eq!(r.axes[0].ancrage, Ancrage::Milieu);
        // 72° clockwise from the top: to the right and slightly up.
        let p = r.axes[1].extremite;
        assert!((p.x - (100.0 + 80.0 * (18f64).to_radians().cos())).abs() < 1e-9);
        assert!((p.y - (100.0 - 80.0 * (18f64).to_radians().sin())).abs() < 1e-9);
        assert_eq!(r.axes[1].ancrage, Ancrage::Debut);
        assert_eq!(r.axes[3].ancrage, Ancrage::Fin);
    }

    #[test]
    fn values_scale_along_their_axis_and_missing_sits_at_centre() {
        let r = radar(&[Some(1.5), None, Some(3.0), Some(0.0), Some(9.0)], 3, C, 60.0);
        assert!(proche(r.polygone[0], Point { x: 100.0, y: 70.0 }));
        assert!(proche(r.polygone[1], C));
        assert!(proche(r.polygone[2], r.axes[2].extremite));
        assert!(proche(r.polygone[3], C));
        assert!(proche(r.polygone[4], r.axes[4].extremite), "values are clamped to the maximum");
    }

    #[test]
    fn one_ring_per_level() {
        let r = radar(&[Some(2.0); 5], 3, C, 90.0);
        assert_eq!(r.anneaux.len(), 3);
        assert!(proche(r.anneaux[0][0], Point { x: 100.0, y: 70.0 }));
        assert!(proche(r.anneaux[2][0], r.axes[0].extremite));
        assert!(proche(r.polygone[0], r.anneaux[1][0]));
    }
}
