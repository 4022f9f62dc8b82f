package io.otp4j.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key of a cluster's encrypted frames, derived from its shared secret with HKDF-SHA256 (RFC 5869) under
 * a fixed salt and info string, so every member with the secret derives the same key and no key file is needed. The
 * info string keeps this key apart from every other use of the secret (the join token's HMAC).
 */
public final class ClusterKey {

    /** HKDF's salt: fixed, public, the same on every node. */
    static final String SALT = "otp4j-cluster-v1";

    /** HKDF's info: what the key is for. */
    static final String INFO = "otp4j cluster frames, AES-256-GCM";

    private static final String HMAC = "HmacSHA256";
    private static final int KEY_BYTES = 32;

    private ClusterKey() {}

    /**
     * {@return the AES key of the clusters whose secret is {@code secret}}
     *
     * @param secret the cluster's shared secret
     */
    public static SecretKey derive(String secret) {
        try {
            byte[] prk = hmac(SALT.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
            byte[] info = INFO.getBytes(StandardCharsets.UTF_8);
            byte[] block = Arrays.copyOf(info, info.length + 1);
            block[info.length] = 1; // one block of HMAC-SHA256 is the 32 bytes of the key
            byte[] okm = hmac(prk, block);
            return new SecretKeySpec(Arrays.copyOf(okm, KEY_BYTES), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(HMAC);
        mac.init(new SecretKeySpec(key, HMAC));
        return mac.doFinal(data);
    }
}
