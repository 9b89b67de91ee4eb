//! Conditional random field training for the name tagger (`khabar train ner --algorithm
//! crf`): the same features, tags, constraints and model file as the perceptron, trained by
//! maximizing the L2-regularized conditional log-likelihood with stochastic gradient descent
//! (as CRFsuite's `l2sgd`: a step size that decays per epoch, the L2 decay applied through one
//! scale factor so an update touches only the sentence's features).
//!
//! The forward-backward pass runs under the decoder's BIO constraints (a forbidden step has
//! probability zero), so training sees the tag sequences Viterbi can output. Deterministic: the
//! sentences are visited in a seeded order and the sums run in a fixed order.

use super::train::{Constraints, Example, TrainOptions, Weights};

/// Log of the sum of the exponentials of `xs` (minus infinity when empty or all minus
/// infinity).
fn log_sum_exp(xs: impl Iterator<Item = f64> + Clone) -> f64 {
    let m = xs.clone().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + xs.map(|x| (x - m).exp()).sum::<f64>().ln()
}

/// Per-thread buffers of one sentence's forward-backward pass.
#[derive(Default)]
struct Lattice {
    em: Vec<f64>,
    alpha: Vec<f64>,
    beta: Vec<f64>,
    /// One token's gradient per tag.
    d: Vec<f64>,
    /// Transition scores (true weights; a forbidden step minus infinity).
    t: Vec<f64>,
}

/// The model's parameters during training: true weight = `scale` x stored weight.
struct Params {
    l: usize,
    w: Vec<f64>,
    start: Vec<f64>,
    trans: Vec<f64>,
    scale: f64,
}

impl Params {
    /// Emission scores of a sentence (`n x l`, true weights).
    fn emissions(&self, e: &Example, em: &mut Vec<f64>) {
        super::train::emissions(e, &self.w, self.l, em);
        em.iter_mut().for_each(|x| *x *= self.scale);
    }

    /// Applies the L2 decay of one step (`factor` < 1), folding the scale back into the
    /// weights when it gets small.
    fn decay(&mut self, factor: f64) {
        self.scale *= factor;
        if self.scale < 1e-9 {
            let s = self.scale;
            for x in self
                .w
                .iter_mut()
                .chain(&mut self.start)
                .chain(&mut self.trans)
            {
                *x *= s;
            }
            self.scale = 1.0;
        }
    }

    fn weights(&self) -> Weights {
        let s = self.scale;
        let f = |v: &[f64]| v.iter().map(|&x| (x * s) as f32).collect::<Vec<f32>>();
        Weights::new(self.l, f(&self.w), f(&self.start), f(&self.trans))
    }
}

/// One sentence's gradient step: the log-likelihood's gradient (gold counts minus expected
/// counts under the model) times `eta`, added to the weights. Returns the sentence's negative
/// log-likelihood (0 when the constraints leave no path: the sentence is skipped).
fn step(p: &mut Params, cons: &Constraints, e: &Example, eta: f64, lat: &mut Lattice) -> f64 {
    let l = p.l;
    let n = e.gold.len();
    if n == 0 {
        return 0.0;
    }
    p.emissions(e, &mut lat.em);
    let s = p.scale;
    let mut tf = std::mem::take(&mut lat.t);
    tf.clear();
    tf.extend(p.trans.iter().zip(&cons.ok).map(
        |(&t, &ok)| {
            if ok {
                t * s
            } else {
                f64::NEG_INFINITY
            }
        },
    ));
    let trans = |a: usize, b: usize| tf[a * l + b];
    let em = &lat.em;
    lat.alpha.clear();
    lat.alpha.resize(n * l, f64::NEG_INFINITY);
    lat.beta.clear();
    lat.beta.resize(n * l, f64::NEG_INFINITY);
    for (y, a) in lat.alpha[..l].iter_mut().enumerate() {
        if cons.ok_start[y] {
            *a = p.start[y] * s + em[y];
        }
    }
    for i in 1..n {
        for y in 0..l {
            let prev = &lat.alpha[(i - 1) * l..i * l];
            let v = log_sum_exp((0..l).map(|a| prev[a] + trans(a, y)));
            lat.alpha[i * l + y] = v + em[i * l + y];
        }
    }
    for y in 0..l {
        if cons.ok_end[y] {
            lat.beta[(n - 1) * l + y] = 0.0;
        }
    }
    for i in (0..n - 1).rev() {
        for y in 0..l {
            let next = &lat.beta[(i + 1) * l..(i + 2) * l];
            let e1 = &em[(i + 1) * l..(i + 2) * l];
            lat.beta[i * l + y] = log_sum_exp((0..l).map(|b| trans(y, b) + e1[b] + next[b]));
        }
    }
    let last = &lat.alpha[(n - 1) * l..n * l];
    let z = log_sum_exp((0..l).map(|y| last[y] + lat.beta[(n - 1) * l + y]));
    if !z.is_finite() {
        lat.t = tf;
        return 0.0;
    }
    // Gold path score.
    let gold = |i: usize| e.gold[i] as usize;
    let mut score = p.start[gold(0)] * s + em[gold(0)];
    for i in 1..n {
        score += trans(gold(i - 1), gold(i)) + em[i * l + gold(i)];
    }
    // Gradient step, in stored units (divided by the scale).
    let g = eta / s;
    let mut d = std::mem::take(&mut lat.d);
    d.clear();
    d.resize(l, 0.0);
    for i in 0..n {
        for (y, dy) in d.iter_mut().enumerate() {
            let m = (lat.alpha[i * l + y] + lat.beta[i * l + y] - z).exp();
            *dy = f64::from(u8::from(gold(i) == y)) - m;
        }
        for &f in &e.feats[i] {
            let w = &mut p.w[f as usize * l..(f as usize + 1) * l];
            for (x, dy) in w.iter_mut().zip(&d) {
                *x += g * dy;
            }
        }
        if i == 0 {
            for (x, dy) in p.start.iter_mut().zip(&d) {
                *x += g * dy;
            }
        } else {
            for a in 0..l {
                let pa = lat.alpha[(i - 1) * l + a];
                if pa == f64::NEG_INFINITY {
                    continue;
                }
                for b in 0..l {
                    let t = trans(a, b);
                    if t == f64::NEG_INFINITY {
                        continue;
                    }
                    let m = (pa + t + em[i * l + b] + lat.beta[i * l + b] - z).exp();
                    let obs = f64::from(u8::from(gold(i - 1) == a && gold(i) == b));
                    p.trans[a * l + b] += g * (obs - m);
                }
            }
        }
    }
    lat.d = d;
    lat.t = tf;
    z - score
}

/// Trains a CRF over `train_set` for `opts.epochs` epochs with L2 strength `opts.l2` (per
/// training set: each sentence's step decays the weights by `1 - eta * l2 / N`) and initial
/// step `opts.eta`. With held-out examples, writes each epoch's held-out F1 into `scores`.
pub(super) fn train(
    examples: &[Example],
    nf: usize,
    cons: &Constraints,
    train_set: &[usize],
    held: &[&Example],
    opts: &TrainOptions,
    scores: &mut [f64],
) -> Weights {
    let l = cons.ok_start.len();
    let mut p = Params {
        l,
        w: vec![0.0; nf * l],
        start: vec![0.0; l],
        trans: vec![0.0; l * l],
        scale: 1.0,
    };
    let mut rng = super::train::SplitMix(opts.seed);
    let mut order = train_set.to_vec();
    let n = order.len().max(1) as f64;
    let mut lat = Lattice::default();
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let eta = opts.eta / (1.0 + f64::from(epoch));
        let mut loss = 0.0;
        for &i in &order {
            p.decay(1.0 - eta * opts.l2 / n);
            loss += step(&mut p, cons, &examples[i], eta, &mut lat);
        }
        let f1 = if held.is_empty() {
            None
        } else {
            let w = p.weights();
            let f1 = super::train::heldout_f1(&w, cons, held, &[]);
            if let Some(s) = scores.get_mut(epoch as usize) {
                *s = f1;
            }
            Some(f1)
        };
        if opts.progress {
            match f1 {
                Some(f1) => eprintln!(
                    "crf epoch {}/{}: loss {loss:.1}, held-out F1 {f1:.2}",
                    epoch + 1,
                    opts.epochs
                ),
                None => eprintln!("crf epoch {}/{}: loss {loss:.1}", epoch + 1, opts.epochs),
            }
        }
    }
    p.weights()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tags O, B-X, I-X: I-X only after B-X or I-X.
    fn cons() -> Constraints {
        super::super::train::constraints_for_tests(&["O", "B-X", "I-X"])
    }

    fn params() -> Params {
        let l = 3;
        // Two features with fixed, uneven weights.
        Params {
            l,
            w: vec![0.5, -0.2, 0.1, -0.3, 0.8, 0.4],
            start: vec![0.1, 0.2, 0.0],
            trans: vec![0.3, -0.1, 0.2, 0.0, 0.4, 0.6, -0.2, 0.1, 0.5],
            scale: 1.0,
        }
    }

    fn example() -> Example {
        Example {
            feats: vec![vec![0], vec![1], vec![0, 1], vec![1]],
            gold: vec![1, 2, 0, 1],
            ..Example::default()
        }
    }

    /// The score of a tag sequence, or None when the constraints forbid it.
    fn path_score(p: &Params, c: &Constraints, e: &Example, tags: &[usize]) -> Option<f64> {
        let l = p.l;
        let mut em = Vec::new();
        p.emissions(e, &mut em);
        if !c.ok_start[tags[0]] || !c.ok_end[tags[tags.len() - 1]] {
            return None;
        }
        let mut s = p.start[tags[0]] + em[tags[0]];
        for i in 1..tags.len() {
            if !c.ok[tags[i - 1] * l + tags[i]] {
                return None;
            }
            s += p.trans[tags[i - 1] * l + tags[i]] + em[i * l + tags[i]];
        }
        Some(s)
    }

    #[test]
    fn the_likelihood_is_the_one_of_every_allowed_path() {
        let (c, e) = (cons(), example());
        let mut p = params();
        // Brute force: the log of the sum over the allowed tag sequences.
        let mut scores = Vec::new();
        for code in 0..81usize {
            let tags: Vec<usize> = (0..4).map(|k| code / 3usize.pow(k) % 3).collect();
            if let Some(s) = path_score(&p, &c, &e, &tags) {
                scores.push(s);
            }
        }
        let z = log_sum_exp(scores.iter().copied());
        let gold: Vec<usize> = e.gold.iter().map(|&g| g as usize).collect();
        let want = z - path_score(&p, &c, &e, &gold).expect("gold is allowed");
        // A zero step leaves the weights and returns the negative log-likelihood.
        let got = step(&mut p, &c, &e, 0.0, &mut Lattice::default());
        assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        assert_eq!(p.w, params().w);
    }

    #[test]
    fn a_step_raises_the_gold_path_likelihood() {
        let (c, e) = (cons(), example());
        let mut p = params();
        let mut lat = Lattice::default();
        let before = step(&mut p, &c, &e, 0.5, &mut lat);
        let after = step(&mut p, &c, &e, 0.0, &mut lat);
        assert!(after < before, "{after} !< {before}");
    }
}
