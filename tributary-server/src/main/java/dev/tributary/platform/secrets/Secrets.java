package dev.tributary.platform.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.tributary.platform.logging.KnownSecrets;

/**
 * Everything Tributary does with secrets: generating them, hashing those that are only compared,
 * and encrypting (AES-GCM) those that must be read back, such as provider tokens and signature keys.
 * <p>
 * Ciphertexts are bound to a context string (for example {@code "instance:42:oauth.user.token"}),
 * so a value copied into another row or field does not decrypt.
 */
public final class Secrets {

    public static final int KEY_BYTES = 32;

    private static final String CIPHERTEXT_PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int GENERATED_SECRET_BYTES = 32;
    private static final String KEY_CHECK_CONTEXT = "organization:key-check";
    private static final String KEY_CHECK_VALUE = "tributary";

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec hashingKey;
    private final SecureRandom random = new SecureRandom();

    public Secrets(byte[] masterKey) {
        if (masterKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("The master key must be " + KEY_BYTES + " bytes, not " + masterKey.length);
        }
        // Separate subkeys, so that a hash can never be confused with a ciphertext's key stream.
        this.encryptionKey = new SecretKeySpec(hmac(masterKey, "tributary/encryption"), "AES");
        this.hashingKey = new SecretKeySpec(hmac(masterKey, "tributary/secret-hash"), "HmacSHA256");
    }

    /** A new random secret of 256 bits, URL-safe, fit for headers and URLs. */
    public String generate() {
        byte[] bytes = new byte[GENERATED_SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        KnownSecrets.register(secret);
        return secret;
    }

    /**
     * A keyed hash of a secret that is only ever compared. Keyed with the master key, so a copy
     * of the database alone does not allow guessing weak secrets offline.
     */
    public String hash(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashingKey);
            return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether {@code secret} hashes to {@code expectedHash}, compared in constant time. */
    public boolean matches(String secret, String expectedHash) {
        if (secret == null || expectedHash == null) {
            return false;
        }
        return constantTimeEquals(hash(secret), expectedHash);
    }

    /** Encrypts a secret for {@code context}; from now on no log line shows it. */
    public String encrypt(String plaintext, String context) {
        KnownSecrets.register(plaintext);
        return seal(plaintext, context);
    }

    /**
     * A value that proves, later, that the same master key is in use: the store keeps it and
     * {@link #opensKeyCheck} reads it at each start. Not a secret, so not masked in logs.
     */
    public String sealKeyCheck() {
        return seal(KEY_CHECK_VALUE, KEY_CHECK_CONTEXT);
    }

    /** Whether {@code stored} was made by {@link #sealKeyCheck} under this master key. */
    public boolean opensKeyCheck(String stored) {
        try {
            return KEY_CHECK_VALUE.equals(open(stored, KEY_CHECK_CONTEXT));
        } catch (TamperedSecretException e) {
            return false;
        }
    }

    private String seal(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return CIPHERTEXT_PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Reverses {@link #encrypt} for the same context.
     *
     * @throws TamperedSecretException when the value was altered, encrypted under another key or
     *                                 for another context
     */
    public String decrypt(String ciphertext, String context) {
        String secret = open(ciphertext, context);
        KnownSecrets.register(secret);
        return secret;
    }

    private String open(String ciphertext, String context) {
        if (ciphertext == null || !ciphertext.startsWith(CIPHERTEXT_PREFIX)) {
            throw new TamperedSecretException("not a Tributary ciphertext");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(ciphertext.substring(CIPHERTEXT_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new TamperedSecretException("ciphertext is not base64");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new TamperedSecretException("ciphertext is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new TamperedSecretException("authentication tag does not match");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /** Compares two strings in time that depends only on their lengths. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
