//! A stand-in for the SDK client: the same call shape, no network.

pub struct Client;

pub struct Builder {
    pub body: Vec<u8>,
}

pub struct Output {
    pub body: Vec<u8>,
}

impl Client {
    pub fn get_object(&self) -> Builder {
        Builder { body: Vec::new() }
    }

    pub fn put_object(&self) -> Builder {
        Builder { body: Vec::new() }
    }
}

impl Builder {
    pub fn bucket(self, _: impl Into<String>) -> Self {
        self
    }

    pub fn key(self, _: impl Into<String>) -> Self {
        self
    }

    pub fn body(self, body: Vec<u8>) -> Self {
        Builder { body }
    }

    pub async fn send(self) -> Result<Output, String> {
        Ok(Output { body: self.body })
    }
}
