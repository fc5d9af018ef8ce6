//! Arithmetic in GF(256) with the AES (Rijndael) polynomial x⁸ + x⁴ + x³ + x + 1, and
//! Lagrange interpolation over it, applied byte by byte to equally long values
//! (SLIP-0039, "Polynomial interpolation").

use zeroize::Zeroizing;

/// `EXP[i]` = 3ⁱ and `LOG[3ⁱ]` = i; 3 generates the multiplicative group.
const TABLES: ([u8; 255], [u8; 256]) = tables();

const fn tables() -> ([u8; 255], [u8; 256]) {
    let mut exp = [0u8; 255];
    let mut log = [0u8; 256];
    let mut x: u16 = 1;
    let mut i = 0;
    while i < 255 {
        exp[i] = x as u8;
        log[x as usize] = i as u8;
        // x · 3 = x · 2 + x, reduced by the polynomial (0x11b).
        let mut doubled = x << 1;
        if doubled & 0x100 != 0 {
            doubled ^= 0x11b;
        }
        x = doubled ^ x;
        i += 1;
    }
    (exp, log)
}

fn mul(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        return 0;
    }
    let (exp, log) = &TABLES;
    exp[(usize::from(log[usize::from(a)]) + usize::from(log[usize::from(b)])) % 255]
}

/// `a / b`; `b` is never 0 here (the x values are distinct).
fn div(a: u8, b: u8) -> u8 {
    if a == 0 {
        return 0;
    }
    let (exp, log) = &TABLES;
    exp[(usize::from(log[usize::from(a)]) + 255 - usize::from(log[usize::from(b)])) % 255]
}

/// The value at `x` of the polynomials through `points` (x, y-vector), byte by byte.
/// The x values must be distinct and the y vectors equally long (checked by callers).
pub fn interpolate(points: &[(u8, &[u8])], x: u8) -> Zeroizing<Vec<u8>> {
    if let Some((_, y)) = points.iter().find(|(xi, _)| *xi == x) {
        return Zeroizing::new(y.to_vec());
    }
    let len = points.first().map_or(0, |(_, y)| y.len());
    let mut out = Zeroizing::new(vec![0u8; len]);
    for (i, (xi, yi)) in points.iter().enumerate() {
        // The Lagrange basis polynomial for point i, evaluated at x.
        let mut basis = 1u8;
        for (j, (xj, _)) in points.iter().enumerate() {
            if i != j {
                basis = mul(basis, div(x ^ xj, xi ^ xj));
            }
        }
        for (o, y) in out.iter_mut().zip(yi.iter()) {
            *o ^= mul(*y, basis);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_is_the_aes_field() {
        // FIPS-197 §4.2: {57} · {83} = {c1}, {57} · {13} = {fe}.
        assert_eq!(mul(0x57, 0x83), 0xc1);
        assert_eq!(mul(0x57, 0x13), 0xfe);
        for a in 1..=255u8 {
            assert_eq!(mul(a, div(1, a)), 1, "inverse of {a}");
            assert_eq!(div(mul(a, 0x35), 0x35), a);
        }
        let (exp, _) = &TABLES;
        let mut seen = [false; 256];
        for e in exp {
            assert!(!seen[usize::from(*e)], "3 generates the group");
            seen[usize::from(*e)] = true;
        }
    }

    #[test]
    fn interpolation_goes_through_every_point() {
        let a = [1u8, 2, 3];
        let b = [9u8, 8, 7];
        let c = [200u8, 100, 50];
        let points: [(u8, &[u8]); 3] = [(0, &a), (5, &b), (255, &c)];
        for (x, y) in points {
            assert_eq!(interpolate(&points, x).as_slice(), y);
        }
        // A line through two points: any two of its points give the same third.
        let p1 = interpolate(&points[..2], 7);
        let again = interpolate(&[(7, &p1), (5, &b)], 0);
        assert_eq!(again.as_slice(), a);
    }
}
