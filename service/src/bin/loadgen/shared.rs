//! Sending one request many times without copying it: the call's message
//! is an `Arc` of the request, encoded afresh for every call (the encoding
//! is part of the work measured; cloning thousands of credit lines per call
//! is not — a real client builds its request once).

use core::marker::PhantomData;
use std::sync::Arc;

use prost::Message;
use tonic::codec::{Codec, EncodeBuf, Encoder};
use tonic::Status;
use tonic_prost::{ProstCodec, ProstDecoder};

/// Encodes `Arc<T>`, decodes `U` with prost.
#[derive(Debug)]
pub struct SharedCodec<T, U>(PhantomData<(T, U)>);

impl<T, U> Default for SharedCodec<T, U> {
    fn default() -> Self {
        SharedCodec(PhantomData)
    }
}

impl<T, U> Codec for SharedCodec<T, U>
where
    T: Message + Send + Sync + 'static,
    U: Message + Default + Send + 'static,
{
    type Encode = Arc<T>;
    type Decode = U;
    type Encoder = SharedEncoder<T>;
    type Decoder = ProstDecoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        SharedEncoder(PhantomData)
    }

    fn decoder(&mut self) -> Self::Decoder {
        ProstCodec::<U, U>::default().decoder()
    }
}

/// Prost's encoding of the shared request.
#[derive(Debug)]
pub struct SharedEncoder<T>(PhantomData<T>);

impl<T: Message> Encoder for SharedEncoder<T> {
    type Item = Arc<T>;
    type Error = Status;

    fn encode(&mut self, item: Arc<T>, buf: &mut EncodeBuf<'_>) -> Result<(), Status> {
        item.encode(buf)
            .map_err(|e| Status::internal(format!("encode: {e}")))
    }
}
