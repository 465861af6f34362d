//! Messages parsed with errors a person can act on (docs/errors.md §Parse errors).
//!
//! cosmwasm-std parses an entry point's message with serde-json-wasm, whose type errors carry no
//! position: a number sent where an amount (a string) belongs comes back as "Invalid type", with
//! no field named. Here the JSON is first read into a [`Json`] tree (serde-json-wasm, untyped),
//! then the message is deserialized from the tree by [`Located`], which knows where it is: every
//! error names the field's path and, for a wrong type, the form the field expects (the visitor's
//! own `expecting`, e.g. "string-encoded integer") and what was found.
//!
//! The message type's deserializer is instantiated once, over [`Located`] instead of
//! serde-json-wasm: the wasm carries one copy of it, not two (a path-tracking wrapper around
//! serde-json-wasm cost staking 44.6 KB).

use std::fmt::{self, Display};

use cosmwasm_std::{from_json, StdError};
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, Error as _, Expected, MapAccess,
    SeqAccess, Unexpected, VariantAccess, Visitor,
};
use serde::{Deserialize, Deserializer};

/// A JSON value as serde-json-wasm reads it: integers only (CosmWasm has no floats), object
/// entries in their order (duplicates are the message type's to refuse).
#[derive(Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Unsigned(u64),
    /// Written with a minus sign, `-0` included (serde-json-wasm refuses it for an unsigned field).
    Signed(i64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
    /// Never read from JSON: the value of a variant written as a bare string (`"pause"`), so a
    /// variant that takes a value says what it was given instead of an invented `null`.
    Absent,
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Unsigned(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Signed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, Json>()? {
            entries.push(entry);
        }
        Ok(Json::Object(entries))
    }
}

/// Where a value sits in the message: `delegate.amount`, `update_params.tiers[2].min_bond`.
/// A linked list on the stack: nothing is allocated unless an error is written.
#[derive(Clone, Copy)]
pub enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, key) => write_key(f, key),
            Path::Key(parent, key) => {
                write!(f, "{parent}.")?;
                write_key(f, key)
            }
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// A field name as Rust and JSON schemas write them is printed as it is; any other key (a map's)
/// in quotes, with quotes, backquotes, backslashes and control characters escaped, so it cannot
/// pass for path text. (`str`'s `Debug` would do it, with 3 KB of Unicode tables.)
fn write_key(f: &mut fmt::Formatter, key: &str) -> fmt::Result {
    let is_name = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if is_name {
        return f.write_str(key);
    }
    f.write_str("\"")?;
    for c in key.chars() {
        if matches!(c, '"' | '`' | '\\') || c.is_control() {
            write!(f, "\\u{{{:x}}}", c as u32)?;
        } else {
            write!(f, "{c}")?;
        }
    }
    f.write_str("\"")
}

/// A parse error, located once: the innermost deserializer that sees it names the path.
#[derive(Debug, PartialEq)]
pub struct ParseError {
    message: String,
    located: bool,
}

impl ParseError {
    #[inline(never)]
    fn at(mut self, path: &Path) -> Self {
        if !self.located {
            self.located = true;
            if !matches!(path, Path::Root) {
                self.message = format!("at `{path}`: {}", self.message);
            }
        }
        self
    }
}

impl Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

impl de::Error for ParseError {
    fn custom<T: Display>(message: T) -> Self {
        ParseError {
            message: message.to_string(),
            located: false,
        }
    }

    // serde's defaults print `Unexpected` with its own `Display`, whose float arm links float
    // formatting (16 KB in staking) although a JSON message here never holds a float.
    fn invalid_type(found: Unexpected, expected: &dyn Expected) -> Self {
        Self::custom(format_args!(
            "expected {expected}, found {}",
            Unexpectedly(found)
        ))
    }

    fn invalid_value(found: Unexpected, expected: &dyn Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {expected}",
            Unexpectedly(found)
        ))
    }
}

/// `Unexpected` in words, without a float arm.
struct Unexpectedly<'a>(Unexpected<'a>);

impl Display for Unexpectedly<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(v) => write!(f, "{v}"),
            Unexpected::Unsigned(v) => write!(f, "the number {v}"),
            Unexpected::Signed(v) => write!(f, "the number {v}"),
            Unexpected::Str(v) => write!(f, "the string \"{v}\""),
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Seq => f.write_str("an array"),
            Unexpected::Map => f.write_str("an object"),
            _ => f.write_str("a value of another kind"),
        }
    }
}

/// What a visitor expects, in its own words.
struct Expecting<'v, V>(&'v V);

impl<'de, V: Visitor<'de>> Display for Expecting<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }
}

/// What was found, briefly (a long string is cut: the message may be the whole hook).
struct Found<'a>(&'a Json);

impl Display for Found<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.0 {
            Json::Null => f.write_str("null"),
            Json::Bool(v) => write!(f, "{v}"),
            Json::Unsigned(v) => write!(f, "the number {v}"),
            Json::Signed(v) => write!(f, "the number -{}", v.unsigned_abs()),
            Json::String(v) if v.chars().count() > 40 => {
                let head: String = v.chars().take(40).collect();
                write!(f, "the string \"{head}…\"")
            }
            Json::String(v) => write!(f, "the string \"{v}\""),
            Json::Array(items) => write!(f, "an array of {}", items.len()),
            Json::Object(_) => f.write_str("an object"),
            Json::Absent => f.write_str("no value (the variant was written as a bare string)"),
        }
    }
}

/// Deserializes a message from a [`Json`] tree, knowing the path of the value it reads.
pub struct Located<'a, 'p> {
    value: &'a Json,
    path: &'p Path<'p>,
}

impl<'a, 'p> Located<'a, 'p> {
    pub fn new(value: &'a Json, path: &'p Path<'p>) -> Self {
        Located { value, path }
    }

    fn mismatch<'de, V: Visitor<'de>>(&self, visitor: &V) -> ParseError {
        mismatch(&Expecting(visitor), self.value, self.path)
    }
}

#[inline(never)]
fn mismatch(expected: &dyn Display, found: &Json, path: &Path) -> ParseError {
    ParseError::custom(format_args!("expected {expected}, found {}", Found(found))).at(path)
}

// The errors below are built out of line, once: inside the generic methods they would be copied
// into every message type's deserializer.

#[inline(never)]
fn too_many_elements(expected: usize, found: usize, path: &Path) -> ParseError {
    ParseError::custom(format_args!("expected {expected} elements, found {found}")).at(path)
}

#[inline(never)]
fn not_one_key(expected: &dyn Display, keys: usize, path: &Path) -> ParseError {
    ParseError::custom(format_args!(
        "expected {expected} as an object with one key, found {keys} keys"
    ))
    .at(path)
}

/// Parses `bytes` (JSON) into `T`, with errors that name the field at fault and its expected form.
pub fn from_json_located<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, StdError> {
    let json: Json = from_json(bytes)?;
    T::deserialize(Located::new(&json, &Path::Root))
        .map_err(|error| StdError::parse_err(std::any::type_name::<T>(), error))
}

/// An entry point's message, parsed through [`Located`]; see [`execute_entry_point!`].
#[derive(Debug, PartialEq)]
pub struct Parsed<T>(pub T);

impl<'de, T: DeserializeOwned> Deserialize<'de> for Parsed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = Json::deserialize(deserializer)?;
        T::deserialize(Located::new(&json, &Path::Root))
            .map(Parsed)
            .map_err(D::Error::custom)
    }
}

/// Exports `execute` (unless the crate is built with its `library` feature) parsing the message
/// as `$msg` through [`Parsed`], so a malformed message names its field, then calling `$handler:
/// fn(DepsMut, Env, MessageInfo, $msg) -> Result<Response, E>` — the same function unit tests
/// call directly.
#[macro_export]
macro_rules! execute_entry_point {
    ($handler:path, $msg:ty) => {
        #[cfg(all(target_arch = "wasm32", not(feature = "library")))]
        mod __located_execute_export {
            // `$msg` and `$handler` are written in the caller's scope.
            #[allow(unused_imports)]
            use super::*;

            #[no_mangle]
            extern "C" fn execute(env_ptr: u32, info_ptr: u32, msg_ptr: u32) -> u32 {
                ::cosmwasm_std::do_execute(
                    &|deps, env, info, msg: $crate::parse::Parsed<$msg>| {
                        $handler(deps, env, info, msg.0)
                    },
                    env_ptr,
                    info_ptr,
                    msg_ptr,
                )
            }
        }
    };
}

/// Exports `query` the same way: a query sent from the CLI with a wrong type names its field.
#[macro_export]
macro_rules! query_entry_point {
    ($handler:path, $msg:ty) => {
        #[cfg(all(target_arch = "wasm32", not(feature = "library")))]
        mod __located_query_export {
            // `$msg` and `$handler` are written in the caller's scope.
            #[allow(unused_imports)]
            use super::*;

            #[no_mangle]
            extern "C" fn query(env_ptr: u32, msg_ptr: u32) -> u32 {
                ::cosmwasm_std::do_query(
                    &|deps, env, msg: $crate::parse::Parsed<$msg>| $handler(deps, env, msg.0),
                    env_ptr,
                    msg_ptr,
                )
            }
        }
    };
}

/// Every integer width reads as the 64-bit one of its sign does: the visitor checks the range.
macro_rules! integers_as {
    ($wide:ident: $($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParseError> {
                self.$wide(visitor)
            }
        )*
    };
}

impl<'de, 'a: 'de, 'p> Deserializer<'de> for Located<'a, 'p> {
    type Error = ParseError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParseError> {
        let path = self.path;
        match self.value {
            Json::Null => visitor.visit_unit(),
            Json::Bool(v) => visitor.visit_bool(*v),
            Json::Unsigned(v) => visitor.visit_u64(*v),
            Json::Signed(v) => visitor.visit_i64(*v),
            Json::String(v) => visitor.visit_borrowed_str(v),
            Json::Array(items) => visitor.visit_seq(Items::new(items, path)),
            Json::Object(entries) => visitor.visit_map(Entries::new(entries, path)),
            Json::Absent => return Err(self.mismatch(&visitor)),
        }
        .map_err(|error: ParseError| error.at(path))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParseError> {
        match self.value {
            Json::Bool(v) => visitor
                .visit_bool(*v)
                .map_err(|error: ParseError| error.at(self.path)),
            _ => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParseError> {
        match self.value {
            Json::Unsigned(v) => visitor.visit_u64(*v),
            Json::Signed(v) => visitor.visit_i64(*v),
            _ => return Err(self.mismatch(&visitor)),
        }
        .map_err(|error: ParseError| error.at(self.path))
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParseError> {
        match self.value {
            Json::Unsigned(v) => visitor
                .visit_u64(*v)
                .map_err(|error: ParseError| error.at(self.path)),
            _ => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, ParseError> {
        Err(ParseError::custom("floating-point numbers are not supported").at(self.path))
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParseError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParseError> {
        match self.value {
            Json::String(v) => visitor
                .visit_borrowed_str(v)
                .map_err(|error: ParseError| error.at(self.path)),
            _ => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParseError> {
        let path = self.path;
        match self.value {
            Json::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
        .map_err(|error: ParseError| error.at(path))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParseError> {
        match self.value {
            Json::Null => visitor
                .visit_unit()
                .map_err(|error: ParseError| error.at(self.path)),
            _ => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ParseError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ParseError> {
        let path = self.path;
        visitor
            .visit_newtype_struct(self)
            .map_err(|error: ParseError| error.at(path))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParseError> {
        let Json::Array(items) = self.value else {
            return Err(self.mismatch(&visitor));
        };
        let mut access = Items::new(items, self.path);
        let value = visitor.visit_seq(&mut access);
        // A tuple's visitor stops after its length: what it left is refused, not dropped.
        match value {
            Ok(_) if access.items.len() > 0 => {
                Err(too_many_elements(access.index, items.len(), self.path))
            }
            value => value.map_err(|error: ParseError| error.at(self.path)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ParseError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ParseError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParseError> {
        match self.value {
            Json::Object(entries) => visitor
                .visit_map(Entries::new(entries, self.path))
                .map_err(|error: ParseError| error.at(self.path)),
            _ => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ParseError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ParseError> {
        let path = self.path;
        let (variant, content) = match self.value {
            Json::String(variant) => (variant, None),
            Json::Object(entries) if entries.len() == 1 => (&entries[0].0, Some(&entries[0].1)),
            Json::Object(entries) => {
                return Err(not_one_key(&Expecting(&visitor), entries.len(), path))
            }
            _ => return Err(self.mismatch(&visitor)),
        };
        visitor
            .visit_enum(Variant {
                name: variant,
                content,
                path,
            })
            .map_err(|error: ParseError| error.at(path))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParseError> {
        visitor.visit_unit()
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParseError> {
        self.deserialize_str(visitor)
    }

    integers_as! { deserialize_i64: deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i128 }
    integers_as! { deserialize_u64: deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u128 }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf identifier
    }
}

struct Items<'a, 'p> {
    items: std::slice::Iter<'a, Json>,
    index: usize,
    path: &'p Path<'p>,
}

impl<'a, 'p> Items<'a, 'p> {
    fn new(items: &'a [Json], path: &'p Path<'p>) -> Self {
        Items {
            items: items.iter(),
            index: 0,
            path,
        }
    }
}

impl<'de, 'a: 'de> SeqAccess<'de> for Items<'a, '_> {
    type Error = ParseError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, ParseError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let path = Path::Index(self.path, self.index);
        self.index += 1;
        seed.deserialize(Located::new(item, &path))
            .map(Some)
            .map_err(|error: ParseError| error.at(&path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'a, 'p> {
    entries: std::slice::Iter<'a, (String, Json)>,
    value: Option<&'a (String, Json)>,
    path: &'p Path<'p>,
}

impl<'a, 'p> Entries<'a, 'p> {
    fn new(entries: &'a [(String, Json)], path: &'p Path<'p>) -> Self {
        Entries {
            entries: entries.iter(),
            value: None,
            path,
        }
    }
}

impl<'de, 'a: 'de> MapAccess<'de> for Entries<'a, '_> {
    type Error = ParseError;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, ParseError> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(entry);
        seed.deserialize(BorrowedStrDeserializer::new(entry.0.as_str()))
            .map(Some)
            .map_err(|error: ParseError| error.at(self.path))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, ParseError> {
        let (key, value) = self
            .value
            .take()
            .ok_or_else(|| ParseError::custom("a value was read before its key"))?;
        let path = Path::Key(self.path, key);
        seed.deserialize(Located::new(value, &path))
            .map_err(|error: ParseError| error.at(&path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// `"variant"` or `{"variant": content}`, as serde's externally tagged enums are written.
struct Variant<'a, 'p> {
    name: &'a str,
    content: Option<&'a Json>,
    path: &'p Path<'p>,
}

/// The value of a variant written as a bare string: a variant that takes a value refuses it.
static ABSENT: Json = Json::Absent;

impl<'de, 'a: 'de, 'p> EnumAccess<'de> for Variant<'a, 'p> {
    type Error = ParseError;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self), ParseError> {
        let value = seed
            .deserialize(BorrowedStrDeserializer::new(self.name))
            .map_err(|error: ParseError| error.at(self.path))?;
        Ok((value, self))
    }
}

impl<'de, 'a: 'de, 'p> VariantAccess<'de> for Variant<'a, 'p> {
    type Error = ParseError;

    fn unit_variant(self) -> Result<(), ParseError> {
        match self.content {
            None => Ok(()),
            Some(other) => Err(ParseError::custom(format_args!(
                "`{}` takes no value: write it as the string \"{}\", found {{\"{}\": {}}}",
                self.name,
                self.name,
                self.name,
                Found(other)
            ))
            .at(self.path)),
        }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<S::Value, ParseError> {
        let content = self.content.unwrap_or(&ABSENT);
        let path = Path::Key(self.path, self.name);
        seed.deserialize(Located::new(content, &path))
            .map_err(|error: ParseError| error.at(&path))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ParseError> {
        let content = self.content.unwrap_or(&ABSENT);
        let path = Path::Key(self.path, self.name);
        Located::new(content, &path).deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ParseError> {
        let content = self.content.unwrap_or(&ABSENT);
        let path = Path::Key(self.path, self.name);
        Located::new(content, &path).deserialize_map(visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_schema::cw_serde;
    use cosmwasm_std::{to_json_vec, Binary, Uint128};
    use proptest::prelude::*;

    #[cw_serde]
    enum Action {
        Deliver {
            recipient: String,
            amount: Uint128,
            memo: Option<String>,
        },
        Batch {
            items: Vec<Item>,
            mode: Mode,
        },
        Pause {},
        Wrapped(Item),
    }

    #[cw_serde]
    struct Item {
        id: u64,
        amount: Uint128,
        signature: Binary,
        urgent: bool,
    }

    #[cw_serde]
    enum Mode {
        Strict,
        Lenient { tolerance: u32 },
    }

    fn parse(json: &str) -> Result<Action, String> {
        from_json_located::<Action>(json.as_bytes()).map_err(|error| match error {
            StdError::ParseErr { msg, .. } => msg,
            other => panic!("not a parse error: {other}"),
        })
    }

    #[test]
    fn a_wrong_type_names_the_field_the_expected_form_and_what_was_found() {
        assert_eq!(
            parse(r#"{"deliver":{"recipient":"a","amount":5}}"#),
            Err("at `deliver.amount`: expected string-encoded integer, found the number 5".into())
        );
        assert_eq!(
            parse(
                r#"{"batch":{"items":[{"id":1,"amount":"1","signature":"","urgent":false},{"id":"2","amount":"1","signature":"","urgent":false}],"mode":"strict"}}"#
            ),
            Err("at `batch.items[1].id`: expected u64, found the string \"2\"".into())
        );
        assert_eq!(
            parse(r#"{"batch":{"items":[],"mode":{"lenient":{"tolerance":-1}}}}"#),
            Err("at `batch.mode.lenient.tolerance`: expected u32, found the number -1".into())
        );
        assert_eq!(
            parse(r#"{"wrapped":{"id":1,"amount":"1","signature":"not base64!","urgent":0}}"#),
            Err("at `wrapped.signature`: invalid base64: not base64!".into())
        );
        assert_eq!(
            parse(r#"{"wrapped":{"id":1,"amount":"1","signature":"","urgent":0}}"#),
            Err("at `wrapped.urgent`: expected a boolean, found the number 0".into())
        );
        assert_eq!(
            parse(r#"{"deliver":{"recipient":"a","amount":"1","memo":["x"]}}"#),
            Err("at `deliver.memo`: expected a string, found an array of 1".into())
        );
    }

    #[test]
    fn missing_unknown_and_malformed_say_where_and_what() {
        assert_eq!(
            parse(r#"{"deliver":{"recipient":"a"}}"#),
            Err("at `deliver`: missing field `amount`".into())
        );
        // cw_serde (cosmwasm 2) ignores unknown fields; so does the located parser.
        let extra = r#"{"deliver":{"recipient":"a","amount":"1","colour":{"r":[1]}}}"#;
        assert_eq!(
            parse(extra),
            Ok(from_json::<Action>(extra.as_bytes()).unwrap())
        );
        assert_eq!(
            parse(r#"{"deliverr":{}}"#),
            Err("unknown variant `deliverr`, expected one of `deliver`, `batch`, `pause`, `wrapped`".into())
        );
        assert_eq!(
            parse(r#"{"pause":{},"deliver":{}}"#),
            Err("expected enum Action as an object with one key, found 2 keys".into())
        );
        assert_eq!(
            parse(r#"["pause"]"#),
            Err("expected enum Action, found an array of 1".into())
        );
        assert_eq!(
            parse(r#"{"deliver":{"recipient":"a","amount":"1","amount":"2"}}"#),
            Err("at `deliver`: duplicate field `amount`".into())
        );
        assert_eq!(
            parse(&format!(
                r#"{{"deliver":{{"recipient":5,"amount":"1","memo":"{}"}}}}"#,
                "m".repeat(100)
            )),
            Err("at `deliver.recipient`: expected a string, found the number 5".into())
        );
        assert_eq!(
            parse(r#"{"batch":{"items":[],"mode":{"lenient":{"tolerance":"wide-enough-to-be-cut-after-forty-characters"}}}}"#),
            Err("at `batch.mode.lenient.tolerance`: expected u32, found the string \"wide-enough-to-be-cut-after-forty-charac…\"".into())
        );
        // Not JSON at all: serde-json-wasm's own word, before any field exists.
        assert_eq!(
            parse(r#"{"deliver":"#),
            Err("EOF while parsing a JSON value.".into())
        );
        // Floats are refused, by serde-json-wasm's reader, without linking float code.
        assert_eq!(
            parse(r#"{"batch":{"items":[],"mode":{"lenient":{"tolerance":1.5}}}}"#),
            Err("Expected this character to be either a `','` or a `'}'`.".into())
        );
    }

    #[cw_serde]
    #[serde(deny_unknown_fields)]
    enum Strict {
        Grant(Request),
    }

    #[cw_serde]
    #[serde(deny_unknown_fields)]
    struct Request {
        beneficiary: String,
    }

    #[test]
    fn an_unknown_field_of_a_strict_type_is_named_where_it_is() {
        let error = from_json_located::<Strict>(br#"{"grant":{"beneficiary":"a","colour":1}}"#)
            .unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("at `grant`: unknown field `colour`, expected `beneficiary`"),
            "{error}"
        );
    }

    #[cw_serde]
    enum Shapes {
        Points {
            points: Vec<(String, u8)>,
        },
        Vote {
            option: Mode,
        },
        Opt(Option<u32>),
        Keyed {
            by: std::collections::BTreeMap<String, u8>,
        },
    }

    /// Inputs serde-json-wasm refuses are refused here too (an attacker's review found each
    /// accepted by a first version of this parser).
    #[test]
    fn refuses_what_serde_json_wasm_refuses() {
        let located = |json: &str| {
            from_json_located::<Shapes>(json.as_bytes())
                .map_err(|error| error.to_string())
                .map(|_| ())
        };
        for json in [
            r#"{"points":{"points":[["a",1,"junk"]]}}"#,
            r#"{"vote":{"option":{"strict":null}}}"#,
            r#"{"points":{"points":[["a",-0]]}}"#,
            r#""opt""#,
        ] {
            assert!(from_json::<Shapes>(json.as_bytes()).is_err(), "{json}");
            assert!(located(json).is_err(), "{json}");
        }
        assert!(located(r#"{"points":{"points":[["a",1,"junk"]]}}"#)
            .unwrap_err()
            .ends_with("at `points.points[0]`: expected 2 elements, found 3"));
        assert!(located(r#"{"vote":{"option":{"strict":null}}}"#)
            .unwrap_err()
            .ends_with(
                "at `vote.option`: `strict` takes no value: write it as the string \"strict\", found {\"strict\": null}"
            ));
        assert!(located(r#"{"points":{"points":[["a",-0]]}}"#)
            .unwrap_err()
            .ends_with("at `points.points[0][1]`: expected u8, found the number -0"));
        assert!(located(r#""opt""#).unwrap_err().ends_with(
            "at `opt`: expected u32, found no value (the variant was written as a bare string)"
        ));
        // A map's key is quoted in the path: it cannot pass for path text.
        assert!(located(r#"{"keyed":{"by":{"a`: fine; real error at `x":"1"}}}"#)
            .unwrap_err()
            .ends_with(
                "at `keyed.by.\"a\\u{60}: fine; real error at \\u{60}x\"`: expected u8, found the string \"1\""
            ));
        // A signed field still reads -0 and negatives.
        assert_eq!(
            from_json_located::<i64>(b"-0").unwrap(),
            from_json::<i64>(b"-0").unwrap()
        );
    }

    #[test]
    fn the_entry_point_wrapper_carries_the_located_message() {
        let error = from_json::<Parsed<Action>>(br#"{"deliver":{"recipient":"a","amount":5}}"#)
            .unwrap_err();
        assert!(
            error.to_string().ends_with(
                "at `deliver.amount`: expected string-encoded integer, found the number 5"
            ),
            "{error}"
        );
        assert_eq!(
            from_json::<Parsed<Action>>(br#"{"pause":{}}"#).unwrap(),
            Parsed(Action::Pause {})
        );
    }

    fn item() -> impl Strategy<Value = Item> {
        (
            any::<u64>(),
            any::<u128>(),
            proptest::collection::vec(any::<u8>(), 0..70),
            any::<bool>(),
        )
            .prop_map(|(id, amount, signature, urgent)| Item {
                id,
                amount: Uint128::new(amount),
                signature: Binary::new(signature),
                urgent,
            })
    }

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            (
                "\\PC{0,20}",
                any::<u128>(),
                proptest::option::of("\\PC{0,20}")
            )
                .prop_map(|(recipient, amount, memo)| Action::Deliver {
                    recipient,
                    amount: Uint128::new(amount),
                    memo
                }),
            (
                proptest::collection::vec(item(), 0..4),
                prop_oneof![
                    Just(Mode::Strict),
                    any::<u32>().prop_map(|tolerance| Mode::Lenient { tolerance })
                ]
            )
                .prop_map(|(items, mode)| Action::Batch { items, mode }),
            Just(Action::Pause {}),
            item().prop_map(Action::Wrapped),
        ]
    }

    proptest! {
        /// What serde-json-wasm reads, the located parser reads the same.
        #[test]
        fn reads_every_valid_message_as_serde_json_wasm_does(action in action()) {
            let bytes = to_json_vec(&action).unwrap();
            prop_assert_eq!(from_json_located::<Action>(&bytes).unwrap(), action.clone());
            prop_assert_eq!(from_json::<Action>(&bytes).unwrap(), action);
        }
    }
}
