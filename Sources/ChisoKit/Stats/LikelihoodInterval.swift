import Foundation

/// `svyciprop(method = "likelihood")`: the Rao–Scott-scaled profile-likelihood interval of the
/// intercept of a quasibinomial `svyglm(y ~ 1)`, back-transformed — computed the way R's
/// survey 4.1.1 computes it (`confint.svyglm(method = "likelihood")`, its copy of MASS's
/// `profile.glm`, then `confint_profile`), step for step:
///
/// 1. the fit: β̂ = logit(p̂), prior weights w̃ = w / mean(w) over the model's rows;
/// 2. λ = design variance of β̂ / model variance, and the unscaled level α = Φ(t_{df,0.025}·√λ)/2;
/// 3. the profile: β̂ ± k·(z_max/5)·se(β̂), k = 1…9 while |z| < z_max = t_{n−1}(1 − α/2),
///    z = ±√((D(β) − D(β̂))/φ), D the binomial deviance with weights w̃ and φ the svyvar of
///    svyglm's Pearson residuals (y − p̂)/√(p̂(1 − p̂));
/// 4. an interpolating cubic spline of z on β (Forsythe, Malcolm & Moler, as R's `spline`)
///    sampled at 3 × (points) even β, and linear interpolation of β at z = ±|t_{df,0.025}|·√λ.
enum LikelihoodInterval {
    /// `y` and `w`: the domain's rows (y in {0, 1}); `modelRows`: the rows of the model (the
    /// design's rows with a value, inside the domain or not); `se`: the design-based standard
    /// error of p̂; `df`: the degrees of freedom (nil: the normal).
    static func interval(y: [Double], w: [Double], modelRows: Int, p: Double, se: Double, df: Int?) -> (Double, Double)? {
        guard p > 0, p < 1, se > 0, y.count > 1, modelRows > 1 else { return nil }
        let sumW = w.reduce(0, +)
        let wt = w.map { $0 * Double(modelRows) / sumW }       // w / mean(w) over the model's rows
        // The fit as R's glm.fit reaches it: β̂, the deviance there, and the model variance
        // (X'WX)⁻¹ from the working weights of its last iteration (at the iterate before β̂).
        let fit = irls(y: y, wt: wt)
        let beta0 = fit.beta
        let v = p * (1 - p)
        let designVar = se * se / (v * v)                        // svy.varcoef for an intercept
        let lambda = designVar / fit.naiveVar
        let tCrit = df.map { SurveyEstimator.tQuantile(0.025, df: $0) } ?? SurveyEstimator.normalQuantile(0.025)
        let alpha = normalCDF(tCrit * lambda.squareRoot()) / 2
        // Dispersion: svyvar of svyglm's Pearson residuals, (y − p)/√(p(1 − p)) — the design's
        // weights enter through svyvar, not the residual.
        let r = y.map { ($0 - p) / v.squareRoot() }
        let rbar = zip(r, w).reduce(0) { $0 + $1.0 * $1.1 } / sumW
        let n = Double(y.count)
        let dispersion = zip(r, w).reduce(0) { $0 + $1.1 * ($1.0 - rbar) * ($1.0 - rbar) } / sumW * n / (n - 1)
        func deviance(_ b: Double) -> Double {
            let mu = 1 / (1 + exp(-b))
            var d = 0.0
            for (yi, wi) in zip(y, wt) { d -= 2 * wi * (yi == 1 ? log(mu) : log(1 - mu)) }
            return d
        }
        let d0 = fit.deviance
        let zmax = SurveyEstimator.tQuantile(1 - alpha / 2, df: modelRows - 1)
        let del = zmax / 5
        let seBeta = designVar.squareRoot()
        var points: [(beta: Double, z: Double)] = [(beta0, 0)]
        for sign in [-1.0, 1.0] {
            var step = 0, z = 0.0
            while true {
                step += 1
                guard step < 10, abs(z) < zmax else { break }
                let b = beta0 + sign * Double(step) * del * seBeta
                var zz = (deviance(b) - d0) / dispersion
                if zz > -0.001 { zz = max(zz, 0) } else { return nil }
                z = sign * zz.squareRoot()
                points.append((b, z))
            }
        }
        points.sort { $0.z < $1.z }
        // spline(x = β, y = z): the points ordered by β, evaluated at 3n even β.
        let byBeta = points.sorted { $0.beta < $1.beta }
        let spline = FMMSpline(x: byBeta.map(\.beta), y: byBeta.map(\.z))
        let m = 3 * byBeta.count
        let lo = byBeta.first!.beta, hi = byBeta.last!.beta
        let grid = (0..<m).map { k -> Double in k == m - 1 ? hi : lo + Double(k) * (hi - lo) / Double(m - 1) }
        let sampled = grid.map { (beta: $0, z: spline.value($0)) }.sorted { $0.z < $1.z }
        let cut = abs(tCrit) * lambda.squareRoot()
        guard let bLo = interpolate(sampled, -cut), let bHi = interpolate(sampled, cut) else { return nil }
        return (1 / (1 + exp(-bLo)), 1 / (1 + exp(-bHi)))
    }

    /// R's `glm.fit` for `y ~ 1`, quasibinomial, prior weights `wt`: iteratively reweighted
    /// least squares from R's start (μ = (w̃y + ½)/(w̃ + 1) per row), stopping when the deviance
    /// changes by less than 1e-8 relative. Returns β, the deviance at it, and 1/Σ(working
    /// weights) of the last iteration (what `summary.glm`'s cov.unscaled holds).
    static func irls(y: [Double], wt: [Double]) -> (beta: Double, deviance: Double, naiveVar: Double) {
        func devResid(_ yi: Double, _ mu: Double, _ w: Double) -> Double { -2 * w * (yi == 1 ? log(mu) : log(1 - mu)) }
        var mu = zip(y, wt).map { ($1 * $0 + 0.5) / ($1 + 1) }
        var eta = mu.map { log($0 / (1 - $0)) }
        var devOld = zip(zip(y, mu), wt).reduce(0) { $0 + devResid($1.0.0, $1.0.1, $1.1) }
        var beta = 0.0, sumW = 1.0, dev = devOld
        for _ in 0..<25 {
            var sw = 0.0, swz = 0.0
            for i in y.indices where wt[i] > 0 {
                let muEta = mu[i] * (1 - mu[i])
                let z = eta[i] + (y[i] - mu[i]) / muEta
                let w2 = wt[i] * muEta
                sw += w2; swz += w2 * z
            }
            beta = swz / sw; sumW = sw
            let m = 1 / (1 + exp(-beta))
            mu = [Double](repeating: m, count: y.count)
            eta = [Double](repeating: beta, count: y.count)
            dev = zip(y, wt).reduce(0) { $0 + devResid($1.0, m, $1.1) }
            if abs(dev - devOld) / (abs(dev) + 0.1) < 1e-8 { break }
            devOld = dev
        }
        return (beta, dev, 1 / sumW)
    }

    /// Linear interpolation of β at z (R's approx with rule 1: nil outside the range).
    static func interpolate(_ s: [(beta: Double, z: Double)], _ z: Double) -> Double? {
        guard let first = s.first, let last = s.last, z >= first.z, z <= last.z else { return nil }
        var k = 0
        while k + 1 < s.count && s[k + 1].z < z { k += 1 }
        if k + 1 >= s.count { return s[k].beta }
        let (a, b) = (s[k], s[k + 1])
        return b.z == a.z ? a.beta : a.beta + (b.beta - a.beta) * (z - a.z) / (b.z - a.z)
    }

    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}

/// An interpolating cubic spline with Forsythe, Malcolm and Moler's end conditions (the third
/// derivatives at the ends from divided differences), as R's `spline(method = "fmm")`.
struct FMMSpline {
    let x: [Double], y: [Double]
    var b: [Double], c: [Double], d: [Double]

    init(x: [Double], y: [Double]) {
        self.x = x; self.y = y
        let n = x.count
        b = [Double](repeating: 0, count: n); c = b; d = b
        guard n >= 2 else { return }
        if n < 3 {
            b[0] = (y[1] - y[0]) / (x[1] - x[0]); b[1] = b[0]
            return
        }
        // Tridiagonal system: b diagonal, d off-diagonal, c right-hand side (0-based port).
        d[0] = x[1] - x[0]
        c[1] = (y[1] - y[0]) / d[0]
        for i in 1..<(n - 1) {
            d[i] = x[i + 1] - x[i]
            b[i] = 2 * (d[i - 1] + d[i])
            c[i + 1] = (y[i + 1] - y[i]) / d[i]
            c[i] = c[i + 1] - c[i]
        }
        b[0] = -d[0]; b[n - 1] = -d[n - 2]
        c[0] = 0; c[n - 1] = 0
        if n > 3 {
            c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0])
            c[n - 1] = c[n - 2] / (x[n - 1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4])
            c[0] = c[0] * d[0] * d[0] / (x[3] - x[0])
            c[n - 1] = -c[n - 1] * d[n - 2] * d[n - 2] / (x[n - 1] - x[n - 4])
        }
        for i in 1..<n {
            let t = d[i - 1] / b[i - 1]
            b[i] -= t * d[i - 1]
            c[i] -= t * c[i - 1]
        }
        c[n - 1] /= b[n - 1]
        for i in stride(from: n - 2, through: 0, by: -1) { c[i] = (c[i] - d[i] * c[i + 1]) / b[i] }
        b[n - 1] = (y[n - 1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2 * c[n - 1])
        for i in 0..<(n - 1) {
            b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2 * c[i])
            d[i] = (c[i + 1] - c[i]) / d[i]
            c[i] = 3 * c[i]
        }
        c[n - 1] = 3 * c[n - 1]
        d[n - 1] = d[n - 2]
    }

    func value(_ u: Double) -> Double {
        let n = x.count
        var i = 0
        if u >= x[0] {
            var lo = 0, hi = n
            while lo < hi - 1 { let mid = (lo + hi) / 2; if u < x[mid] { hi = mid } else { lo = mid } }
            i = lo
        }
        let dx = u - x[i]
        return y[i] + dx * (b[i] + dx * (c[i] + dx * d[i]))
    }
}
