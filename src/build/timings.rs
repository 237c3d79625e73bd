//! `--timings`: the wall time of each pipeline stage.

use std::time::{Duration, Instant};

/// Wall time of each pipeline stage; stages of several outputs are added up under one name.
#[derive(Default, Debug)]
pub struct Timings {
    stages: Vec<(&'static str, Duration)>,
    last: Option<Instant>,
}

impl Timings {
    pub(super) fn start(&mut self) {
        self.last = Some(Instant::now());
    }

    /// Ends the current stage under `name` and starts the next one.
    pub(super) fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        let took = self.last.map(|l| now - l).unwrap_or_default();
        self.last = Some(now);
        match self.stages.iter_mut().find(|(n, _)| *n == name) {
            Some((_, d)) => *d += took,
            None => self.stages.push((name, took)),
        }
    }

    /// Add the stages of `other`, which ran at the same time as stages already recorded by
    /// another output: per stage, the longer time counts.
    pub(super) fn merge_max(&mut self, other: &Timings) {
        for (name, took) in &other.stages {
            match self.stages.iter_mut().find(|(n, _)| n == name) {
                Some((_, d)) => *d = (*d).max(*took),
                None => self.stages.push((name, *took)),
            }
        }
    }

    pub fn stages(&self) -> &[(&'static str, Duration)] {
        &self.stages
    }
}
