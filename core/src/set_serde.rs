//! Serde for the bit sets of enum members ([`crate::RoleSet`],
//! [`crate::ChannelSet`], [`crate::compensation::KindSet`]): a set is
//! written as the list of its members' names, in member order, and read
//! from any such list.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

/// Reads a list of `T` into the set `S`.
pub(crate) fn deserialize_set<'de, D, T, S>(
    deserializer: D,
    expecting: &'static str,
) -> Result<S, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
    S: FromIterator<T>,
{
    struct Members<T, S> {
        expecting: &'static str,
        types: PhantomData<(T, S)>,
    }

    impl<'de, T: Deserialize<'de>, S: FromIterator<T>> Visitor<'de> for Members<T, S> {
        type Value = S;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<S, A::Error> {
            let mut failure = None;
            let set = core::iter::from_fn(|| match seq.next_element() {
                Ok(member) => member,
                Err(error) => {
                    failure = Some(error);
                    None
                }
            })
            .collect();
            failure.map_or(Ok(set), Err)
        }
    }

    deserializer.deserialize_seq(Members {
        expecting,
        types: PhantomData,
    })
}

/// Writes `members` as a list whose length is stated up front: binary
/// formats (postcard) need it, and a set's members are cheap to count twice.
pub(crate) fn serialize_members<S, T, I>(serializer: S, members: I) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    T: serde::Serialize,
    I: Iterator<Item = T> + Clone,
{
    use serde::ser::SerializeSeq;
    let mut list = serializer.serialize_seq(Some(members.clone().count()))?;
    for member in members {
        list.serialize_element(&member)?;
    }
    list.end()
}
