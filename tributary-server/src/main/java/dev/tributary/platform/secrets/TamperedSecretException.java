package dev.tributary.platform.secrets;

/** A stored ciphertext that does not decrypt: altered, or sealed under another key or context. */
class TamperedSecretException extends RuntimeException {

    public TamperedSecretException(String reason) {
        super("Encrypted value cannot be decrypted: " + reason);
    }
}
