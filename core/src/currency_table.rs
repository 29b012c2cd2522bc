//! ISO 4217 active currencies (List One), generated from SIX Group list-one.xml of 2025-05-12.
//! Sorted by alphabetic code so `Currency::from_code` can binary-search. The lookups
//! (`from_code`, `from_numeric`, `FromStr`, serde) are here, with the list they search.
//!
//! Source: the ISO 4217 Maintenance Agency (SIX Group) List One, Pblshd="2025-05-12" (through
//! Amendment 179), cross-checked against a verbatim copy of the 2024-06-25 `list-one.xml` plus the
//! amendments since (176: XCG replaces ANG; 178: CUC removed; 179: XAD added).
//!
//! Data notes:
//! - Entries whose minor unit is "N.A." are omitted: XAG, XAU, XBA, XBB, XBC, XBD, XDR, XPD,
//!   XPT, XSU, XTS, XUA, XXX.
//! - Fund codes that do have a minor unit are included: BOV, CHE, CHW, CLF, COU, MXV, USN, UYI,
//!   UYW, and XAD (Arab Accounting Dinar, added by Amendment 179).
//! - Withdrawn codes are omitted: HRK (replaced by EUR), SLL (replaced by SLE), ZWL (replaced by
//!   ZWG, Amendment 177), ANG (replaced by XCG, which reuses numeric 532, Amendment 176) and CUC
//!   (removed from List One by Amendment 178).
//! - BGN is kept although Bulgaria adopted the euro on 2026-01-01 (Amendment 180): statements
//!   for 2025 periods must still be recomputable.

use crate::currency::Currency;
use crate::error::ErrorKind;

/// Lookups in the table: how a code from outside becomes a [`Currency`].
impl Currency {
    /// The active currency with this alphabetic code (upper case, e.g. `"EUR"`).
    pub fn from_code(code: &str) -> Result<Currency, ErrorKind> {
        let code: [u8; 3] = code
            .as_bytes()
            .try_into()
            .map_err(|_| ErrorKind::UnknownCurrency)?;
        TABLE
            .binary_search_by(|c| c.code_bytes().cmp(&code))
            .ok()
            .and_then(|i| TABLE.get(i))
            .copied()
            .ok_or(ErrorKind::UnknownCurrency)
    }

    /// The active currency with this ISO numeric code (e.g. 978 for EUR).
    pub fn from_numeric(numeric: u16) -> Result<Currency, ErrorKind> {
        TABLE
            .iter()
            .find(|c| c.numeric() == numeric)
            .copied()
            .ok_or(ErrorKind::UnknownCurrency)
    }

    /// Every active currency, sorted by code.
    pub fn all() -> &'static [Currency] {
        TABLE
    }
}

impl core::str::FromStr for Currency {
    type Err = ErrorKind;

    fn from_str(code: &str) -> Result<Currency, ErrorKind> {
        Currency::from_code(code)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Currency;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("an ISO 4217 code such as \"USD\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Currency, E> {
                Currency::from_code(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

impl Currency {
    /// UAE Dirham.
    pub const AED: Currency = Currency::new(*b"AED", 784, 2);
    /// Afghani.
    pub const AFN: Currency = Currency::new(*b"AFN", 971, 2);
    /// Lek.
    pub const ALL: Currency = Currency::new(*b"ALL", 8, 2);
    /// Armenian Dram.
    pub const AMD: Currency = Currency::new(*b"AMD", 51, 2);
    /// Kwanza.
    pub const AOA: Currency = Currency::new(*b"AOA", 973, 2);
    /// Argentine Peso.
    pub const ARS: Currency = Currency::new(*b"ARS", 32, 2);
    /// Australian Dollar.
    pub const AUD: Currency = Currency::new(*b"AUD", 36, 2);
    /// Aruban Florin.
    pub const AWG: Currency = Currency::new(*b"AWG", 533, 2);
    /// Azerbaijan Manat.
    pub const AZN: Currency = Currency::new(*b"AZN", 944, 2);
    /// Convertible Mark.
    pub const BAM: Currency = Currency::new(*b"BAM", 977, 2);
    /// Barbados Dollar.
    pub const BBD: Currency = Currency::new(*b"BBD", 52, 2);
    /// Taka.
    pub const BDT: Currency = Currency::new(*b"BDT", 50, 2);
    /// Bulgarian Lev.
    pub const BGN: Currency = Currency::new(*b"BGN", 975, 2);
    /// Bahraini Dinar.
    pub const BHD: Currency = Currency::new(*b"BHD", 48, 3);
    /// Burundi Franc.
    pub const BIF: Currency = Currency::new(*b"BIF", 108, 0);
    /// Bermudian Dollar.
    pub const BMD: Currency = Currency::new(*b"BMD", 60, 2);
    /// Brunei Dollar.
    pub const BND: Currency = Currency::new(*b"BND", 96, 2);
    /// Boliviano.
    pub const BOB: Currency = Currency::new(*b"BOB", 68, 2);
    /// Mvdol.
    pub const BOV: Currency = Currency::new(*b"BOV", 984, 2);
    /// Brazilian Real.
    pub const BRL: Currency = Currency::new(*b"BRL", 986, 2);
    /// Bahamian Dollar.
    pub const BSD: Currency = Currency::new(*b"BSD", 44, 2);
    /// Ngultrum.
    pub const BTN: Currency = Currency::new(*b"BTN", 64, 2);
    /// Pula.
    pub const BWP: Currency = Currency::new(*b"BWP", 72, 2);
    /// Belarusian Ruble.
    pub const BYN: Currency = Currency::new(*b"BYN", 933, 2);
    /// Belize Dollar.
    pub const BZD: Currency = Currency::new(*b"BZD", 84, 2);
    /// Canadian Dollar.
    pub const CAD: Currency = Currency::new(*b"CAD", 124, 2);
    /// Congolese Franc.
    pub const CDF: Currency = Currency::new(*b"CDF", 976, 2);
    /// WIR Euro.
    pub const CHE: Currency = Currency::new(*b"CHE", 947, 2);
    /// Swiss Franc.
    pub const CHF: Currency = Currency::new(*b"CHF", 756, 2);
    /// WIR Franc.
    pub const CHW: Currency = Currency::new(*b"CHW", 948, 2);
    /// Unidad de Fomento.
    pub const CLF: Currency = Currency::new(*b"CLF", 990, 4);
    /// Chilean Peso.
    pub const CLP: Currency = Currency::new(*b"CLP", 152, 0);
    /// Yuan Renminbi.
    pub const CNY: Currency = Currency::new(*b"CNY", 156, 2);
    /// Colombian Peso.
    pub const COP: Currency = Currency::new(*b"COP", 170, 2);
    /// Unidad de Valor Real.
    pub const COU: Currency = Currency::new(*b"COU", 970, 2);
    /// Costa Rican Colon.
    pub const CRC: Currency = Currency::new(*b"CRC", 188, 2);
    /// Cuban Peso.
    pub const CUP: Currency = Currency::new(*b"CUP", 192, 2);
    /// Cabo Verde Escudo.
    pub const CVE: Currency = Currency::new(*b"CVE", 132, 2);
    /// Czech Koruna.
    pub const CZK: Currency = Currency::new(*b"CZK", 203, 2);
    /// Djibouti Franc.
    pub const DJF: Currency = Currency::new(*b"DJF", 262, 0);
    /// Danish Krone.
    pub const DKK: Currency = Currency::new(*b"DKK", 208, 2);
    /// Dominican Peso.
    pub const DOP: Currency = Currency::new(*b"DOP", 214, 2);
    /// Algerian Dinar.
    pub const DZD: Currency = Currency::new(*b"DZD", 12, 2);
    /// Egyptian Pound.
    pub const EGP: Currency = Currency::new(*b"EGP", 818, 2);
    /// Nakfa.
    pub const ERN: Currency = Currency::new(*b"ERN", 232, 2);
    /// Ethiopian Birr.
    pub const ETB: Currency = Currency::new(*b"ETB", 230, 2);
    /// Euro.
    pub const EUR: Currency = Currency::new(*b"EUR", 978, 2);
    /// Fiji Dollar.
    pub const FJD: Currency = Currency::new(*b"FJD", 242, 2);
    /// Falkland Islands Pound.
    pub const FKP: Currency = Currency::new(*b"FKP", 238, 2);
    /// Pound Sterling.
    pub const GBP: Currency = Currency::new(*b"GBP", 826, 2);
    /// Lari.
    pub const GEL: Currency = Currency::new(*b"GEL", 981, 2);
    /// Ghana Cedi.
    pub const GHS: Currency = Currency::new(*b"GHS", 936, 2);
    /// Gibraltar Pound.
    pub const GIP: Currency = Currency::new(*b"GIP", 292, 2);
    /// Dalasi.
    pub const GMD: Currency = Currency::new(*b"GMD", 270, 2);
    /// Guinean Franc.
    pub const GNF: Currency = Currency::new(*b"GNF", 324, 0);
    /// Quetzal.
    pub const GTQ: Currency = Currency::new(*b"GTQ", 320, 2);
    /// Guyana Dollar.
    pub const GYD: Currency = Currency::new(*b"GYD", 328, 2);
    /// Hong Kong Dollar.
    pub const HKD: Currency = Currency::new(*b"HKD", 344, 2);
    /// Lempira.
    pub const HNL: Currency = Currency::new(*b"HNL", 340, 2);
    /// Gourde.
    pub const HTG: Currency = Currency::new(*b"HTG", 332, 2);
    /// Forint.
    pub const HUF: Currency = Currency::new(*b"HUF", 348, 2);
    /// Rupiah.
    pub const IDR: Currency = Currency::new(*b"IDR", 360, 2);
    /// New Israeli Sheqel.
    pub const ILS: Currency = Currency::new(*b"ILS", 376, 2);
    /// Indian Rupee.
    pub const INR: Currency = Currency::new(*b"INR", 356, 2);
    /// Iraqi Dinar.
    pub const IQD: Currency = Currency::new(*b"IQD", 368, 3);
    /// Iranian Rial.
    pub const IRR: Currency = Currency::new(*b"IRR", 364, 2);
    /// Iceland Krona.
    pub const ISK: Currency = Currency::new(*b"ISK", 352, 0);
    /// Jamaican Dollar.
    pub const JMD: Currency = Currency::new(*b"JMD", 388, 2);
    /// Jordanian Dinar.
    pub const JOD: Currency = Currency::new(*b"JOD", 400, 3);
    /// Yen.
    pub const JPY: Currency = Currency::new(*b"JPY", 392, 0);
    /// Kenyan Shilling.
    pub const KES: Currency = Currency::new(*b"KES", 404, 2);
    /// Som.
    pub const KGS: Currency = Currency::new(*b"KGS", 417, 2);
    /// Riel.
    pub const KHR: Currency = Currency::new(*b"KHR", 116, 2);
    /// Comorian Franc.
    pub const KMF: Currency = Currency::new(*b"KMF", 174, 0);
    /// North Korean Won.
    pub const KPW: Currency = Currency::new(*b"KPW", 408, 2);
    /// Won.
    pub const KRW: Currency = Currency::new(*b"KRW", 410, 0);
    /// Kuwaiti Dinar.
    pub const KWD: Currency = Currency::new(*b"KWD", 414, 3);
    /// Cayman Islands Dollar.
    pub const KYD: Currency = Currency::new(*b"KYD", 136, 2);
    /// Tenge.
    pub const KZT: Currency = Currency::new(*b"KZT", 398, 2);
    /// Lao Kip.
    pub const LAK: Currency = Currency::new(*b"LAK", 418, 2);
    /// Lebanese Pound.
    pub const LBP: Currency = Currency::new(*b"LBP", 422, 2);
    /// Sri Lanka Rupee.
    pub const LKR: Currency = Currency::new(*b"LKR", 144, 2);
    /// Liberian Dollar.
    pub const LRD: Currency = Currency::new(*b"LRD", 430, 2);
    /// Loti.
    pub const LSL: Currency = Currency::new(*b"LSL", 426, 2);
    /// Libyan Dinar.
    pub const LYD: Currency = Currency::new(*b"LYD", 434, 3);
    /// Moroccan Dirham.
    pub const MAD: Currency = Currency::new(*b"MAD", 504, 2);
    /// Moldovan Leu.
    pub const MDL: Currency = Currency::new(*b"MDL", 498, 2);
    /// Malagasy Ariary.
    pub const MGA: Currency = Currency::new(*b"MGA", 969, 2);
    /// Denar.
    pub const MKD: Currency = Currency::new(*b"MKD", 807, 2);
    /// Kyat.
    pub const MMK: Currency = Currency::new(*b"MMK", 104, 2);
    /// Tugrik.
    pub const MNT: Currency = Currency::new(*b"MNT", 496, 2);
    /// Pataca.
    pub const MOP: Currency = Currency::new(*b"MOP", 446, 2);
    /// Ouguiya.
    pub const MRU: Currency = Currency::new(*b"MRU", 929, 2);
    /// Mauritius Rupee.
    pub const MUR: Currency = Currency::new(*b"MUR", 480, 2);
    /// Rufiyaa.
    pub const MVR: Currency = Currency::new(*b"MVR", 462, 2);
    /// Malawi Kwacha.
    pub const MWK: Currency = Currency::new(*b"MWK", 454, 2);
    /// Mexican Peso.
    pub const MXN: Currency = Currency::new(*b"MXN", 484, 2);
    /// Mexican Unidad de Inversion (UDI).
    pub const MXV: Currency = Currency::new(*b"MXV", 979, 2);
    /// Malaysian Ringgit.
    pub const MYR: Currency = Currency::new(*b"MYR", 458, 2);
    /// Mozambique Metical.
    pub const MZN: Currency = Currency::new(*b"MZN", 943, 2);
    /// Namibia Dollar.
    pub const NAD: Currency = Currency::new(*b"NAD", 516, 2);
    /// Naira.
    pub const NGN: Currency = Currency::new(*b"NGN", 566, 2);
    /// Cordoba Oro.
    pub const NIO: Currency = Currency::new(*b"NIO", 558, 2);
    /// Norwegian Krone.
    pub const NOK: Currency = Currency::new(*b"NOK", 578, 2);
    /// Nepalese Rupee.
    pub const NPR: Currency = Currency::new(*b"NPR", 524, 2);
    /// New Zealand Dollar.
    pub const NZD: Currency = Currency::new(*b"NZD", 554, 2);
    /// Rial Omani.
    pub const OMR: Currency = Currency::new(*b"OMR", 512, 3);
    /// Balboa.
    pub const PAB: Currency = Currency::new(*b"PAB", 590, 2);
    /// Sol.
    pub const PEN: Currency = Currency::new(*b"PEN", 604, 2);
    /// Kina.
    pub const PGK: Currency = Currency::new(*b"PGK", 598, 2);
    /// Philippine Peso.
    pub const PHP: Currency = Currency::new(*b"PHP", 608, 2);
    /// Pakistan Rupee.
    pub const PKR: Currency = Currency::new(*b"PKR", 586, 2);
    /// Zloty.
    pub const PLN: Currency = Currency::new(*b"PLN", 985, 2);
    /// Guarani.
    pub const PYG: Currency = Currency::new(*b"PYG", 600, 0);
    /// Qatari Rial.
    pub const QAR: Currency = Currency::new(*b"QAR", 634, 2);
    /// Romanian Leu.
    pub const RON: Currency = Currency::new(*b"RON", 946, 2);
    /// Serbian Dinar.
    pub const RSD: Currency = Currency::new(*b"RSD", 941, 2);
    /// Russian Ruble.
    pub const RUB: Currency = Currency::new(*b"RUB", 643, 2);
    /// Rwanda Franc.
    pub const RWF: Currency = Currency::new(*b"RWF", 646, 0);
    /// Saudi Riyal.
    pub const SAR: Currency = Currency::new(*b"SAR", 682, 2);
    /// Solomon Islands Dollar.
    pub const SBD: Currency = Currency::new(*b"SBD", 90, 2);
    /// Seychelles Rupee.
    pub const SCR: Currency = Currency::new(*b"SCR", 690, 2);
    /// Sudanese Pound.
    pub const SDG: Currency = Currency::new(*b"SDG", 938, 2);
    /// Swedish Krona.
    pub const SEK: Currency = Currency::new(*b"SEK", 752, 2);
    /// Singapore Dollar.
    pub const SGD: Currency = Currency::new(*b"SGD", 702, 2);
    /// Saint Helena Pound.
    pub const SHP: Currency = Currency::new(*b"SHP", 654, 2);
    /// Leone.
    pub const SLE: Currency = Currency::new(*b"SLE", 925, 2);
    /// Somali Shilling.
    pub const SOS: Currency = Currency::new(*b"SOS", 706, 2);
    /// Surinam Dollar.
    pub const SRD: Currency = Currency::new(*b"SRD", 968, 2);
    /// South Sudanese Pound.
    pub const SSP: Currency = Currency::new(*b"SSP", 728, 2);
    /// Dobra.
    pub const STN: Currency = Currency::new(*b"STN", 930, 2);
    /// El Salvador Colon.
    pub const SVC: Currency = Currency::new(*b"SVC", 222, 2);
    /// Syrian Pound.
    pub const SYP: Currency = Currency::new(*b"SYP", 760, 2);
    /// Lilangeni.
    pub const SZL: Currency = Currency::new(*b"SZL", 748, 2);
    /// Baht.
    pub const THB: Currency = Currency::new(*b"THB", 764, 2);
    /// Somoni.
    pub const TJS: Currency = Currency::new(*b"TJS", 972, 2);
    /// Turkmenistan New Manat.
    pub const TMT: Currency = Currency::new(*b"TMT", 934, 2);
    /// Tunisian Dinar.
    pub const TND: Currency = Currency::new(*b"TND", 788, 3);
    /// Pa’anga.
    pub const TOP: Currency = Currency::new(*b"TOP", 776, 2);
    /// Turkish Lira.
    pub const TRY: Currency = Currency::new(*b"TRY", 949, 2);
    /// Trinidad and Tobago Dollar.
    pub const TTD: Currency = Currency::new(*b"TTD", 780, 2);
    /// New Taiwan Dollar.
    pub const TWD: Currency = Currency::new(*b"TWD", 901, 2);
    /// Tanzanian Shilling.
    pub const TZS: Currency = Currency::new(*b"TZS", 834, 2);
    /// Hryvnia.
    pub const UAH: Currency = Currency::new(*b"UAH", 980, 2);
    /// Uganda Shilling.
    pub const UGX: Currency = Currency::new(*b"UGX", 800, 0);
    /// US Dollar.
    pub const USD: Currency = Currency::new(*b"USD", 840, 2);
    /// US Dollar (Next day).
    pub const USN: Currency = Currency::new(*b"USN", 997, 2);
    /// Uruguay Peso en Unidades Indexadas (UI).
    pub const UYI: Currency = Currency::new(*b"UYI", 940, 0);
    /// Peso Uruguayo.
    pub const UYU: Currency = Currency::new(*b"UYU", 858, 2);
    /// Unidad Previsional.
    pub const UYW: Currency = Currency::new(*b"UYW", 927, 4);
    /// Uzbekistan Sum.
    pub const UZS: Currency = Currency::new(*b"UZS", 860, 2);
    /// Bolívar Soberano.
    pub const VED: Currency = Currency::new(*b"VED", 926, 2);
    /// Bolívar Soberano.
    pub const VES: Currency = Currency::new(*b"VES", 928, 2);
    /// Dong.
    pub const VND: Currency = Currency::new(*b"VND", 704, 0);
    /// Vatu.
    pub const VUV: Currency = Currency::new(*b"VUV", 548, 0);
    /// Tala.
    pub const WST: Currency = Currency::new(*b"WST", 882, 2);
    /// Arab Accounting Dinar.
    pub const XAD: Currency = Currency::new(*b"XAD", 396, 2);
    /// CFA Franc BEAC.
    pub const XAF: Currency = Currency::new(*b"XAF", 950, 0);
    /// East Caribbean Dollar.
    pub const XCD: Currency = Currency::new(*b"XCD", 951, 2);
    /// Caribbean Guilder.
    pub const XCG: Currency = Currency::new(*b"XCG", 532, 2);
    /// CFA Franc BCEAO.
    pub const XOF: Currency = Currency::new(*b"XOF", 952, 0);
    /// CFP Franc.
    pub const XPF: Currency = Currency::new(*b"XPF", 953, 0);
    /// Yemeni Rial.
    pub const YER: Currency = Currency::new(*b"YER", 886, 2);
    /// Rand.
    pub const ZAR: Currency = Currency::new(*b"ZAR", 710, 2);
    /// Zambian Kwacha.
    pub const ZMW: Currency = Currency::new(*b"ZMW", 967, 2);
    /// Zimbabwe Gold.
    pub const ZWG: Currency = Currency::new(*b"ZWG", 924, 2);
}

/// Every active ISO 4217 currency, sorted by alphabetic code.
pub(crate) const TABLE: &[Currency] = &[
    Currency::AED,
    Currency::AFN,
    Currency::ALL,
    Currency::AMD,
    Currency::AOA,
    Currency::ARS,
    Currency::AUD,
    Currency::AWG,
    Currency::AZN,
    Currency::BAM,
    Currency::BBD,
    Currency::BDT,
    Currency::BGN,
    Currency::BHD,
    Currency::BIF,
    Currency::BMD,
    Currency::BND,
    Currency::BOB,
    Currency::BOV,
    Currency::BRL,
    Currency::BSD,
    Currency::BTN,
    Currency::BWP,
    Currency::BYN,
    Currency::BZD,
    Currency::CAD,
    Currency::CDF,
    Currency::CHE,
    Currency::CHF,
    Currency::CHW,
    Currency::CLF,
    Currency::CLP,
    Currency::CNY,
    Currency::COP,
    Currency::COU,
    Currency::CRC,
    Currency::CUP,
    Currency::CVE,
    Currency::CZK,
    Currency::DJF,
    Currency::DKK,
    Currency::DOP,
    Currency::DZD,
    Currency::EGP,
    Currency::ERN,
    Currency::ETB,
    Currency::EUR,
    Currency::FJD,
    Currency::FKP,
    Currency::GBP,
    Currency::GEL,
    Currency::GHS,
    Currency::GIP,
    Currency::GMD,
    Currency::GNF,
    Currency::GTQ,
    Currency::GYD,
    Currency::HKD,
    Currency::HNL,
    Currency::HTG,
    Currency::HUF,
    Currency::IDR,
    Currency::ILS,
    Currency::INR,
    Currency::IQD,
    Currency::IRR,
    Currency::ISK,
    Currency::JMD,
    Currency::JOD,
    Currency::JPY,
    Currency::KES,
    Currency::KGS,
    Currency::KHR,
    Currency::KMF,
    Currency::KPW,
    Currency::KRW,
    Currency::KWD,
    Currency::KYD,
    Currency::KZT,
    Currency::LAK,
    Currency::LBP,
    Currency::LKR,
    Currency::LRD,
    Currency::LSL,
    Currency::LYD,
    Currency::MAD,
    Currency::MDL,
    Currency::MGA,
    Currency::MKD,
    Currency::MMK,
    Currency::MNT,
    Currency::MOP,
    Currency::MRU,
    Currency::MUR,
    Currency::MVR,
    Currency::MWK,
    Currency::MXN,
    Currency::MXV,
    Currency::MYR,
    Currency::MZN,
    Currency::NAD,
    Currency::NGN,
    Currency::NIO,
    Currency::NOK,
    Currency::NPR,
    Currency::NZD,
    Currency::OMR,
    Currency::PAB,
    Currency::PEN,
    Currency::PGK,
    Currency::PHP,
    Currency::PKR,
    Currency::PLN,
    Currency::PYG,
    Currency::QAR,
    Currency::RON,
    Currency::RSD,
    Currency::RUB,
    Currency::RWF,
    Currency::SAR,
    Currency::SBD,
    Currency::SCR,
    Currency::SDG,
    Currency::SEK,
    Currency::SGD,
    Currency::SHP,
    Currency::SLE,
    Currency::SOS,
    Currency::SRD,
    Currency::SSP,
    Currency::STN,
    Currency::SVC,
    Currency::SYP,
    Currency::SZL,
    Currency::THB,
    Currency::TJS,
    Currency::TMT,
    Currency::TND,
    Currency::TOP,
    Currency::TRY,
    Currency::TTD,
    Currency::TWD,
    Currency::TZS,
    Currency::UAH,
    Currency::UGX,
    Currency::USD,
    Currency::USN,
    Currency::UYI,
    Currency::UYU,
    Currency::UYW,
    Currency::UZS,
    Currency::VED,
    Currency::VES,
    Currency::VND,
    Currency::VUV,
    Currency::WST,
    Currency::XAD,
    Currency::XAF,
    Currency::XCD,
    Currency::XCG,
    Currency::XOF,
    Currency::XPF,
    Currency::YER,
    Currency::ZAR,
    Currency::ZMW,
    Currency::ZWG,
];
