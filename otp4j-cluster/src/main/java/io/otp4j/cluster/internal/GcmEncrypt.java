package io.otp4j.cluster.internal;

import java.security.Key;
import java.util.concurrent.BlockingQueue;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.EncryptHeader;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.util.Util;
import org.jspecify.annotations.Nullable;

/**
 * JGroups' SYM_ENCRYPT with AES-GCM: every message's payload is encrypted and authenticated under the cluster's
 * key with a fresh random 96-bit nonce, so a changed byte fails the tag and the message is dropped. SYM_ENCRYPT
 * initializes its ciphers with an {@code IvParameterSpec}, which the JDK's GCM refuses; the two places that do so
 * are replaced here with a {@code GCMParameterSpec}. It takes SYM_ENCRYPT's protocol id, as it takes its place.
 */
public final class GcmEncrypt extends SYM_ENCRYPT {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /**
     * With the cluster's {@code key}, an AES key (see {@link ClusterKey}).
     *
     * @param key the cluster's AES key
     */
    public GcmEncrypt(SecretKey key) {
        sym_algorithm = TRANSFORMATION;
        sym_iv_length = NONCE_BYTES;
        setSecretKey(key);
        id = ClassConfigurator.getProtocolId(SYM_ENCRYPT.class);
    }

    @Override
    protected byte[] code(byte[] buf, int offset, int length, byte[] iv, boolean decode) throws Exception {
        BlockingQueue<Cipher> pool = decode ? decoding_ciphers : encoding_ciphers;
        Cipher cipher = pool.take();
        try {
            return run(cipher, decode, secret_key, iv, buf, offset, length);
        } finally {
            pool.offer(cipher);
        }
    }

    @Override
    protected Message _decrypt(@Nullable Cipher cipher, Key key, Message msg, EncryptHeader hdr) throws Exception {
        if (!msg.hasPayload()) {
            return msg;
        }
        byte[] plain = cipher == null
                ? code(msg.getArray(), msg.getOffset(), msg.getLength(), hdr.iv(), true)
                : run(cipher, true, key, hdr.iv(), msg.getArray(), msg.getOffset(), msg.getLength());
        return hdr.needsDeserialization()
                ? Util.messageFromBuffer(plain, 0, plain.length)
                : msg.setArray(plain, 0, plain.length);
    }

    private static byte[] run(Cipher cipher, boolean decode, Key key, byte[] nonce, byte[] buf, int offset, int length)
            throws Exception {
        cipher.init(decode ? Cipher.DECRYPT_MODE : Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        return cipher.doFinal(buf, offset, length);
    }
}
