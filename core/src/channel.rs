//! Where demand comes from: one channel type for the funnel's volumes,
//! the compensation engine's credit attributes and the proto.

/// How a prospect or an opportunity reached the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum Channel {
    /// Prospects who come to us (marketing, content, product sign-ups),
    /// qualified by MDRs.
    Inbound,
    /// Prospects we go to (SDR prospecting).
    Outbound,
    /// Prospects brought by partners and resellers.
    Partner,
    /// Existing customers buying more (the NRR essay's "continuous sales").
    Expansion,
    /// Bought without a salesperson.
    SelfServe,
}

/// Every channel, in declaration (bit) order.
pub const ALL_CHANNELS: [Channel; 5] = [
    Channel::Inbound,
    Channel::Outbound,
    Channel::Partner,
    Channel::Expansion,
    Channel::SelfServe,
];

impl Channel {
    /// This channel's bit in a [`ChannelSet`].
    pub const fn bit(self) -> u8 {
        // The discriminant is below 8, so the shift cannot wrap.
        1u8.wrapping_shl(self as u32)
    }

    /// The channel's name, as serialized (`self_serve`).
    pub const fn name(self) -> &'static str {
        match self {
            Channel::Inbound => "inbound",
            Channel::Outbound => "outbound",
            Channel::Partner => "partner",
            Channel::Expansion => "expansion",
            Channel::SelfServe => "self_serve",
        }
    }
}

/// A set of [`Channel`]s in one byte: which channels a measure counts.
/// The empty set is written `[]`; a measure reads it as "every channel".
/// Serialized as the list of its channels' names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ChannelSet {
    bits: u8,
}

impl ChannelSet {
    /// No channel.
    pub const EMPTY: ChannelSet = ChannelSet { bits: 0 };

    /// The set with `channel` added.
    #[must_use]
    pub const fn with(self, channel: Channel) -> ChannelSet {
        ChannelSet {
            bits: self.bits | channel.bit(),
        }
    }

    /// The set of `channels`.
    pub const fn of(channels: &[Channel]) -> ChannelSet {
        let mut set = ChannelSet::EMPTY;
        let mut rest = channels;
        while let [channel, tail @ ..] = rest {
            set = set.with(*channel);
            rest = tail;
        }
        set
    }

    /// Whether `channel` is in the set.
    pub const fn contains(self, channel: Channel) -> bool {
        self.bits & channel.bit() != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// The channels in the set, in [`ALL_CHANNELS`] order.
    pub fn iter(self) -> impl Iterator<Item = Channel> + Clone {
        ALL_CHANNELS
            .into_iter()
            .filter(move |&channel| self.contains(channel))
    }
}

impl FromIterator<Channel> for ChannelSet {
    fn from_iter<I: IntoIterator<Item = Channel>>(channels: I) -> Self {
        channels
            .into_iter()
            .fold(ChannelSet::EMPTY, ChannelSet::with)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ChannelSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::set_serde::serialize_members(serializer, self.iter())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for ChannelSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::set_serde::deserialize_set(deserializer, "a list of channels")
    }
}
