#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Pelz & Good (1976) approximation to the Kolmogorov distribution ("Approximating the
/// lower tail-areas of the Kolmogorov–Smirnov one-sample statistic", J. R. Stat. Soc. B
/// 38(2), 152–156).
///
/// With z = √n·x, the Li-Chien / Korolyuk expansion
/// P(D_n ≤ x) ≈ K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^{3/2}
/// is rewritten via the Jacobi theta-function identity into sums over odd integers in
/// powers of q = exp(−π²/(8z²)), which converge quickly for small z, plus short sums over
/// all integers in exp(−π²k²/(2z²)) for K₂ and K₃.
enum KolmogorovPelzGood {
    /// P(D_n ≤ x) by the Pelz–Good series (not clipped).
    static func cdf(n: Int, x: Double) -> Double {
        if x <= 0.0 { return 0.0 }
        if x >= 1.0 { return 1.0 }
        let pi = Double.pi
        let piSquared = pi * pi
        let piFour = piSquared * piSquared
        let piSix = piFour * piSquared
        let sqrtTwoPi = (2 * pi).squareRoot()
        let sqrtThree = 3.0.squareRoot()

        let size = Double(n)
        let z = size.squareRoot() * x
        let z2 = z * z
        let z3 = z2 * z
        let z4 = z2 * z2
        let z6 = z4 * z2
        let z7 = z6 * z
        let z8 = z4 * z4
        let z10 = z8 * z2

        let logQ = -piSquared / 8 / z2
        if logQ < -708 { return 0.0 }
        let q = exp(logQ)

        // Polynomial coefficients (in the odd integer m = 2k − 1) of the q^{m²} sums.
        let k1a = -z2
        let k1b = piSquared / 4
        let k2a = 6 * z6 + 2 * z4
        let k2b = (2 * z4 - 5 * z2) * piSquared / 4
        let k2c = piFour * (1 - 2 * z2) / 16
        let k3d = piSix * (5 - 30 * z2) / 64
        let k3c = piFour * (-60 * z2 + 212 * z4) / 16
        let k3b = piSquared * (135 * z4 - 96 * z6) / 4
        let k3a = -30 * z6 - 90 * z8

        // Horner evaluation of Σ_k c_k q^{(2k−1)²} = q · Σ_k c_k q^{4k(k−1)}; the
        // ratio between successive exponents is q^{8k}.
        var terms = [0.0, 0.0, 0.0, 0.0]
        let maxK = Int((16 * z / pi).rounded(.up))
        if maxK >= 1 {
            for k in stride(from: maxK, through: 1, by: -1) {
                let m = Double(2 * k - 1)
                let m2 = m * m
                let m4 = m2 * m2
                let m6 = m4 * m2
                let qPower = pow(q, Double(8 * k))
                let coefficients = [
                    1.0,
                    k1a + k1b * m2,
                    k2a + k2b * m2 + k2c * m4,
                    k3a + k3b * m2 + k3c * m4 + k3d * m6,
                ]
                for i in 0..<4 {
                    terms[i] = terms[i] * qPower + coefficients[i]
                }
            }
        }
        let divisors = [z, 6 * z4, 72 * z7, 6480 * z10]
        for i in 0..<4 {
            terms[i] = terms[i] * q * sqrtTwoPi / divisors[i]
        }

        // The sums over all integers k of k² q₂^{k²} (K₂) and
        // (3z² − π²k²) k² q₂^{k²} (K₃), q₂ = exp(−π²/(2z²)).
        let q2 = exp(-piSquared / 2 / z2)
        let sqrt3z = sqrtThree * z
        var k2Extra = 0.0
        var k3Extra = 0.0
        if maxK >= 1 {
            for k in stride(from: maxK, through: 1, by: -1) {
                let kk = Double(k)
                let kSquared = kk * kk
                let weight = pow(q2, kSquared)
                let kPi = pi * kk
                k2Extra += kSquared * weight
                k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * kSquared * weight
            }
        }
        terms[2] += k2Extra * piSquared * sqrtTwoPi / (-36 * z3)
        terms[3] += k3Extra * piSquared * sqrtTwoPi / (216 * z6)

        var total = 0.0
        for i in 0..<4 {
            total += terms[i] / pow(size, Double(i) / 2.0)
        }
        return total
    }
}
