//! Every text the program says to people, in English and Japanese, from one catalogue.
//!
//! A message is data until it is shown: a [`Message`] is an [`Id`] of the catalogue
//! (`catalogue.rs`) and its named arguments, and becomes text only when someone renders it in a
//! [`Lang`]. Diagnostics, the library's errors, the command line's messages and the labels of the
//! report, the workbook and 施設カルテ all come from here. This module owns the catalogue and
//! the rendering of its templates; it must not read the environment (the command line chooses
//! the language and passes it) and must not know what any message is about.
//!
//! A template names its arguments in braces (`{value} is not a number`); `{{` and `}}` are
//! braces. Both languages of an entry name the same arguments; a test walks the catalogue and the
//! sources to keep it so.

mod catalogue;

use std::fmt;

pub use catalogue::{ENTRIES, Entry, Id};

/// A language the program speaks; English unless asked (as `Display` is).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// Japanese: である体, fiscal years with 和暦.
    Ja,
    /// English.
    #[default]
    En,
}

impl Lang {
    /// The language a locale name (`ja_JP.UTF-8`, `en_US.UTF-8`, `C`) asks for: Japanese for
    /// `ja` and `ja_*`, else English. The caller reads the locale; this only reads its name.
    pub fn of_locale(locale: &str) -> Lang {
        let name = locale.split(['.', '@']).next().unwrap_or("");
        if name == "ja" || name.starts_with("ja_") {
            Lang::Ja
        } else {
            Lang::En
        }
    }
}

/// One argument of a message: a text, or another message rendered in the same language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// A text shown as it is in every language (a value, a name, a number).
    Text(String),
    /// A message, rendered in the language of the message that holds it.
    Message(Box<Message>),
}

/// A message of the catalogue with its arguments, not yet text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    id: Id,
    args: Vec<(&'static str, Arg)>,
}

impl Message {
    /// The message `id` with `args` (each named as its template names it).
    pub fn new(id: Id, args: Vec<(&'static str, Arg)>) -> Message {
        Message { id, args }
    }

    /// Text made by another program (an operating system's reason, a parser's description),
    /// shown as it is in every language. Only for text the program cannot know in advance.
    pub fn foreign(text: impl Into<String>) -> Message {
        Message::new(Id::Foreign, vec![("text", Arg::Text(text.into()))])
    }

    /// Its catalogue id.
    pub fn id(&self) -> Id {
        self.id
    }

    /// Its arguments, by name.
    pub fn args(&self) -> &[(&'static str, Arg)] {
        &self.args
    }

    /// The message with argument `name` set to `value` (replacing the one it had, if any).
    pub fn with(mut self, name: &'static str, value: impl IntoArg) -> Message {
        let value = value.into_arg();
        match self.args.iter_mut().find(|(n, _)| *n == name) {
            Some((_, a)) => *a = value,
            None => self.args.push((name, value)),
        }
        self
    }

    /// Changes every text argument with `f` (a diagnostic bounds the values it quotes).
    pub fn map_texts(mut self, f: &dyn Fn(String) -> String) -> Message {
        for (_, a) in &mut self.args {
            let taken = std::mem::replace(a, Arg::Text(String::new()));
            *a = match taken {
                Arg::Text(t) => Arg::Text(f(t)),
                Arg::Message(m) => Arg::Message(Box::new(m.map_texts(f))),
            };
        }
        self
    }

    /// The message as text in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.render_into(lang, &mut out);
        out
    }

    fn render_into(&self, lang: Lang, out: &mut String) {
        let template = self.id.template(lang);
        let mut rest = template;
        while let Some(i) = rest.find(['{', '}']) {
            out.push_str(&rest[..i]);
            let tail = &rest[i..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                out.push_str(&tail[..1]);
                rest = &tail[2..];
                continue;
            }
            if let Some(after) = tail.strip_prefix('}') {
                out.push('}');
                rest = after;
                continue;
            }
            let Some(end) = tail.find('}') else {
                out.push_str(tail);
                rest = "";
                break;
            };
            let name = &tail[1..end];
            match self.args.iter().find(|(n, _)| *n == name) {
                Some((_, Arg::Text(t))) => out.push_str(t),
                Some((_, Arg::Message(m))) => m.render_into(lang, out),
                // A missing argument shows its placeholder: the catalogue test keeps every
                // template's names and every use's names the same.
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        }
        out.push_str(rest);
    }
}

impl fmt::Display for Message {
    /// The message in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl From<Id> for Message {
    fn from(id: Id) -> Message {
        Message::new(id, Vec::new())
    }
}

/// What can be an argument of a message: texts, numbers and other messages.
pub trait IntoArg {
    /// The argument.
    fn into_arg(self) -> Arg;
}

impl IntoArg for Message {
    fn into_arg(self) -> Arg {
        Arg::Message(Box::new(self))
    }
}

impl IntoArg for Id {
    fn into_arg(self) -> Arg {
        Arg::Message(Box::new(Message::from(self)))
    }
}

impl IntoArg for Arg {
    fn into_arg(self) -> Arg {
        self
    }
}

macro_rules! display_args {
    ($($t:ty),* $(,)?) => {
        $(impl IntoArg for $t {
            fn into_arg(self) -> Arg {
                Arg::Text(self.to_string())
            }
        })*
    };
}

display_args!(
    String,
    &str,
    &String,
    std::borrow::Cow<'_, str>,
    char,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    usize,
    &i32,
    &i64,
    &u32,
    &u64,
    &usize,
    rust_decimal::Decimal,
    &rust_decimal::Decimal,
    std::path::Display<'_>,
);

/// A message of the catalogue: `msg!(NotANumber, value = quote(raw))`, or `msg!(IsEmpty)`; an
/// argument named as a variable in scope may be written alone (`msg!(Runs, runs, max)`).
#[macro_export]
macro_rules! msg {
    ($id:ident $(, $name:ident $(= $value:expr)?)* $(,)?) => {
        $crate::messages::Message::new(
            $crate::messages::Id::$id,
            vec![$((stringify!($name), $crate::messages::IntoArg::into_arg($crate::msg!(@value $name $($value)?)))),*],
        )
    };
    (@value $name:ident $value:expr) => { $value };
    (@value $name:ident) => { $name };
}

/// The names a template gives its arguments, in order, each once.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            rest = &tail[2..];
            continue;
        }
        if let Some(after) = tail.strip_prefix('}') {
            rest = after;
            continue;
        }
        let Some(end) = tail.find('}') else { break };
        let name = &tail[1..end];
        if !names.contains(&name) {
            names.push(name);
        }
        rest = &tail[end + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_choose_a_language() {
        assert_eq!(Lang::of_locale("ja_JP.UTF-8"), Lang::Ja);
        assert_eq!(Lang::of_locale("ja"), Lang::Ja);
        assert_eq!(Lang::of_locale("ja_JP@euro"), Lang::Ja);
        assert_eq!(Lang::of_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::of_locale("C"), Lang::En);
        assert_eq!(Lang::of_locale("C.UTF-8"), Lang::En);
        assert_eq!(Lang::of_locale("jam"), Lang::En);
        assert_eq!(Lang::of_locale(""), Lang::En);
    }

    #[test]
    fn templates_take_their_arguments() {
        let m = Message::foreign("a {b} c");
        // An argument's braces are its own text, not a placeholder.
        assert_eq!(m.render(Lang::En), "a {b} c");
        assert_eq!(m.render(Lang::Ja), "a {b} c");
        assert_eq!(placeholders("{a} and {{b}} and {a} {c}"), vec!["a", "c"]);
    }
}
