package io.otp4j.cluster;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Several frames for one member in one JGroups message (ADR 27): the magic byte, the version, the kind {@link
 * #BATCH}, a count, then each frame as an int length and its bytes, and nothing after. A receiver checks the whole
 * layout before it decodes any frame, so a malformed batch is one bad frame, of which nothing is delivered; a
 * frame inside a well-formed batch is decoded like one that came alone.
 */
final class Batch {

    /** The frame kind of a batch: apart from the kinds of {@link Frame}, so that new kinds never meet it. */
    static final byte BATCH = 64;

    /** The fewest bytes of a frame: magic, version, kind. */
    private static final int MIN_FRAME = 3;

    private Batch() {}

    /** {@return the bytes of a batch of {@code frames}}, each already encoded */
    static byte[] pack(List<byte[]> frames) {
        int size = PeerQueue.BATCH_HEADER;
        for (byte[] frame : frames) {
            size = size + PeerQueue.BATCH_PER_FRAME + frame.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(Codec.MAGIC).put(Codec.VERSION).put(BATCH).putInt(frames.size());
        for (byte[] frame : frames) {
            out.putInt(frame.length).put(frame);
        }
        return out.array();
    }

    /** {@return whether the {@code length} bytes of {@code bytes} from {@code offset} claim to be a batch} */
    static boolean claims(byte[] bytes, int offset, int length) {
        return length >= MIN_FRAME && bytes[offset] == Codec.MAGIC && bytes[offset + 2] == BATCH;
    }

    /**
     * {@return the offset and length of each frame in the batch}, in order: {@code [offset0, length0, offset1,
     * ...]}
     *
     * @throws BadFrameException if the batch is over {@code maxFrameBytes}, of another version, or its count and
     *     lengths do not account for exactly its bytes
     */
    static int[] unpack(byte[] bytes, int offset, int length, int maxFrameBytes) throws BadFrameException {
        if (length > maxFrameBytes) {
            throw new BadFrameException("a batch of " + length + " bytes is over the limit of " + maxFrameBytes);
        }
        if (length < PeerQueue.BATCH_HEADER) {
            throw new BadFrameException("a truncated batch");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        in.get(); // the magic byte, which claims() saw
        byte version = in.get();
        if (version != Codec.VERSION) {
            throw new BadFrameException("batch version " + version + ", this node reads " + Codec.VERSION);
        }
        in.get(); // the kind, which claims() saw
        int count = in.getInt();
        if (count < 1 || (long) count * (PeerQueue.BATCH_PER_FRAME + MIN_FRAME) > in.remaining()) {
            throw new BadFrameException("a batch count of " + count + " with " + in.remaining() + " bytes left");
        }
        int[] bounds = new int[2 * count];
        for (int i = 0; i < count; i++) {
            if (in.remaining() < PeerQueue.BATCH_PER_FRAME) {
                throw new BadFrameException("a batch truncated at its frame " + i + " of " + count);
            }
            int frameLength = in.getInt();
            if (frameLength < MIN_FRAME || frameLength > in.remaining()) {
                throw new BadFrameException("frame " + i + " of a batch claims " + frameLength + " bytes, with "
                        + in.remaining() + " left");
            }
            bounds[2 * i] = in.position();
            bounds[2 * i + 1] = frameLength;
            in.position(in.position() + frameLength);
        }
        if (in.hasRemaining()) {
            throw new BadFrameException(in.remaining() + " bytes after the end of the batch");
        }
        return bounds;
    }
}
