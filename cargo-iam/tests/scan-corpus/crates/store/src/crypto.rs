//! Envelope encryption with KMS.

use aws_sdk_kms::Client as Kms;
use aws_sdk_kms::primitives::Blob;

const KEY_ALIAS: &str = "alias/app-data";

pub struct Envelope {
    kms: Kms,
}

impl Envelope {
    pub fn new(kms: Kms) -> Envelope {
        Envelope { kms }
    }

    pub async fn new_data_key(&self) -> Result<Vec<u8>, String> {
        let out = self
            .kms
            .generate_data_key()
            .key_id(KEY_ALIAS)
            .number_of_bytes(32)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        Ok(out.plaintext().map(|b| b.as_ref().to_vec()).unwrap_or_default())
    }

    pub async fn open(&self, blob: Vec<u8>) -> Result<Vec<u8>, String> {
        let out = self
            .kms
            .decrypt()
            .ciphertext_blob(Blob::new(blob))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        Ok(out.plaintext().map(|b| b.as_ref().to_vec()).unwrap_or_default())
    }
}
