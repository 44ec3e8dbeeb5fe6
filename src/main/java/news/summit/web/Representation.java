package news.summit.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.util.function.SingletonSupplier;

/**
 * One representation of a resource, rendered once: its bytes in each content coding, each with
 * its own strong ETag and {@code Repr-Digest} (RFC 9530), all derived from the bytes alone, so
 * they are the same on every replica and after every restart. The gzip form, for bodies of
 * {@link #GZIP_THRESHOLD} bytes and more, is compressed and hashed the first time a client
 * takes it.
 */
public final class Representation {

    /** Smaller bodies gain too little from compression to pay for it. */
    static final int GZIP_THRESHOLD = 1024;

    private final MediaType mediaType;

    private final String metricLabel;

    private final Body identity;

    private final @Nullable Supplier<Body> gzip;

    private Representation(MediaType mediaType, byte[] bytes) {
        this.mediaType = mediaType;
        this.metricLabel = "text".equals(mediaType.getType()) && "plain".equals(mediaType.getSubtype()) ? "text"
                : mediaType.getSubtype();
        this.identity = new Body(bytes, "identity");
        this.gzip = (bytes.length >= GZIP_THRESHOLD) ? SingletonSupplier.of(() -> new Body(gzip(bytes), "gzip")) : null;
    }

    /** @param bytes the rendered bytes, which the representation keeps: never change them after */
    public static Representation of(MediaType mediaType, byte[] bytes) {
        return new Representation(mediaType, bytes);
    }

    public MediaType mediaType() {
        return this.mediaType;
    }

    /** Its name in metrics: its subtype (json, markdown, ld+json), or text for text/plain. */
    String metricLabel() {
        return this.metricLabel;
    }

    /** Writes the identity bytes, as a client that takes no coding receives them. */
    public void writeTo(OutputStream out) throws IOException {
        this.identity.writeTo(out);
    }

    /** Whether a gzip form exists, so that the response varies by {@code Accept-Encoding}. */
    boolean compressible() {
        return this.gzip != null;
    }

    /** The form to send: gzip when there is one and the client takes it. */
    Body body(boolean gzipAccepted) {
        return (gzipAccepted && this.gzip != null) ? this.gzip.get() : this.identity;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** Bytes in one content coding, with their validators. */
    static final class Body {

        private final byte[] bytes;

        private final String eTag;

        private final String reprDigest;

        private final String coding;

        private Body(byte[] bytes, String coding) {
            byte[] sha256 = sha256(bytes);
            this.bytes = bytes;
            this.eTag = "\"" + HexFormat.of().formatHex(sha256, 0, 16) + "\"";
            this.reprDigest = "sha-256=:" + Base64.getEncoder().encodeToString(sha256) + ":";
            this.coding = coding;
        }

        /** Its content coding: gzip, or identity. */
        String coding() {
            return this.coding;
        }

        String eTag() {
            return this.eTag;
        }

        String reprDigest() {
            return this.reprDigest;
        }

        int length() {
            return this.bytes.length;
        }

        void writeTo(OutputStream out) throws IOException {
            out.write(this.bytes);
        }

        private static byte[] sha256(byte[] bytes) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(bytes);
            }
            catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException("Every Java platform has SHA-256", ex);
            }
        }

    }

}
