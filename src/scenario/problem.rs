//! What [`super::Scenario::build`] finds wrong with a spec: each problem keyed by the action it is
//! in (by position in [`super::ScenarioSpec::actions`]) and the key path inside it, or by a key of
//! the scenario itself (`plan.years`, `leveling`). A problem may name another action ("already
//! closed in 2031 by …"); how that action is shown is the caller's choice: the file reader shows
//! where it was written, code sees `actions[3]`.

use std::fmt;

use crate::messages::Message;
use crate::msg;

/// A part of a problem's message.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(Message),
    /// Another action, by position in the spec.
    Action(usize),
}

/// Which check found a problem, in the order the checks run. The file reader uses it to place its
/// own problems (an action without a kind) among the builder's, in the order a reader expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Stage {
    /// The scenario's settings: plan, leveling, skipped renewals.
    Settings,
    /// The ids of the facilities complexes build.
    Declarations,
    /// Each action on its own.
    Action,
    /// Actions together: closures, merges, conflicts.
    Together,
    /// Shifts against the cost model.
    Shifts,
}

/// One problem of a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    action: Option<usize>,
    key: String,
    message: Vec<Piece>,
    stage: Stage,
}

impl Problem {
    pub(crate) fn new(
        stage: Stage,
        action: Option<usize>,
        key: &str,
        message: impl Into<Message>,
    ) -> Problem {
        Problem {
            action,
            key: key.to_string(),
            message: vec![Piece::Text(message.into())],
            stage,
        }
    }

    /// A problem whose message names another action: `message` shows it as its `{action}`
    /// argument (given there as a blank, set when it is shown).
    pub(crate) fn naming(
        stage: Stage,
        action: Option<usize>,
        key: &str,
        message: Message,
        other: usize,
    ) -> Problem {
        Problem {
            action,
            key: key.to_string(),
            message: vec![Piece::Text(message), Piece::Action(other)],
            stage,
        }
    }

    /// The action it is in (its position in the spec), or `None` for a setting of the scenario.
    pub fn action(&self) -> Option<usize> {
        self.action
    }

    /// The key path inside the action (`facility`, `facilities[1]`, `capacity.community`; empty
    /// for the action as a whole), or of the setting (`plan.years`).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The key path from the top of the spec: `actions[2].facility`, `plan.years`.
    pub fn path(&self) -> String {
        match (self.action, self.key.is_empty()) {
            (Some(a), true) => format!("actions[{a}]"),
            (Some(a), false) => format!("actions[{a}].{}", self.key),
            (None, _) => self.key.clone(),
        }
    }

    /// The other action the message names, if any.
    pub fn names_action(&self) -> Option<usize> {
        self.message.iter().find_map(|p| match p {
            Piece::Action(a) => Some(*a),
            Piece::Text(_) => None,
        })
    }

    /// What is wrong, in English, with another action it names shown as `actions[n]`.
    pub fn message(&self) -> String {
        self.message_with(&|a| format!("actions[{a}]")).to_string()
    }

    /// What is wrong, with another action it names shown by `show`.
    pub fn message_with(&self, show: &dyn Fn(usize) -> String) -> Message {
        match &self.message[..] {
            [Piece::Text(t)] => t.clone(),
            [Piece::Text(t), Piece::Action(a)] => t.clone().with("action", show(*a)),
            // No problem is made of other pieces.
            _ => msg!(Nothing),
        }
    }

    pub(crate) fn stage(&self) -> Stage {
        self.stage
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path(), self.message())
    }
}

/// Every problem of a spec, in the order the checks found them (settings, then each action in
/// order, then actions together, then shifts against the model).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems {
    list: Vec<Problem>,
    /// Whether the checks reached the actions (they do not when the plan itself is impossible).
    pub(crate) actions_checked: bool,
}

impl Problems {
    pub(crate) fn push(&mut self, p: Problem) {
        self.list.push(p);
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The problems, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter()
    }
}

impl IntoIterator for Problems {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.list.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}
