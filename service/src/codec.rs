//! The protobuf codec of every generated service: prost's, except that a
//! request that does not decode is `INVALID_ARGUMENT`. Prost's codec answers
//! `INTERNAL` (the gRPC status-code table's choice for a peer's parse
//! failure), but bytes a caller sent are the caller's fault, and `INTERNAL`
//! is kept for faults of the service itself.

use core::marker::PhantomData;

use prost::Message;
use tonic::codec::{Codec, DecodeBuf, Decoder};
use tonic::Status;
use tonic_prost::{ProstCodec, ProstDecoder, ProstEncoder};

/// Prost's codec with decode failures answered `INVALID_ARGUMENT`.
#[derive(Debug)]
pub struct RequestCodec<T, U> {
    types: PhantomData<(T, U)>,
}

impl<T, U> Default for RequestCodec<T, U> {
    fn default() -> Self {
        RequestCodec { types: PhantomData }
    }
}

impl<T, U> Codec for RequestCodec<T, U>
where
    T: Message + Send + 'static,
    U: Message + Default + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = ProstEncoder<T>;
    type Decoder = RequestDecoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        ProstCodec::<T, U>::default().encoder()
    }

    fn decoder(&mut self) -> Self::Decoder {
        RequestDecoder(ProstCodec::<T, U>::default().decoder())
    }
}

/// Prost's decoder, its failures mapped to `INVALID_ARGUMENT`.
#[derive(Debug)]
pub struct RequestDecoder<U>(ProstDecoder<U>);

impl<U: Message + Default> Decoder for RequestDecoder<U> {
    type Item = U;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<U>, Status> {
        self.0
            .decode(buf)
            .map_err(|status| Status::invalid_argument(status.message().to_owned()))
    }
}
