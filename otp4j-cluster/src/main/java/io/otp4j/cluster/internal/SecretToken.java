package io.otp4j.cluster.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.auth.AuthToken;
import org.jgroups.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The proof a node gives when it joins (and a coordinator when it answers): a fresh random nonce and an
 * HMAC-SHA256, keyed with the cluster's shared secret, over the nonce, the sender's own address and whether it
 * encrypts its frames. The secret never travels; a token copied from the wire proves nothing for another address,
 * and a node that encrypts and one that does not refuse each other as if their secrets differed.
 *
 * <p>Public only because JGroups' AUTH rebuilds the token it reads by its class name; the package is exported to
 * JGroups alone.
 */
public final class SecretToken extends AuthToken {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int NONCE_BYTES = 16;
    private static final int MAC_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte @Nullable [] secret;
    private final boolean encrypted;
    private byte[] nonce = new byte[0];
    private byte[] mac = new byte[0];

    /** The token as JGroups reads it from the wire: no secret, only what the far side sent. */
    public SecretToken() {
        this.secret = null;
        this.encrypted = false;
    }

    /**
     * The local token, which signs what this node sends and checks what others send; {@code encrypted} says
     * whether this node encrypts its frames, and only a node of the same setting passes.
     *
     * @param secret the cluster's shared secret
     * @param encrypted whether this node encrypts its frames
     */
    public SecretToken(String secret, boolean encrypted) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.encrypted = encrypted;
    }

    @Override
    public String getName() {
        return "otp4j-hmac-sha256";
    }

    @Override
    public int size() {
        return 2 + NONCE_BYTES + MAC_BYTES;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        byte[] key = secret;
        Address self = auth == null ? null : auth.getAddress();
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        byte[] m = key == null || self == null ? new byte[MAC_BYTES] : mac(key, n, self, encrypted);
        out.writeByte(n.length);
        out.write(n);
        out.writeByte(m.length);
        out.write(m);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        nonce = readBytes(in, NONCE_BYTES);
        mac = readBytes(in, MAC_BYTES);
    }

    private static byte[] readBytes(DataInput in, int expected) throws IOException {
        int length = in.readUnsignedByte();
        if (length != expected) {
            throw new IOException("bad token: " + length + " bytes where " + expected + " were expected");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    @Override
    public boolean authenticate(AuthToken token, Message msg) {
        if (token == this) {
            // A request this node sends itself (a merge leader is one of the merged) is not serialized: it carries
            // this very token, which nobody else can hold. A token read from the wire is always a new instance.
            return true;
        }
        byte[] key = secret;
        Address sender = msg.getSrc();
        if (key == null || sender == null || !(token instanceof SecretToken other) || other.mac.length == 0) {
            return false;
        }
        return MessageDigest.isEqual(mac(key, other.nonce, sender, encrypted), other.mac);
    }

    private static byte[] mac(byte[] key, byte[] nonce, Address address, boolean encrypted) {
        try {
            Mac hmac = Mac.getInstance(ALGORITHM);
            hmac.init(new SecretKeySpec(key, ALGORITHM));
            hmac.update(nonce);
            hmac.update((byte) (encrypted ? 1 : 0));
            String id = address instanceof UUID uuid ? uuid.toStringLong() : address.toString();
            return hmac.doFinal(id.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return getName();
    }
}
